package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	a.fixed.Advance(19 * time.Minute)
	wantStatus(t, c.get("/overzicht"), http.StatusOK) // activity: the idle timer starts again
	a.fixed.Advance(19 * time.Minute)
	wantStatus(t, c.get("/profiel"), http.StatusOK)
	a.fixed.Advance(20*time.Minute + time.Second)
	p := c.get("/overzicht")
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/inloggen?melding=signin.notice_idle" {
		t.Fatalf("redirected to %q", loc)
	}
	if got := c.follow(p).Text(".notice"); got != a.T("signin.notice_idle") {
		t.Fatalf("notice = %q", got)
	}
	// The session is gone for good, also when the clock is set back.
	a.fixed.Advance(-time.Hour)
	wantStatus(t, c.get("/overzicht"), http.StatusSeeOther)
}

// A patient who reads the portal in English (chosen on another device: this browser has no language
// cookie) gets the sign-in page after an idle timeout in English too.
func TestIdleTimeoutKeepsTheUsersLanguage(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	if _, err := a.db.Write.Exec("UPDATE users SET locale = 'en' WHERE id = ?", me.ID); err != nil {
		t.Fatal(err)
	}
	c := a.patientClient(0)
	if got := c.get("/overzicht").Doc.Find("html").AttrOr("lang", ""); got != "en" {
		t.Fatalf("the overview is in %q, want en", got)
	}
	a.fixed.Advance(20*time.Minute + time.Second)
	p := c.follow(c.get("/overzicht"))
	if got := p.Doc.Find("html").AttrOr("lang", ""); got != "en" {
		t.Errorf("the sign-in page after the timeout is in %q, want en", got)
	}
	if got, want := p.Text(".notice"), a.tr["en"].T("signin.notice_idle"); got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
}

func TestAbsoluteTimeoutCannotBeExtended(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	for i := 0; i < 5; i++ { // busy all the time, and pressing "Blijf ingelogd"
		a.fixed.Advance(11 * time.Minute)
		wantStatus(t, c.post("/sessie/verlengen", url.Values{"terug": {"/overzicht"}}), http.StatusSeeOther)
	}
	a.fixed.Advance(5 * time.Minute) // 60 minutes after sign-in
	p := c.get("/overzicht")
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/inloggen?melding=signin.notice_absolute" {
		t.Fatalf("redirected to %q", loc)
	}
	if got := c.follow(p).Text(".notice"); got != a.T("signin.notice_absolute") {
		t.Fatalf("notice = %q", got)
	}
}

func TestStaySignedInExtendsIdleAndReportsTimeLeft(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	p := c.get("/overzicht")
	timer := p.Doc.Find("#session-timer")
	if v, _ := timer.Attr("data-idle-left"); v != "1200" {
		t.Fatalf("idle left = %q", v)
	}
	if v, _ := timer.Attr("data-absolute-left"); v != "3600" {
		t.Fatalf("absolute left = %q", v)
	}
	if v, _ := timer.Attr("data-warn-before"); v != "300" {
		t.Fatalf("warn before = %q", v)
	}
	if p.Doc.Find("#session-warning form.session-stay button").Text() != a.T("session.stay") {
		t.Fatal("no stay-signed-in button")
	}
	a.fixed.Advance(16 * time.Minute)
	c.header.Set("HX-Request", "true")
	ext := c.post("/sessie/verlengen", nil)
	wantStatus(t, ext, http.StatusNoContent)
	if got := ext.Header.Get("X-Session-Idle-Left"); got != "1200" {
		t.Fatalf("X-Session-Idle-Left = %q", got)
	}
	if got, _ := strconv.Atoi(ext.Header.Get("X-Session-Absolute-Left")); got != 44*60 {
		t.Fatalf("X-Session-Absolute-Left = %d", got)
	}
	c.header.Del("HX-Request")
	a.fixed.Advance(19 * time.Minute) // 35 minutes after sign-in, 19 after the extension
	wantStatus(t, c.get("/overzicht"), http.StatusOK)
}

func TestExpiredSessionTellsHtmxToNavigate(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	a.fixed.Advance(21 * time.Minute)
	c.header.Set("HX-Request", "true")
	p := c.get("/profiel")
	wantStatus(t, p, http.StatusUnauthorized)
	if got := p.Header.Get("HX-Redirect"); got != "/inloggen?melding=signin.notice_idle" {
		t.Fatalf("HX-Redirect = %q", got)
	}
}

// A draft's autosave restarts the idle time only when the user typed for it (the page's script marks
// the htmx requests that a user's own event caused): one sent by the timeout warning or a retry does
// not, so a typed draft cannot keep a session alive, and the draft it saved is there after signing in
// again. "Concept opslaan" without JavaScript is a form sent, and counts.
func TestAutosaveExtendsTheSessionOnlyWhenTyped(t *testing.T) {
	t.Parallel()
	const idle = 5 * time.Minute
	a := newTestApp(t, withTimeouts(idle, time.Hour))
	name := a.people[0].UserName.String
	autosave := func(c *client, typed bool, text string, version int64) *page {
		t.Helper()
		c.header.Set("HX-Request", "true")
		if typed {
			c.header.Set("X-User-Action", "true")
		}
		defer func() { c.header.Del("HX-Request"); c.header.Del("X-User-Action") }()
		p := c.post("/concept", draftForm("nieuw", "Avond", text, version))
		wantStatus(t, p, http.StatusOK)
		return p
	}
	idleLeft := func(p *page) string { return p.Header.Get("X-Session-Idle-Left") }

	// Saved because the warning showed: neither the server's idle time nor the page's countdown restarts.
	c := a.patientClient(0)
	a.fixed.Advance(idle - time.Minute)
	if got := idleLeft(autosave(c, false, "Getypt voor de waarschuwing", 1000)); got != "60" {
		t.Fatalf("after the warning's save the page is told %q seconds are left, want 60", got)
	}
	a.fixed.Advance(time.Minute)
	p := c.get("/dagboek/nieuw")
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/inloggen?melding=signin.notice_idle" {
		t.Fatalf("at the idle limit after the warning's save: redirected to %q", loc)
	}
	c = a.newClient()
	c.signIn(name)
	if got := c.get("/dagboek/nieuw").Doc.Find("#tekst").Text(); got != "Getypt voor de waarschuwing" {
		t.Fatalf("after signing in again the draft holds %q", got)
	}

	// Saved because the user typed: both restart.
	a.fixed.Advance(idle - time.Minute)
	if got := idleLeft(autosave(c, true, "Verder getypt", 2000)); got != "300" {
		t.Fatalf("after a typed save the page is told %q seconds are left, want 300", got)
	}
	a.fixed.Advance(idle - time.Minute)
	wantStatus(t, c.get("/dagboek/nieuw"), http.StatusOK)

	// "Concept opslaan" without JavaScript.
	a.fixed.Advance(idle - time.Minute)
	wantStatus(t, c.post("/concept", draftForm("nieuw", "Avond", "Met de knop bewaard", 3000)), http.StatusSeeOther)
	a.fixed.Advance(idle - time.Minute)
	if got := c.get("/dagboek/nieuw").Doc.Find("#tekst").Text(); got != "Met de knop bewaard" {
		t.Fatalf("after the button's save the form holds %q (signed out?)", got)
	}
}
