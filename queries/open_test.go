package queries_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"balie/internal/testdb"
	"balie/queries"
)

func openTest(t *testing.T) *queries.DB { return testdb.Open(t) }

// Every pooled connection has the pragmas of design.md §4, not only the first.
func TestPragmasOnEveryConnection(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Hold several reader connections at once so that the pool must open distinct ones.
	const n = 4
	var conns []*sql.Conn
	for i := 0; i < n; i++ {
		conn, err := db.Read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
		want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000", "query_only": "1"}
		for pragma, v := range want {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if strings.ToLower(got) != v {
				t.Errorf("reader %d: %s = %s, want %s", i, pragma, got, v)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
	var got string
	for pragma, v := range map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000", "query_only": "0"} {
		if err := db.Write.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if strings.ToLower(got) != v {
			t.Errorf("writer: %s = %s, want %s", pragma, got, v)
		}
	}
	if db.Write.Stats().MaxOpenConnections != 1 {
		t.Errorf("the writer pool allows %d connections", db.Write.Stats().MaxOpenConnections)
	}
	// Readers cannot write.
	if _, err := db.Read.ExecContext(ctx, "DELETE FROM users"); err == nil {
		t.Error("a reader connection could write")
	}
}

func TestOpenRefusesForeignAndNewerDatabases(t *testing.T) {
	dir := t.TempDir()
	schema := testdb.Schema(t)
	ctx := context.Background()

	foreign := filepath.Join(dir, "foreign.db")
	db := openTest(t)
	if _, err := db.Write.ExecContext(ctx, "VACUUM INTO ?", foreign); err != nil {
		t.Fatal(err)
	}
	// A database with tables but no version is not ours.
	other, err := queries.Open(ctx, filepath.Join(dir, "plain.db"), "CREATE TABLE x (a);")
	if err != nil {
		t.Fatal(err)
	}
	other.Write.ExecContext(ctx, "PRAGMA user_version = 0")
	other.Close()
	if _, err := queries.Open(ctx, filepath.Join(dir, "plain.db"), string(schema)); err == nil || !strings.Contains(err.Error(), "not a Balie database") {
		t.Fatalf("a foreign database was opened: %v", err)
	}
	// A database of a newer release is refused rather than damaged.
	newer, err := queries.Open(ctx, foreign, string(schema))
	if err != nil {
		t.Fatal(err)
	}
	newer.Write.ExecContext(ctx, "PRAGMA user_version = 99")
	newer.Close()
	if _, err := queries.Open(ctx, foreign, string(schema)); err == nil || !strings.Contains(err.Error(), "newer Balie") {
		t.Fatalf("a newer database was opened: %v", err)
	}
	// Not a database at all.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 100)), 0o600)
	if _, err := queries.Open(ctx, junk, string(schema)); err == nil {
		t.Fatal("a file that is not SQLite was opened")
	}
}
