package handlers_test

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

// The overview under load, as the issue measured it with wrk, and a bare echo handler that sends the
// very same bytes, both measured in one run by the same load generator in this process:
//
//	go test ./handlers -run XXX -bench 'BenchmarkLoad$' -benchtime 1x
//	go test ./handlers -run XXX -bench 'BenchmarkLoad$' -benchtime 1x -args -load.duration 10s
//
// The ratio overview/bare is what counts: both servers share the machine with the load generator, so
// their absolute figures depend on it, the ratio much less. The function runs its measurements once per
// call (each point lasts -load.duration), so -benchtime 1x runs it once.

var loadDuration = flag.Duration("load.duration", 3*time.Second,
	"how long BenchmarkLoad and BenchmarkServeLoad load a server at each number of connections")

// loadRounds is how many times BenchmarkLoad alternates between the overview and the bare handler at
// each number of connections.
const loadRounds = 3

// loadConnections are the numbers of concurrent connections measured, as in the issue.
var loadConnections = []int{32, 64}

// phoneEncodings is the Accept-Encoding of a phone's browser (set by hand, Go's client then leaves the
// body as sent).
const phoneEncodings = "gzip, br"

// Sec-Fetch-Site as a browser sends it: for an address typed by hand, and for a link or form of the
// app's own pages.
const (
	typedByHand = "none"
	fromTheApp  = "same-origin"
)

// loadResult is what one load run measured.
type loadResult struct {
	requests  int
	elapsed   time.Duration
	latencies []time.Duration // sorted
}

// add counts the run o with r's.
func (r *loadResult) add(o loadResult) {
	r.requests += o.requests
	r.elapsed += o.elapsed
	r.latencies = append(r.latencies, o.latencies...)
	slices.Sort(r.latencies)
}

