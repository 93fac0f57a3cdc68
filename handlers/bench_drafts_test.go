package handlers_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Benchmarks of the autosave endpoint (POST /concept, htmx) on the shared 10,000-patient clinic:
//
//	go test ./handlers -run XXX -bench Autosave -benchtime 2000x
//
// Every save is a write on the one writer connection (synchronous=FULL: one WAL sync per commit), so
// BenchmarkAutosaveParallel shows how many saves per second the clinic takes when many patients type
// at once, and how long the slowest of them wait.

// autosaveClients is how many signed-in patients save their diary draft at once.
const autosaveClients = 200

// autosaveText is the diary text every save sends: about 2 KB, as a long note being typed.
var autosaveText = func() string {
	const line = "Vannacht slecht geslapen, om drie uur wakker van de pijn in mijn knie; paracetamol geholpen.\n"
	return strings.Repeat(line, 2048/len(line)+1)[:2048]
}()

// autosave holds the signed-in patients of the autosave benchmarks, signed in once per process (200
// sign-ins with an SMS code each take a while) and never timed.
var autosave struct {
	once    sync.Once
	ready   bool
	clients []*client
	// versions[i] is the last version client i sent; saves take the next one, so every save is newer
	// than the stored draft, across all runs of the benchmarks in this process.
	versions []atomic.Int64
	// form is the encoded form of a save without its version: soort, doel, titel, datum, tekst.
	form string
}

// autosaveSetup returns the shared clinic with autosaveClients signed-in patients, each with a stored
// diary draft. Patients a.people[benchParallelClients…] are used, so that the sessions and drafts of
// the other benchmarks' clients stay apart.
func autosaveSetup(b *testing.B) *testApp {
	b.Helper()
	a := benchApp(b)
	b.StopTimer()
	autosave.once.Do(func() {
		if len(a.people) < benchParallelClients+autosaveClients {
			b.Fatalf("only %d patients can sign in, want %d", len(a.people), benchParallelClients+autosaveClients)
		}
		form := draftForm("nieuw", "Slecht geslapen", autosaveText, 0)
		form.Del("versie")
		form.Del("terug")
		autosave.form = form.Encode()
		// Start above every version stored so far (the demo's drafts), so that the first save is newer.
		var base int64
		if err := a.db.Read.QueryRowContext(context.Background(), `SELECT coalesce(max(version), 0) FROM drafts`).
			Scan(&base); err != nil {
			b.Fatal(err)
		}
		// Keep-alive for every patient, as each browser has its own connection: the default transport
		// keeps only 2 idle connections per host, so 198 of 200 would connect anew for every save.
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.MaxIdleConns = 2 * autosaveClients
		transport.MaxIdleConnsPerHost = 2 * autosaveClients
		start := time.Now()
		autosave.versions = make([]atomic.Int64, autosaveClients)
		for i := range autosaveClients {
			c := a.newClient()
			c.signIn(a.people[benchParallelClients+i].UserName.String)
			c.http.Transport = transport
			c.header.Set("HX-Request", "true")
			autosave.clients = append(autosave.clients, c)
			autosave.versions[i].Store(base)
			// One save each, checked as the autosave script sees it: 200 with the "saved" fragment (in the
			// patient's own language), not a page.
			if status, body, err := postDraft(c, autosave.versions[i].Add(1)); err != nil || status != http.StatusOK ||
				!strings.Contains(body, `class="draft-saved"`) || strings.Contains(body, "<html") {
				b.Fatalf("first save of patient %d: status %d, err %v: %.300s", i, status, err, body)
			}
		}
		autosave.ready = true
		b.Logf("signed in %d patients and saved a draft for each in %v", autosaveClients, time.Since(start).Round(time.Millisecond))
	})
	if !autosave.ready {
		b.Fatal("the autosave patients could not be signed in (see the first autosave benchmark's failure)")
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.StartTimer()
	return a
}

// postDraft saves c's diary draft as the autosave script does (htmx, same-origin) with the given
// version, and returns the status and the fragment. It does not fail the benchmark itself, so that
// RunParallel's goroutines can use it.
func postDraft(c *client, version int64) (int, string, error) {
	body := autosave.form + "&versie=" + strconv.FormatInt(version, 10)
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+"/concept", strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.app.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, resp.Body); err != nil {
		return resp.StatusCode, "", err
	}
	return resp.StatusCode, sb.String(), nil
}

// saveNext saves client i's draft with its next version and returns the status.
func saveNext(i int) (int, error) {
	status, _, err := postDraft(autosave.clients[i], autosave.versions[i].Add(1))
	return status, err
}

