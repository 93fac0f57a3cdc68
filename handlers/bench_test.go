package handlers_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"balie/internal/agenda"
)

// Benchmarks of the whole app with a 10,000-patient clinic (the patient list's: see listSizes), over real
// HTTP on 127.0.0.1:
//
//	go test ./handlers -run XXX -bench . -benchtime 3s
//
// The figures are for one request as a browser makes it: ns/op, B/op and allocs/op include the Go HTTP
// client in the same process (building the request, reading the response), not only the server. The
// request loops read the body without parsing it (no goquery), so the client's share stays small.
//
// A benchmark function is called several times while the testing package finds b.N, and t.Cleanup of
// a *testing.B runs after every such call; so the clinic (whose generation takes seconds) is built once
// per process, on first use, and closed by TestMain.

const benchPatients = 10000

// benchParallelClients is how many signed-in patients BenchmarkOverviewParallel spreads its requests over.
const benchParallelClients = 8

// bench is the clinic shared by all benchmarks, built by benchApp.
var bench struct {
	once         sync.Once
	tb           *sharedTB
	app          *testApp
	built        time.Duration // how long newTestApp took (mostly demo generation)
	patients     []*client     // signed-in patients, a.people[0…]
	staff        *client       // a signed-in assistant
	practitioner *client       // the practitioner, to whom every demo patient has written
	family       string        // the most common family name among the patients
}

// sharedTB lets the shared clinic outlive the benchmark that happened to build it: its temporary
// directory and cleanups belong to the process (see TestMain), while failures during the build are
// reported to that benchmark.
type sharedTB struct {
	testing.TB
	mu       sync.Mutex
	dirs     []string
	cleanups []func()
}

func (s *sharedTB) TempDir() string {
	dir, err := os.MkdirTemp("", "balie-bench-")
	if err != nil {
		s.Fatal(err)
	}
	s.mu.Lock()
	s.dirs = append(s.dirs, dir)
	s.mu.Unlock()
	return dir
}

func (s *sharedTB) Cleanup(f func()) {
	s.mu.Lock()
	s.cleanups = append(s.cleanups, f)
	s.mu.Unlock()
}

func (s *sharedTB) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.cleanups) - 1; i >= 0; i-- {
		s.cleanups[i]()
	}
	for _, d := range s.dirs {
		_ = os.RemoveAll(d)
	}
	s.cleanups, s.dirs = nil, nil
}

// closeBenchApp closes the shared clinics, if benchmarks built them (TestMain calls it).
func closeBenchApp() {
	if bench.tb != nil {
		bench.tb.close()
	}
	for _, lc := range listBench.clinics {
		lc.tb.close()
	}
}

// benchApp returns the shared 10,000-patient clinic with its signed-in clients, building it on first
// use, and starts b's measurement afresh so that the build is never timed.
func benchApp(b *testing.B) *testApp {
	b.Helper()
	bench.once.Do(func() {
		bench.tb = &sharedTB{TB: b}
		start := time.Now()
		a := newTestApp(bench.tb, withPatients(benchPatients))
		bench.built = time.Since(start)
		if len(a.people) < benchParallelClients {
			b.Fatalf("only %d patients can sign in", len(a.people))
		}
		for i := range benchParallelClients {
			bench.patients = append(bench.patients, a.patientClient(i))
		}
		bench.staff = a.staffClient("assistant")
		bench.practitioner = a.staffClient("practitioner")
		err := a.db.Read.QueryRowContext(context.Background(), `SELECT family_name FROM users
			WHERE role = 'patient' AND active = 1 GROUP BY family_name ORDER BY count(*) DESC, family_name LIMIT 1`).
			Scan(&bench.family)
		if err != nil {
			b.Fatal(err)
		}
		bench.app = a
		b.Logf("built a clinic of %d patients in %v; searching for %q", benchPatients,
			bench.built.Round(time.Millisecond), bench.family)
	})
	if bench.app == nil {
		b.Fatal("the shared clinic could not be built (see the first benchmark's failure)")
	}
	// Failures of the shared app and its clients (made with bench.tb) belong to the benchmark running now.
	bench.tb.TB = b
	b.ReportAllocs()
	b.ResetTimer()
	return bench.app
}

// fetch GETs path as c and reads the whole body without parsing it. It does not fail the benchmark
// itself, so that RunParallel's goroutines can use it too.
func fetch(c *client, path string) error {
	req, err := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return nil
}

