package handlers_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/demo"
	"balie/queries"
)

// Benchmarks of the binary as an operator runs it: `balie serve` on a 10,000-patient clinic, in a
// process of its own, built as the release is (CGO_ENABLED=0, -tags nodynamic):
//
//	go test ./handlers -run XXX -bench BenchmarkColdStart -benchtime 10x
//	go test ./handlers -run XXX -bench BenchmarkServeLoad -benchtime 1x
//
// BenchmarkColdStart: ns/op is the time from starting the process to the first 200 on /healthz,
// idle-RSS-MB its resident memory (VmRSS) right then. BenchmarkServeLoad: one process, 64 connections
// loading the overview of signed-in patients for -load.duration; it reports the requests per second,
// the latencies, the server's CPU time per request, and its resident memory before, at most during,
// and after the load. Its load
// generator runs in the test process, so the two share the machine's CPUs (as BenchmarkLoad's do).
// The binary is built and the clinic generated (on the wall clock) once per test process.

// served is the binary and the clinic file the benchmarks start, made by servedClinic.
var served struct {
	once    sync.Once
	bin, db string
}

// servedClinic builds the binary and writes the 10,000-patient clinic, the first time it is asked.
func servedClinic(b *testing.B) (bin, db string) {
	b.Helper()
	served.once.Do(func() {
		dir, err := os.MkdirTemp(preparedClinics.dir, "serve-") // removed by TestMain
		if err != nil {
			b.Fatal(err)
		}
		exe := filepath.Join(dir, "balie")
		build := exec.Command("go", "build", "-trimpath", "-tags", "nodynamic", "-o", exe, ".")
		build.Dir = ".." // the module's root, where main.go is
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
		path := filepath.Join(dir, "balie.db")
		copyPreparedClinic(b, demo.Options{Patients: benchPatients, Seed: 7, Password: demoPassword}, path)
		served.bin, served.db = exe, path
	})
	if served.bin == "" {
		b.Fatal("the binary or its clinic could not be made (see the first benchmark's failure)")
	}
	return served.bin, served.db
}

// servedProcess is a running `balie serve`.
type servedProcess struct {
	cmd     *exec.Cmd
	url     string        // http://127.0.0.1:PORT
	started time.Duration // from starting the process to the first 200 on /healthz
	exited  chan struct{}
}

// startServe starts `balie serve` on db at a free port of 127.0.0.1 and waits for its first 200 on
// /healthz. Its log goes to a file, as it would to a journal; the process is stopped at the end of b.
func startServe(b *testing.B, bin, db string) *servedProcess {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	logPath := filepath.Join(b.TempDir(), "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		b.Fatal(err)
	}
	defer logFile.Close()
	p := &servedProcess{url: "http://" + addr, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve", "-db", db, "-addr", addr, "-base-url", "http://localhost:"+port)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	failed := func(format string, args ...any) {
		log, _ := os.ReadFile(logPath)
		b.Fatalf("balie serve: "+format+"\n%s", append(args, log)...)
	}
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	b.Cleanup(p.stop)
	probe := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := probe.Get(p.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-p.exited:
			failed("stopped before answering /healthz (%v)", err)
		case <-time.After(time.Millisecond): // not listening yet: ask again
		}
	}
	p.started = time.Since(start)
	return p
}

// stop ends the process as a service manager does (SIGTERM) and waits for it.
func (p *servedProcess) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	<-p.exited
}

// rss is the process's resident memory in bytes.
func (p *servedProcess) rss(b *testing.B) float64 {
	rss, err := p.readRSS()
	if err != nil {
		b.Fatal(err)
	}
	return rss
}

// readRSS reads VmRSS from /proc/PID/status.
func (p *servedProcess) readRSS() (float64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", p.cmd.Process.Pid)
}

