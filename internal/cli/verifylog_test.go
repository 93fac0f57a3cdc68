package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"balie/internal/accesslog"
	"balie/internal/testdb"
	"balie/queries"
)

// logWithRows is a database whose access log has n rows, written as the app writes them: by many
// requests at once through the group-commit writer, then by a change in its own transaction.
func logWithRows(t *testing.T, n int) *queries.DB {
	t.Helper()
	db := testdb.Open(t)
	entry := func(i int) accesslog.Entry {
		return accesslog.Entry{At: time.Date(2026, 3, 2, 9, 0, i, 0, time.UTC), ActorID: 2, ActorRole: "assistant",
			PatientID: int64(1 + i%3), ObjectType: "patient", ObjectID: int64(1 + i%3), Action: accesslog.ActionRead,
			Outcome: accesslog.OutcomeOK, Address: "192.0.2.7", RequestID: fmt.Sprint("r", i)}
	}
	w := accesslog.New(db)
	var wg sync.WaitGroup
	for i := range n - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Write(entry(i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	w.Close()
	ctx := context.Background()
	if err := db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return accesslog.Insert(ctx, q, entry(n)) }); err != nil {
		t.Fatal(err)
	}
	return db
}

// tamper runs statements on the database as someone with the file would: past the triggers that keep
// the application from changing the log.
func tamper(t *testing.T, db *queries.DB, stmts ...string) {
	t.Helper()
	for _, s := range append([]string{"DROP TRIGGER access_log_no_update", "DROP TRIGGER access_log_no_delete"}, stmts...) {
		if _, err := db.Write.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestVerifyLogReportsAnIntactChain(t *testing.T) {
	t.Parallel()
	db := logWithRows(t, 40)
	code, stdout, stderr := runMain(t, "admin", "verify-log", "-db", db.Path)
	if code != 0 || !strings.Contains(stdout, "Access log OK: 40 rows, last hash ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// One row edited through SQL: verify-log names that row and exits with 1.
func TestVerifyLogNamesAnEditedRow(t *testing.T) {
	t.Parallel()
	for _, edit := range []string{
		"UPDATE access_log SET actor_id = 3 WHERE id = 17",
		"UPDATE access_log SET object_type = 'overview' WHERE id = 17",
		"UPDATE access_log SET at = '2026-03-01 09:00:00+00:00' WHERE id = 17",
	} {
		db := logWithRows(t, 40)
		tamper(t, db, edit)
		code, stdout, stderr := runMain(t, "admin", "verify-log", "-db", db.Path)
		if code != 1 || !strings.Contains(stderr, "breaks at row 17:") || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", edit, code, stdout, stderr)
		}
	}
}

// A deleted row is found at the row after it, also when the next row's link was rewritten to match.
func TestVerifyLogFindsADeletedRow(t *testing.T) {
	t.Parallel()
	for _, stmts := range [][]string{
		{"DELETE FROM access_log WHERE id = 25"},
		{"DELETE FROM access_log WHERE id = 25",
			"UPDATE access_log SET prev_hash = (SELECT hash FROM access_log WHERE id = 24), id = 25 WHERE id = 26"},
	} {
		db := logWithRows(t, 40)
		tamper(t, db, stmts...)
		code, _, stderr := runMain(t, "admin", "verify-log", "-db", db.Path)
		if code != 1 || !strings.Contains(stderr, "breaks at row 2") {
			t.Errorf("%v: exit %d, stderr %q", stmts, code, stderr)
		}
	}
}

// The database refuses a row that does not attach to the chain, whoever inserts it.
func TestAccessLogRefusesARowOutsideTheChain(t *testing.T) {
	t.Parallel()
	db := logWithRows(t, 3)
	for _, s := range []string{
		`INSERT INTO access_log (at, actor_role, object_type, action, outcome, prev_hash, hash) VALUES ('2026-03-02 10:00:00+00:00', 'admin', 'patient', 'read', 'ok', zeroblob(32), zeroblob(32))`,
		`INSERT INTO access_log (id, at, actor_role, object_type, action, outcome, prev_hash, hash) VALUES (4, '2026-03-02 10:00:00+00:00', 'admin', 'patient', 'read', 'ok', zeroblob(32), zeroblob(32))`,
	} {
		if _, err := db.Write.Exec(s); err == nil || !strings.Contains(err.Error(), "link to the last one") {
			t.Errorf("%s: %v", s, err)
		}
	}
}

func TestVerifyLogRefusesAMissingFile(t *testing.T) {
	t.Parallel()
	code, _, stderr := runMain(t, "admin", "verify-log", "-db", t.TempDir()+"/geen.db")
	if code != 1 || !strings.Contains(stderr, "cannot open the database") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
