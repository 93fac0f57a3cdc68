package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestLanguageSwitchBeforeAndAfterSignIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	en := a.tr["en"]
	c := a.newClient()
	p := c.get("/inloggen")
	if p.Text("h1") != a.T("signin.title") || p.Doc.Find("html").AttrOr("lang", "") != "nl" {
		t.Fatal("the sign-in page is not Dutch by default")
	}
	p = c.post("/taal", url.Values{"taal": {"en"}, "terug": {"/inloggen"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if p.Text("h1") != en.T("signin.title") || p.Doc.Find("html").AttrOr("lang", "") != "en" {
		t.Fatalf("after switching: h1 %q", p.Text("h1"))
	}
	// Signing in keeps the choice and stores it on the account …
	p = c.signIn(a.people[0].UserName.String)
	if got := p.Text("h1"); got != en.T("overview.welcome", "Name", a.people[0].GivenName) {
		t.Fatalf("overview h1 = %q", got)
	}
	// … so another device without the cookie gets English too.
	other := a.newClient()
	p = other.signIn(a.people[0].UserName.String)
	if p.Doc.Find("html").AttrOr("lang", "") != "en" {
		t.Fatal("the language was not remembered for the user")
	}
	// Switching back while signed in is stored as well.
	c.follow(c.post("/taal", url.Values{"taal": {"nl"}, "terug": {"/profiel"}}))
	third := a.newClient()
	if third.signIn(a.people[0].UserName.String).Doc.Find("html").AttrOr("lang", "") != "nl" {
		t.Fatal("switching back to Dutch was not stored")
	}
	// Unknown languages and foreign return addresses are refused.
	wantStatus(t, c.post("/taal", url.Values{"taal": {"de"}}), http.StatusBadRequest)
	p = c.post("/taal", url.Values{"taal": {"nl"}, "terug": {"//evil.example/"}})
	if loc := p.Header.Get("Location"); loc != "/" {
		t.Fatalf("redirected to %q", loc)
	}
}

func TestHighContrastIsRememberedPerUser(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	p := c.get("/inloggen")
	if p.Doc.Find("html").AttrOr("class", "x") != "" {
		t.Fatal("contrast is set before anyone chose it (the device should decide)")
	}
	if p.Doc.Find("form.contrast-switch button").AttrOr("aria-pressed", "") != "false" {
		t.Fatal("the contrast button has no aria-pressed")
	}
	p = c.follow(c.post("/contrast", url.Values{"showing": {"0"}, "terug": {"/inloggen"}}))
	if p.Doc.Find("html").AttrOr("class", "") != "hc" || p.Doc.Find("form.contrast-switch button").AttrOr("aria-pressed", "") != "true" {
		t.Fatal("high contrast did not switch on before sign-in")
	}
	c.signIn(a.people[0].UserName.String)
	other := a.newClient()
	p = other.signIn(a.people[0].UserName.String)
	if p.Doc.Find("html").AttrOr("class", "") != "hc" {
		t.Fatal("high contrast was not remembered for the user")
	}
	// The device preferred high contrast and the user turns it off: "no-hc" overrides the device.
	p = other.follow(other.post("/contrast", url.Values{"showing": {"1"}, "terug": {"/overzicht"}}))
	if p.Doc.Find("html").AttrOr("class", "") != "no-hc" {
		t.Fatalf("class = %q", p.Doc.Find("html").AttrOr("class", ""))
	}
}

// The return address of the language and contrast switches is a path on this site or nothing: a value
// a browser would read as another site's address (tabs and newlines dropped, backslashes read as
// slashes, plainly or percent-encoded) leads to the start page.
func TestPreferenceSwitchesReturnOnlyToALocalPath(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	evil := []string{
		"/\t/evil.example", "/%09/evil.example", "/\r\n/evil.example", "/\n/evil.example", "/\x00/evil.example",
		"/\\evil.example", "\\\\evil.example", "/x\\..\\evil", "//evil.example", "///evil.example",
		"/%2F/evil.example", "/%2f/evil.example", "/%5Cevil.example", "/%5cevil.example", "/%0d%0a/evil.example",
		"/%zz", "https://evil.example", "javascript:alert(1)", " /profiel", "", "evil.example",
	}
	clean := []string{"/profiel", "/inloggen", "/berichten?pagina=2", "/praktijk/berichten?lijst=team&pagina=3", "/dagboek/12?melding=opgeslagen"}
	forms := map[string]url.Values{"/taal": {"taal": {"nl"}}, "/contrast": {"showing": {"0"}}}
	for path, form := range forms {
		for _, back := range append(evil, clean...) {
			form.Set("terug", back)
			req, err := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			// The transport, not the client: Go's client refuses to read a Location with a control
			// character, where a browser would follow it.
			resp, err := a.srv.Client().Transport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := "/"
			if slices.Contains(clean, back) {
				want = back
			}
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != want {
				t.Errorf("POST %s with terug=%q: %d to %q, want %q", path, back, resp.StatusCode, loc, want)
			}
		}
	}
}
