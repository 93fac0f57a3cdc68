package handlers_test

import (
	"bytes"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"testing"

	"balie/internal/photo"
)

// securityHeaders are the headers every answer carries (design.md §5), with the value a page has.
var securityHeaders = map[string]string{
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "strict-origin-when-cross-origin",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
	"Cache-Control":                "no-store",
}

// Every kind of answer carries the same security headers: pages, redirects, static files, and every
// error, the cross-origin refusal (answered before the app itself runs) and a bug's 500 included.
func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	a.app.AddPanickingRoute("/test/fout")
	anonymous := a.newClient()
	patient := a.patientClient(0)
	stylesheet := anonymous.get("/inloggen").Doc.Find(`link[rel=stylesheet]`).AttrOr("href", "")
	if stylesheet == "" {
		t.Fatal("no stylesheet on the sign-in page")
	}
	request := func(c *client, method, path, site string) func() *page {
		return func() *page {
			req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader("naam=x"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", site)
			if site == "cross-site" {
				req.Header.Set("Origin", "https://evil.example")
			}
			return c.do(req)
		}
	}
	for _, tc := range []struct {
		name   string
		answer func() *page
		status int
	}{
		{"page", request(anonymous, http.MethodGet, "/inloggen", "none"), http.StatusOK},
		{"redirect", request(anonymous, http.MethodGet, "/overzicht", "none"), http.StatusSeeOther},
		{"static file", request(anonymous, http.MethodGet, stylesheet, "same-origin"), http.StatusOK},
		{"not found", request(anonymous, http.MethodGet, "/bestaat-niet", "none"), http.StatusNotFound},
		{"method not allowed", request(anonymous, http.MethodPut, "/inloggen", "same-origin"), http.StatusMethodNotAllowed},
		{"forbidden", request(patient, http.MethodGet, "/praktijk/patienten", "none"), http.StatusForbidden},
		{"cross-origin", request(anonymous, http.MethodPost, "/inloggen", "cross-site"), http.StatusForbidden},
		{"too large", func() *page { return patient.postDocument("Groot", "groot.pdf", make([]byte, 7*photo.MaxBytes)) }, http.StatusRequestEntityTooLarge},
		{"bug", request(anonymous, http.MethodGet, "/test/fout", "none"), http.StatusInternalServerError},
	} {
		p := tc.answer()
		if p.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, p.StatusCode, tc.status)
		}
		for name, want := range securityHeaders {
			if name == "Cache-Control" && tc.name == "static file" {
				want = "public, max-age=31536000, immutable" // hashed names: cached for good, and no personal data
			}
			if got := p.Header.Get(name); got != want {
				t.Errorf("%s: %s %q, want %q", tc.name, name, got, want)
			}
		}
		if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", tc.name, csp)
		}
		if p.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain http", tc.name)
		}
	}

	// Over https every answer, the cross-origin refusal too, also tells the browser to stay on https.
	secure := newTestApp(t, withBaseURL("https://portaal.praktijk.example"))
	c := secure.newClient()
	for _, p := range []*page{
		c.get("/inloggen"),
		c.get("/bestaat-niet"),
		c.post("/inloggen", url.Values{"naam": {"x"}}),
	} {
		if p.Header.Get("Strict-Transport-Security") == "" {
			t.Errorf("%s %s (%d): no HSTS over https", p.Request.Method, p.Request.URL.Path, p.StatusCode)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, secure.srv.URL+"/inloggen", strings.NewReader("naam=x"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := c.do(req); p.StatusCode != http.StatusForbidden || p.Header.Get("Strict-Transport-Security") == "" || p.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("cross-origin over https: %d, HSTS %q", p.StatusCode, p.Header.Get("Strict-Transport-Security"))
	}
}

// logBuffer keeps what the app logs; the app writes from its own goroutines while the test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// The token of an activation or reset link is a secret (stored only hashed): the log shows the route
// instead, whatever happens on the link's pages, a page that does not exist under it and a refused
// cross-origin post included.
func TestRequestLogLeavesOutTheTokensOfMailedLinks(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	a := newTestApp(t, withLog(logs))
	c := a.newClient()
	visit := func(link string) {
		c.get(link)
		c.post(link, birthForm("1", "1", "1900"))
		c.get(link + "/bestaat-niet")
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+link, strings.NewReader("dag=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		wantStatus(t, c.do(req), http.StatusForbidden)
	}
	activation := invite(t, a, a.staffClient("assistant"), newInvitee(t, a, "noor.bos@voorbeeld.example"))
	visit(activation)
	c.post(activation+"/nieuw", nil)
	wantStatus(t, c.post("/wachtwoord-vergeten", url.Values{"naam": {a.people[0].UserName.String}}), http.StatusOK)
	reset := a.lastMailLink(a.people[0].Email)
	visit(reset)
	c.post(reset+"/sms", nil)
	c.post(reset+"/passkey/begin", nil)

	for _, link := range []string{activation, reset} {
		token := path.Base(link)
		if len(token) < 20 || !strings.HasPrefix(link, "/activeren/") && !strings.HasPrefix(link, "/wachtwoord-herstellen/") {
			t.Fatalf("unexpected link %q", link)
		}
		if strings.Contains(logs.String(), token) {
			t.Errorf("the log holds the token of %s:\n%s", path.Dir(link), logs.String())
		}
	}
	for _, want := range []string{"path=/activeren/:token ", "path=/activeren/:token/nieuw ", "path=/wachtwoord-herstellen/:token ",
		"path=/wachtwoord-herstellen/:token/sms ", "path=/wachtwoord-herstellen/… ", "path=/activeren/… "} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logs.String())
		}
	}
}