func (r loadResult) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// percentile is the latency that the fraction q (0–1) of the requests did not exceed.
func (r loadResult) percentile(q float64) time.Duration { return percentile(r.latencies, q) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// runLoad opens conns keep-alive connections to target (a URL), each looping GET requests for d (after
// one request that opens the connection), as wrk does. Connection i sends the Cookie header
// cookies[i%len(cookies)], so the requests are spread over the signed-in users they belong to. Every
// answer must be 200; its body is read whole. The client is lean (one prepared request, the answer read
// straight from the connection) so that it takes as little as it can of the CPU the server shares with it.
func runLoad(target string, cookies []string, conns int, d time.Duration) (loadResult, error) {
	u, err := url.Parse(target)
	if err != nil {
		return loadResult{}, err
	}
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	var mu sync.Mutex
	var res loadResult
	var firstErr error
	ready.Add(conns)
	for i := range conns {
		done.Go(func() {
			req := []byte("GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: balie-load\r\n" +
				"Accept-Encoding: " + phoneEncodings + "\r\nSec-Fetch-Site: " + fromTheApp + "\r\nCookie: " + cookies[i%len(cookies)] + "\r\n\r\n")
			conn, err := net.Dial("tcp", u.Host)
			ready.Done()
			if err != nil {
				mu.Lock()
				firstErr = cmp.Or(firstErr, err)
				mu.Unlock()
				return
			}
			defer conn.Close()
			r := bufio.NewReaderSize(conn, 64<<10)
			_, err = loadGet(conn, r, req) // opens the connection before the clock starts
			<-start
			lat := make([]time.Duration, 0, 1024)
			deadline := time.Now().Add(d)
			for err == nil && time.Now().Before(deadline) {
				var took time.Duration
				took, err = loadGet(conn, r, req)
				lat = append(lat, took)
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, lat...)
			if err != nil {
				firstErr = cmp.Or(firstErr, fmt.Errorf("GET %s: %w", target, err))
			}
		})
	}
	ready.Wait()
	runtime.GC() // the garbage of earlier runs is not this run's cost
	began := time.Now()
	close(start)
	done.Wait()
	res.elapsed = time.Since(began)
	res.requests = len(res.latencies)
	slices.Sort(res.latencies)
	return res, firstErr
}

// loadGet sends req on conn and reads the whole answer from r; it returns how long that took.
func loadGet(conn net.Conn, r *bufio.Reader, req []byte) (time.Duration, error) {
	start := time.Now()
	if _, err := conn.Write(req); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return time.Since(start), err
}

// cookieHeader is the Cookie header a browser with jar sends to target.
func cookieHeader(jar http.CookieJar, target string) string {
	u, _ := url.Parse(target) // a URL the test made
	var parts []string
	for _, k := range jar.Cookies(u) {
		parts = append(parts, k.String())
	}
	return strings.Join(parts, "; ")
}

// rawGet GETs url with c as a phone's browser (site is its Sec-Fetch-Site) and returns the answer with
// its body as it travelled (compressed or not).
func rawGet(c *http.Client, url, site string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept-Encoding", phoneEncodings)
	req.Header.Set("Sec-Fetch-Site", site)
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// decoded is body without its Content-Encoding.
func decoded(resp *http.Response, body []byte) ([]byte, error) {
	var r io.Reader = bytes.NewReader(body)
	switch enc := resp.Header.Get("Content-Encoding"); enc {
	case "":
		return body, nil
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		r = gz
	default:
		return nil, fmt.Errorf("unknown Content-Encoding %q", enc)
	}
	return io.ReadAll(r)
}

// bareServer is a plain echo with one GET route at path that answers every request with header and
// body: the least any server sending those bytes could do.
func bareServer(path string, header http.Header, body []byte) *httptest.Server {
	e := echo.New()
	e.GET(path, func(c echo.Context) error {
		h := c.Response().Header()
		for k, v := range header {
			if k != "Date" { // the server sets its own
				h[k] = v
			}
		}
		return c.Blob(http.StatusOK, header.Get("Content-Type"), body)
	})
	return httptest.NewServer(e)
}

// BenchmarkLoad: the overview for signed-in patients (connections spread over benchParallelClients of
// them) and the bare handler with the overview's bytes, at 32 and 64 connections. It reports requests
// per second of each and their ratio, and the latencies at 64 connections; ns/op is the overview's
// wall time per request at 64 connections.
func BenchmarkLoad(b *testing.B) {
	a := benchApp(b)
	b.StopTimer()
	cookies := make([]string, len(bench.patients))
	for i, c := range bench.patients {
		wantStatus(b, c.get("/overzicht"), http.StatusOK)
		cookies[i] = cookieHeader(c.http.Jar, a.srv.URL)
	}
	// The bytes the bare handler sends: one patient's overview, as a phone's browser gets it.
	resp, body, err := rawGet(bench.patients[0].http, a.srv.URL+"/overzicht", fromTheApp)
	if err != nil {
		b.Fatal(err)
	}
	if page, err := decoded(resp, body); err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte("<main")) {
		b.Fatalf("the overview: status %d, no page (%v)", resp.StatusCode, err)
	}
	bare := bareServer("/overzicht", resp.Header, body)
	defer bare.Close()
	b.Logf("the overview: %d bytes sent, Content-Encoding %q", len(body), resp.Header.Get("Content-Encoding"))

	var lines []string
	for _, conns := range loadConnections {
		// The two alternate in a few rounds, so that what else the machine does meets both alike.
		var results [2]loadResult
		for range loadRounds {
			for i, srv := range []string{a.srv.URL, bare.URL} {
				r, err := runLoad(srv+"/overzicht", cookies, conns, *loadDuration/loadRounds)
				if err != nil {
					b.Fatal(err)
				}
				results[i].add(r)
			}
		}
		o, r := results[0], results[1]
		suffix := fmt.Sprint(conns)
		b.ReportMetric(o.perSecond(), "req/s-overview-"+suffix)
		b.ReportMetric(r.perSecond(), "req/s-bare-"+suffix)
		b.ReportMetric(o.perSecond()/r.perSecond(), "ratio-"+suffix)
		if conns == 64 {
			b.ReportMetric(ms(o.percentile(0.50)), "p50-ms-overview-64")
			b.ReportMetric(ms(o.percentile(0.99)), "p99-ms-overview-64")
			b.ReportMetric(ms(r.percentile(0.50)), "p50-ms-bare-64")
			b.ReportMetric(ms(r.percentile(0.99)), "p99-ms-bare-64")
			b.ReportMetric(1e9/o.perSecond(), "ns/op")
		}
		lines = append(lines, fmt.Sprintf("%d connections: overview %.0f req/s (p50 %.1f ms, p99 %.1f ms), bare %.0f req/s (p50 %.1f ms, p99 %.1f ms), ratio %.3f",
			conns, o.perSecond(), ms(o.percentile(0.50)), ms(o.percentile(0.99)),
			r.perSecond(), ms(r.percentile(0.50)), ms(r.percentile(0.99)), o.perSecond()/r.perSecond()))
	}
	b.Log("\n" + strings.Join(lines, "\n"))
}