// benchGet checks once (untimed) that path answers 200 with a page, then GETs it b.N times.
func benchGet(b *testing.B, c *client, path string) {
	b.Helper()
	b.StopTimer()
	p := c.get(path)
	wantStatus(b, p, http.StatusOK)
	if p.Doc.Find("main").Length() == 0 {
		b.Fatalf("GET %s: no <main> in the page", path)
	}
	b.StartTimer()
	for range b.N {
		if err := fetch(c, path); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGetLater is benchGet for a page deep in a list: it first checks that path shows a later page (one
// with a link to the page before), since a cursor the list cannot read shows its first page instead.
func benchGetLater(b *testing.B, c *client, path string) {
	b.Helper()
	b.StopTimer()
	if p := c.get(path); p.Doc.Find(`a[rel=prev]`).Length() == 0 {
		b.Fatalf("GET %s: status %d, not a later page of the list (no link to the page before)", path, p.StatusCode)
	}
	benchGet(b, c, path)
}

// BenchmarkOverview: a patient opens their start page (one access-log row per request).
func BenchmarkOverview(b *testing.B) {
	benchApp(b)
	benchGet(b, bench.patients[0], "/overzicht")
}

// The patient list stays flat: each benchmark runs at 1,000 and at 100,000 patients (clinics of patients
// without records, built once per process on first use; 100,000 take about half a minute), so that one
// run gives the ratio:
//
//	go test ./handlers -run XXX -bench 'BenchmarkPatient(List|Search)' -benchtime 2s
var listSizes = []int{1000, 100000}

// listBench holds those clinics by size.
var listBench struct {
	mu      sync.Mutex
	clinics map[int]*listClinic
}

type listClinic struct {
	once   sync.Once
	tb     *sharedTB
	staff  *client // a signed-in assistant
	family string  // the most common family name
	middle int64   // the patient in the middle of the list
}

// listClinicOf returns the clinic of n patients, building it on first use, and starts b's measurement
// afresh so that the build is never timed.
func listClinicOf(b *testing.B, n int) *listClinic {
	b.Helper()
	listBench.mu.Lock()
	if listBench.clinics == nil {
		listBench.clinics = map[int]*listClinic{}
	}
	lc := listBench.clinics[n]
	if lc == nil {
		lc = &listClinic{tb: &sharedTB{TB: b}}
		listBench.clinics[n] = lc
	}
	listBench.mu.Unlock()
	lc.once.Do(func() {
		start := time.Now()
		a := newTestApp(lc.tb, withPatientsOnly(n))
		err := a.db.Read.QueryRowContext(context.Background(), `SELECT family_name FROM users
			WHERE role = 'patient' AND active = 1 GROUP BY family_name ORDER BY count(*) DESC, family_name LIMIT 1`).
			Scan(&lc.family)
		if err == nil {
			err = a.db.Read.QueryRowContext(context.Background(), `SELECT id FROM users WHERE role = 'patient' AND active = 1
				ORDER BY family_name, given_name, id LIMIT 1 OFFSET ?`, n/2).Scan(&lc.middle)
		}
		if err != nil {
			b.Fatal(err)
		}
		lc.staff = a.staffClient("assistant")
		b.Logf("built a clinic of %d patients without records in %v; searching for %q", n,
			time.Since(start).Round(time.Millisecond), lc.family)
	})
	if lc.staff == nil {
		b.Fatal("the clinic could not be built (see the first benchmark's failure)")
	}
	lc.tb.TB = b
	b.ReportAllocs()
	b.ResetTimer()
	return lc
}

// benchListSizes runs bench at each of listSizes as a sub-benchmark named for the size.
func benchListSizes(b *testing.B, bench func(b *testing.B, lc *listClinic)) {
	for _, n := range listSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) { bench(b, listClinicOf(b, n)) })
	}
}

// BenchmarkPatientList: an assistant opens the first page of the patient list (25 access-log rows per
// request, one per listed patient).
func BenchmarkPatientList(b *testing.B) {
	benchListSizes(b, func(b *testing.B, lc *listClinic) { benchGet(b, lc.staff, "/praktijk/patienten") })
}

// BenchmarkPatientListMiddle: the page after the patient in the middle of the list (with OFFSET it
// would cost what reading half the list costs).
func BenchmarkPatientListMiddle(b *testing.B) {
	benchListSizes(b, func(b *testing.B, lc *listClinic) {
		benchGetLater(b, lc.staff, "/praktijk/patienten?na="+base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(lc.middle, 10))))
	})
}

