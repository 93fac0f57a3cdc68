package accesslog_test

import (
	"sync"
	"testing"
	"time"

	"balie/internal/accesslog"
	"balie/internal/testdb"
	"balie/queries"
)

func open(t testing.TB) *queries.DB { return testdb.Open(t) }

func entry(patient int64) accesslog.Entry {
	return accesslog.Entry{At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), ActorID: 1, ActorRole: "patient", PatientID: patient,
		ObjectType: "overview", Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK, Address: "127.0.0.1", RequestID: "r"}
}

func count(t *testing.T, db *queries.DB) int {
	var n int
	if err := db.Read.QueryRow("SELECT count(*) FROM access_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Each Write returns only once its rows are committed, also with many writers at once.
func TestConcurrentWritesAreDurableWhenWriteReturns(t *testing.T) {
	db := open(t)
	log := accesslog.New(db)
	defer log.Close()
	const writers = 64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			patient := int64(i + 1)
			if err := log.Write(entry(patient), entry(patient)); err != nil {
				errs <- err
				return
			}
			// Visible to another connection right away: committed, not merely queued.
			var n int
			if err := db.Read.QueryRow("SELECT count(*) FROM access_log WHERE patient_id = ?", patient).Scan(&n); err != nil || n != 2 {
				errs <- err
				t.Errorf("writer %d: %d rows visible after Write returned", i, n)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db); n != 2*writers {
		t.Fatalf("%d rows, want %d", n, 2*writers)
	}
}

func TestFailedBatchReportsTheError(t *testing.T) {
	db := open(t)
	log := accesslog.New(db)
	defer log.Close()
	if err := log.Write(entry(1)); err != nil {
		t.Fatal(err)
	}
	db.Write.Close() // the writer is gone: the next write must fail, not hang or pretend
	if err := log.Write(entry(2)); err == nil {
		t.Fatal("a write to a closed database reported success")
	}
}

func TestWriteAfterCloseFails(t *testing.T) {
	db := open(t)
	log := accesslog.New(db)
	if err := log.Write(entry(1)); err != nil {
		t.Fatal(err)
	}
	log.Close()
	log.Close() // closing twice is harmless
	if err := log.Write(entry(2)); err != accesslog.ErrClosed {
		t.Fatalf("Write after Close: %v", err)
	}
	if n := count(t, db); n != 1 {
		t.Fatalf("%d rows", n)
	}
}

// BenchmarkParallelWrites measures rows per second with concurrent requests sharing commits.
func BenchmarkParallelWrites(b *testing.B) {
	db := open(b)
	log := accesslog.New(db)
	defer log.Close()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := log.Write(entry(1)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
