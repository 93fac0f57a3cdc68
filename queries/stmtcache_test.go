package queries_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"balie/queries"
)

// A statement is prepared once per pool and reused. One first met inside a write transaction, which
// holds the writer's only connection, runs there unprepared and is prepared after it: preparing it on the
// pool at once would wait for that connection for ever.
func TestStatementsArePreparedOnceWithoutDeadlock(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	upsert := func() error {
		return db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
			return q.UpsertClinic(ctx, queries.UpsertClinicParams{Name: "Praktijk De Linde"})
		})
	}
	before := db.PreparedStatements()
	if err := upsert(); err != nil {
		t.Fatalf("first write in a transaction: %v", err)
	}
	if got := db.PreparedStatements(); got != before+1 {
		t.Fatalf("after the transaction %d statements are prepared, want %d", got, before+1)
	}
	for range 3 {
		if err := upsert(); err != nil {
			t.Fatalf("write in a transaction with the prepared statement: %v", err)
		}
		if _, err := db.R.GetClinic(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := db.PreparedStatements(); got != before+2 {
		t.Fatalf("after reuse %d statements are prepared, want %d", got, before+2)
	}

	// Readers and writers at once, on every connection of both pools.
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Go(func() {
			if i%4 == 0 {
				errs <- upsert()
				return
			}
			_, err := db.R.GetClinic(ctx)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Every change of the clinic's settings raises their version by one, whoever makes it: the server
// reads the settings again when the version it sees is not the one it holds.
func TestClinicSettingsVersionFollowsEveryChange(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if err := db.W.UpsertClinic(ctx, queries.UpsertClinicParams{Name: "Praktijk De Linde"}); err != nil {
		t.Fatal(err)
	}
	version := func() int64 {
		c, err := db.R.GetClinic(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c.Version
	}
	v := version()
	if err := db.W.UpsertClinic(ctx, queries.UpsertClinicParams{Name: "Praktijk De Eik"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.ExecContext(ctx, "UPDATE clinic_settings SET messages_enabled = 0"); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != v+2 {
		t.Errorf("after two changes the version is %d, want %d", got, v+2)
	}
}