// BenchmarkPatientSearch: an assistant searches for the clinic's most common family name.
func BenchmarkPatientSearch(b *testing.B) {
	benchListSizes(b, func(b *testing.B, lc *listClinic) {
		benchGet(b, lc.staff, "/praktijk/patienten?"+url.Values{"q": {lc.family}}.Encode())
	})
}

// BenchmarkPatientSearchShort: the first keystrokes of a search, one and two letters.
func BenchmarkPatientSearchShort(b *testing.B) {
	benchListSizes(b, func(b *testing.B, lc *listClinic) {
		benchGet(b, lc.staff, "/praktijk/patienten?"+url.Values{"q": {strings.ToLower(string([]rune(lc.family)[:2]))}}.Encode())
	})
}

// BenchmarkOverviewParallel: several signed-in patients open their start page at once; each request
// waits for its access-log row to be committed, so this shows whether the group commit keeps up.
// ns/op is wall time per request with all clients together.
func BenchmarkOverviewParallel(b *testing.B) {
	benchApp(b)
	b.StopTimer()
	for _, c := range bench.patients {
		wantStatus(b, c.get("/overzicht"), http.StatusOK)
	}
	// RunParallel starts parallelism × GOMAXPROCS goroutines: at least benchParallelClients of them.
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism(max(1, (benchParallelClients+procs-1)/procs))
	var next atomic.Int64
	b.StartTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := bench.patients[int(next.Add(1)-1)%len(bench.patients)]
		for pb.Next() {
			if err := fetch(c, "/overzicht"); err != nil {
				b.Error(err) // Fatal may not be called from this goroutine
				return
			}
		}
	})
}

// BenchmarkAgendaWeek: a patient opens the week of their next appointment (/afspraken/week/2026-W10):
// the week's appointments among the clinic's, read through the index on (patient_id, starts_at).
func BenchmarkAgendaWeek(b *testing.B) {
	a := benchApp(b)
	b.StopTimer()
	var next time.Time
	if err := a.db.Read.QueryRowContext(context.Background(), `SELECT starts_at FROM appointments
		WHERE patient_id = ? AND status = 'booked' AND starts_at >= ? AND visible_from <= ? ORDER BY starts_at LIMIT 1`,
		a.people[0].ID, testStart, testStart).Scan(&next); err != nil {
		b.Fatal(err)
	}
	path := "/afspraken/week/" + agenda.WeekName(next)
	if p := bench.patients[0].get(path); p.Doc.Find("a[data-dialog]").Length() == 0 {
		b.Fatalf("GET %s: status %d, no appointment in the week", path, p.StatusCode)
	}
	benchGet(b, bench.patients[0], path)
}

// The practitioner's inbox: the demo's patients each wrote one conversation to them (10,000 threads).
func BenchmarkInboxPractitioner(b *testing.B) {
	benchApp(b)
	benchGet(b, bench.practitioner, "/praktijk/berichten")
}

// Every conversation of the clinic, handled ones too, newest first.
func BenchmarkInboxAll(b *testing.B) {
	benchApp(b)
	benchGet(b, bench.staff, "/praktijk/berichten?lijst=alle&ook=afgehandeld")
}

// BenchmarkInboxAllDeep: the same list, the page after its 5,000th conversation (with OFFSET it would
// cost what reading 5,000 conversations costs).
func BenchmarkInboxAllDeep(b *testing.B) {
	a := benchApp(b)
	b.StopTimer()
	var at time.Time
	var id int64
	if err := a.db.Read.QueryRowContext(context.Background(), `SELECT last_message_at, id FROM message_threads
		WHERE kind = 'message' ORDER BY last_message_at DESC, id DESC LIMIT 1 OFFSET 4999`).Scan(&at, &id); err != nil {
		b.Fatal(err)
	}
	benchGetLater(b, bench.staff, "/praktijk/berichten?lijst=alle&ook=afgehandeld&na="+inboxCursor(at, id))
}

// The e-consult queue, every one of them: a handful among the 10,000 conversations, found through the
// index on (kind, last_message_at).
func BenchmarkEconsultQueue(b *testing.B) {
	benchApp(b)
	benchGet(b, bench.staff, "/praktijk/econsulten?lijst=alle&ook=afgehandeld")
}