// cpu is the CPU time the process has used (user and system), from /proc/PID/stat.
func (p *servedProcess) cpu(b *testing.B) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	// After the command's name in parentheses (which may hold spaces), utime and stime are the 12th and
	// 13th fields, in clock ticks of 1/100 s (USER_HZ on Linux).
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			b.Fatalf("/proc/%d/stat: %v", p.cmd.Process.Pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

func mb(bytes float64) float64 { return bytes / (1 << 20) }

// BenchmarkColdStart: how long `balie serve` takes from the start of its process to its first 200 on
// /healthz with a 10,000-patient file (ns/op), and how much memory it holds then (idle-RSS-MB).
func BenchmarkColdStart(b *testing.B) {
	bin, db := servedClinic(b)
	var started time.Duration
	var rss float64
	for range b.N {
		p := startServe(b, bin, db)
		started += p.started
		rss += p.rss(b)
		p.stop()
	}
	b.ReportMetric(float64(started)/float64(b.N), "ns/op")
	b.ReportMetric(mb(rss)/float64(b.N), "idle-RSS-MB")
}

// BenchmarkServeLoad: `balie serve` under the overview's load, 64 connections spread over
// benchParallelClients signed-in patients, with its resident memory before, during and after. The
// function measures once per call (see BenchmarkLoad); ns/op is the wall time per request.
func BenchmarkServeLoad(b *testing.B) {
	bin, db := servedClinic(b)
	p := startServe(b, bin, db)
	idle := p.rss(b)
	cookies := signInServed(b, p, db, benchParallelClients)
	stop, sampled := make(chan struct{}), make(chan float64)
	go func() {
		peak := 0.0
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				sampled <- peak
				return
			case <-tick.C:
				if rss, err := p.readRSS(); err == nil {
					peak = max(peak, rss)
				}
			}
		}
	}()
	cpuBefore := p.cpu(b)
	res, err := runLoad(p.url+"/overzicht", cookies, 64, *loadDuration)
	cpu := p.cpu(b) - cpuBefore
	close(stop)
	peak := <-sampled
	if err != nil {
		b.Fatal(err)
	}
	after := p.rss(b)
	b.ReportMetric(res.perSecond(), "req/s-overview-64")
	b.ReportMetric(ms(res.percentile(0.50)), "p50-ms-overview-64")
	b.ReportMetric(ms(res.percentile(0.99)), "p99-ms-overview-64")
	b.ReportMetric(ms(cpu)/float64(res.requests), "server-CPU-ms/req")
	b.ReportMetric(mb(idle), "idle-RSS-MB")
	b.ReportMetric(mb(peak), "load-RSS-MB")
	b.ReportMetric(mb(after), "after-RSS-MB")
	b.ReportMetric(1e9/res.perSecond(), "ns/op")
}

// signInServed signs n demo patients in on the running process as a phone does (password, the SMS code,
// the terms if new) and returns their Cookie headers. Without an SMS gateway the code waits in the
// outbox, where it is read from the clinic's file.
func signInServed(b *testing.B, p *servedProcess, db string, n int) []string {
	b.Helper()
	ctx := context.Background()
	file, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer file.Close()
	people, err := queries.New(file).ListPatientSignIns(ctx, int64(n))
	if err != nil || len(people) < n {
		b.Fatalf("%d patients who can sign in (%v)", len(people), err)
	}
	var cookies []string
	for _, person := range people {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		post := func(path string, form url.Values) string {
			req, _ := http.NewRequest(http.MethodPost, p.url+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", p.url)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := c.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				b.Fatalf("POST %s as %s: status %d", path, person.UserName.String, resp.StatusCode)
			}
			return resp.Header.Get("Location")
		}
		next := post("/inloggen", url.Values{"naam": {person.UserName.String}, "wachtwoord": {demoPassword}})
		for next != "/overzicht" {
			switch next {
			case "/inloggen/code": // the newest SMS is this sign-in's: patients sign in one after the other
				var text string
				if err := file.QueryRowContext(ctx, `SELECT body_text FROM outbox WHERE channel = 'sms' ORDER BY id DESC LIMIT 1`).Scan(&text); err != nil {
					b.Fatal(err)
				}
				next = post(next, url.Values{"code": {sixDigits.FindString(text)}})
			case "/voorwaarden":
				resp, body, err := rawGet(c, p.url+next, fromTheApp)
				if err != nil {
					b.Fatal(err)
				}
				page, err := decoded(resp, body)
				if err != nil {
					b.Fatal(err)
				}
				doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
				if err != nil {
					b.Fatal(err)
				}
				next = post(next, url.Values{"versie": {doc.Find(`input[name=versie]`).AttrOr("value", "")}})
			default:
				b.Fatalf("sign-in of %s led to %q", person.UserName.String, next)
			}
		}
		cookies = append(cookies, cookieHeader(jar, p.url))
	}
	return cookies
}
