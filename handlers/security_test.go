package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCrossOriginPostsAreRefused(t *testing.T) {
	a := newTestApp(t)
	c := a.patientClient(0)
	for _, h := range []http.Header{
		{"Sec-Fetch-Site": {"cross-site"}},
		{"Origin": {"https://evil.example"}},
	} {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/uitloggen", nil)
		for k, v := range h {
			req.Header[k] = v
		}
		p := c.do(req)
		wantStatus(t, p, http.StatusForbidden)
		if got := p.Text("main p"); got != a.T("error.cross_origin") {
			t.Fatalf("message = %q", got)
		}
		if strings.Contains(p.Body, "cross-origin request detected") {
			t.Fatal("internal error text reached the browser")
		}
	}
	// Still signed in: the forged sign-out did nothing.
	wantStatus(t, c.get("/overzicht"), http.StatusOK)
	// A cross-site sign-in attempt is refused too (login CSRF).
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/inloggen",
		strings.NewReader(url.Values{"naam": {a.people[1].UserName.String}, "wachtwoord": {demoPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	wantStatus(t, a.newClient().do(req), http.StatusForbidden)
}

func TestSecurityHeaders(t *testing.T) {
	a := newTestApp(t)
	c := a.patientClient(0)
	for _, path := range []string{"/inloggen", "/overzicht", "/profiel", "/bestaat-niet"} {
		p := c.get(path)
		h := p.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP allows unsafe: %q", path, csp)
		}
		for k, v := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
			"Cache-Control":          "no-store",
		} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
		// No inline script or style anywhere.
		if p.Doc.Find("script:not([src]), style, [style]").Length() > 0 {
			t.Errorf("%s has inline script or style", path)
		}
	}
	// The session cookie is HttpOnly and SameSite=Lax.
	raw := a.newClient().post("/inloggen", url.Values{"naam": {a.people[0].UserName.String}, "wachtwoord": {demoPassword}})
	ck := raw.Header.Get("Set-Cookie")
	if !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") {
		t.Fatalf("session cookie %q", ck)
	}
}

func TestStaticFilesAreHashedAndCachedLong(t *testing.T) {
	a := newTestApp(t)
	c := a.newClient()
	p := c.get("/inloggen")
	href, _ := p.Doc.Find(`link[rel=stylesheet]`).Attr("href")
	if !strings.HasPrefix(href, "/static/app.") || len(href) < len("/static/app.123456789012.css") {
		t.Fatalf("stylesheet URL %q is not content-hashed", href)
	}
	s := c.get(href)
	wantStatus(t, s, http.StatusOK)
	if got := s.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Fatalf("Cache-Control = %q", got)
	}
	wantStatus(t, c.get("/static/app.css"), http.StatusNotFound) // only hashed names are served
}

func TestHealthzHasNoPersonalData(t *testing.T) {
	a := newTestApp(t)
	p := a.newClient().get("/healthz")
	wantStatus(t, p, http.StatusOK)
	if strings.TrimSpace(p.Body) != `{"status":"ok"}` {
		t.Fatalf("healthz = %q", p.Body)
	}
}

func TestInternalErrorsShowAFriendlyPage(t *testing.T) {
	a := newTestApp(t)
	c := a.patientClient(0)
	a.db.Read.Close() // every read now fails
	p := c.get("/profiel")
	wantStatus(t, p, http.StatusInternalServerError)
	if got := p.Text("main p"); got != a.T("error.server") {
		t.Fatalf("message = %q", got)
	}
	if strings.Contains(p.Body, "sql") || strings.Contains(p.Body, "closed") {
		t.Fatal("internal error text reached the browser")
	}
	if id := p.Header.Get("X-Request-Id"); id == "" || !strings.Contains(p.Body, id) {
		t.Fatal("the page does not show the request id to quote")
	}
}
