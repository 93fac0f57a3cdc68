// Package testdb opens a fresh Balie database from the repository's schema.sql for tests.
package testdb

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"balie/queries"
)

// Schema returns the text of schema.sql, found relative to this file so that any package's tests can
// use it.
func Schema(tb testing.TB) string {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "schema.sql"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Open creates a database in a temporary directory, closed when the test ends.
func Open(tb testing.TB) *queries.DB {
	tb.Helper()
	db, err := queries.Open(context.Background(), filepath.Join(tb.TempDir(), "balie.db"), Schema(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