// BenchmarkAutosaveParallel: 200 signed-in patients each autosave their own ~2 KB diary draft at once,
// every save a newer version (so every save is written). ns/op is wall time per save with all patients
// together; saves/s is the throughput; p50-ms and p99-ms are the latency of one save as its patient
// sees it, queueing for the writer included.
func BenchmarkAutosaveParallel(b *testing.B) {
	autosaveSetup(b)
	// RunParallel starts parallelism × GOMAXPROCS goroutines: at least one per patient.
	procs := runtime.GOMAXPROCS(0)
	parallelism := (autosaveClients + procs - 1) / procs
	b.SetParallelism(parallelism)
	workers := parallelism * procs
	latencies := make([][]time.Duration, workers) // one slice per goroutine, merged after
	var (
		next     atomic.Int64
		failures atomic.Int64
		firstErr atomic.Pointer[error]
	)
	b.RunParallel(func(pb *testing.PB) {
		g := int(next.Add(1) - 1)
		i := g % autosaveClients // with more goroutines than patients, two share one (versions stay unique)
		lat := make([]time.Duration, 0, b.N/workers+1)
		for pb.Next() {
			start := time.Now()
			status, err := saveNext(i)
			lat = append(lat, time.Since(start))
			if err == nil && status != http.StatusOK {
				err = fmt.Errorf("POST /concept as patient %d: status %d", i, status)
			}
			if err != nil {
				failures.Add(1)
				firstErr.CompareAndSwap(nil, &err)
			}
		}
		latencies[g] = lat
	})
	b.StopTimer()
	if n := failures.Load(); n > 0 {
		b.Fatalf("%d of %d saves failed; the first: %v", n, b.N, *firstErr.Load())
	}
	all := make([]time.Duration, 0, b.N)
	for _, l := range latencies {
		all = append(all, l...)
	}
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "saves/s")
	b.ReportMetric(percentile(all, 0.50).Seconds()*1000, "p50-ms")
	b.ReportMetric(percentile(all, 0.99).Seconds()*1000, "p99-ms")
}

// percentile is the q-quantile (0 < q ≤ 1) of sorted durations, by the nearest-rank method.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// BenchmarkAutosaveLateOlderSave: one patient's saves one after the other, without other load.
// "newer": every save has a newer version and is written. "late-older": every save has an older version
// than the stored draft (a save that arrives late) and is not written; it answers 200 all the same.
func BenchmarkAutosaveLateOlderSave(b *testing.B) {
	b.Run("newer", func(b *testing.B) {
		autosaveSetup(b)
		for range b.N {
			if status, err := saveNext(0); err != nil || status != http.StatusOK {
				b.Fatalf("POST /concept: status %d, err %v", status, err)
			}
		}
	})
	b.Run("late-older", func(b *testing.B) {
		autosaveSetup(b)
		c := autosave.clients[0]
		for range b.N {
			// Version 1 is older than any stored one (the first save was above the demo's).
			if status, _, err := postDraft(c, 1); err != nil || status != http.StatusOK {
				b.Fatalf("POST /concept: status %d, err %v", status, err)
			}
		}
	})
}

// autosaveEvery is how often a typing patient's page saves: htmx waits 1.5 s after the last keystroke.
const autosaveEvery = 1500 * time.Millisecond

// BenchmarkAutosaveTyping: 200 patients type at once, each page saving every 1.5 s as the autosave
// script does (starts spread over the first interval). Unlike AutosaveParallel, which saves as fast as
// the server answers, this is the load 200 typing patients really make; p50-ms and p99-ms are what one
// save costs its patient then. Run with -benchtime 2000x (10 saves a patient, about 15 s).
func BenchmarkAutosaveTyping(b *testing.B) {
	if b.N > 1 && b.N%autosaveClients != 0 { // b.N is 1 on the first probe run, whatever -benchtime says
		b.Fatalf("run with -benchtime %dx or a multiple: every patient saves b.N/%d times", 10*autosaveClients, autosaveClients)
	}
	autosaveSetup(b)
	rounds := max(1, b.N/autosaveClients)
	latencies := make([][]time.Duration, autosaveClients)
	var failures atomic.Int64
	var wg sync.WaitGroup
	for i := range autosaveClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * autosaveEvery / autosaveClients)
			next := time.Now()
			for range rounds {
				start := time.Now()
				if status, err := saveNext(i); err != nil || status != http.StatusOK {
					failures.Add(1)
				}
				latencies[i] = append(latencies[i], time.Since(start))
				next = next.Add(autosaveEvery)
				time.Sleep(time.Until(next))
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	if n := failures.Load(); n > 0 {
		b.Fatalf("%d saves failed", n)
	}
	var all []time.Duration
	for _, l := range latencies {
		all = append(all, l...)
	}
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "saves/s")
	b.ReportMetric(percentile(all, 0.50).Seconds()*1000, "p50-ms")
	b.ReportMetric(percentile(all, 0.99).Seconds()*1000, "p99-ms")
}
