package handlers_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSignInLandsOnOverview(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	p := c.signIn(a.people[0].UserName.String)
	wantStatus(t, p, http.StatusOK)
	if got, want := p.Text("h1"), a.T("overview.welcome", "Name", a.people[0].GivenName); got != want {
		t.Fatalf("h1 = %q, want %q", got, want)
	}
	if p.Request.URL.Path != "/overzicht" {
		t.Fatalf("landed on %s", p.Request.URL.Path)
	}
}

func TestSignInByEmailAndCaseInsensitiveName(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	c.signIn(strings.ToUpper(a.people[1].UserName.String))
	p := c.get("/profiel")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, a.people[1].Email) {
		t.Fatal("profile does not show the signed-in patient's e-mail")
	}
}

func TestSignInFailureKeepsNameAndSaysTheSameForUnknownAccounts(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	wrong := c.post("/inloggen", url.Values{"naam": {a.people[0].UserName.String}, "wachtwoord": {"niet-het-goede-wachtwoord"}})
	unknown := c.post("/inloggen", url.Values{"naam": {"niemand@nergens.example"}, "wachtwoord": {"niet-het-goede-wachtwoord"}})
	for _, p := range []*page{wrong, unknown} {
		wantStatus(t, p, http.StatusUnauthorized)
		if got := p.Text(".error-summary li"); got != a.T("signin.failed") {
			t.Fatalf("error = %q", got)
		}
	}
	if v, _ := wrong.Doc.Find("#naam").Attr("value"); v != a.people[0].UserName.String {
		t.Fatalf("the typed name was not kept: %q", v)
	}
	if v, ok := wrong.Doc.Find("#wachtwoord").Attr("value"); ok && v != "" {
		t.Fatal("the password was sent back to the browser")
	}
	// The page itself is the same apart from the typed name and the request id.
	norm := func(p *page, name string) string {
		body := strings.ReplaceAll(p.Body, name, "NAME")
		return body[strings.Index(body, "<main"):strings.Index(body, "</main>")]
	}
	if norm(wrong, a.people[0].UserName.String) != norm(unknown, "niemand@nergens.example") {
		t.Fatal("wrong password and unknown account give different pages")
	}
}

func TestSignInEmptyFieldsAreExplained(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	p := a.newClient().post("/inloggen", url.Values{"naam": {"  "}, "wachtwoord": {""}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#naam-error") != a.T("signin.name_required") || p.Problem("#wachtwoord-error") != a.T("signin.password_required") {
		t.Fatalf("field errors missing: %q %q", p.Problem("#naam-error"), p.Problem("#wachtwoord-error"))
	}
}

func TestLockoutPerAccountAlsoForUnknownNames(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	for _, name := range []string{a.people[0].UserName.String, "bestaat-niet@voorbeeld.example"} {
		c := a.newClient()
		var p *page
		for i := 0; i < 5; i++ {
			p = c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {"fout-fout-fout-fout"}})
		}
		wantStatus(t, p, http.StatusTooManyRequests)
		if got := p.Text(".error-summary li"); got != a.T("signin.locked", "Minutes", 15) {
			t.Fatalf("%s: locked message = %q", name, got)
		}
		// Even the right password is refused while locked.
		p = c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
		wantStatus(t, p, http.StatusTooManyRequests)
	}
	// After the lock the right password works again.
	a.fixed.Advance(16 * time.Minute)
	a.newClient().signIn(a.people[0].UserName.String)
}

func TestLockoutPerAddress(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	var p *page
	for i := 0; i < 20; i++ { // many names from one address, each below its own limit
		p = c.post("/inloggen", url.Values{"naam": {"raden" + strings.Repeat("x", i) + "@voorbeeld.example"}, "wachtwoord": {"fout-fout-fout-fout"}})
	}
	wantStatus(t, p, http.StatusTooManyRequests)
	p = c.post("/inloggen", url.Values{"naam": {a.people[0].UserName.String}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusTooManyRequests)
}

func TestSignInRotatesSessionAndSignOutEndsIt(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	c.signIn(a.people[0].UserName.String)
	first := sessionCookie(t, a, c)
	c.signIn(a.people[0].UserName.String) // signing in again gives a new id
	second := sessionCookie(t, a, c)
	if first == second {
		t.Fatal("the session id did not change at sign-in")
	}
	// The old id no longer works.
	old := a.newClient()
	old.http.Jar.SetCookies(mustURL(a.srv.URL), []*http.Cookie{{Name: "balie", Value: first, Path: "/"}})
	if p := old.get("/overzicht"); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session id still works: %d", p.StatusCode)
	}

	p := c.post("/uitloggen", nil)
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if got := p.Text(".notice"); got != a.T("signin.notice_signed_out") {
		t.Fatalf("sign-out notice = %q", got)
	}
	// Replaying the cookie after sign-out does not work: the session is gone on the server.
	replay := a.newClient()
	replay.http.Jar.SetCookies(mustURL(a.srv.URL), []*http.Cookie{{Name: "balie", Value: second, Path: "/"}})
	p = replay.get("/overzicht")
	wantStatus(t, p, http.StatusSeeOther)
	var n int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM sessions").Scan(&n); err != nil || n != 0 {
		t.Fatalf("sessions left after sign-out: %d (%v)", n, err)
	}
}

func sessionCookie(t *testing.T, a *testApp, c *client) string {
	t.Helper()
	for _, ck := range c.http.Jar.Cookies(mustURL(a.srv.URL)) {
		if ck.Name == "balie" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// throttleOf is the stored count of failures for a throttle key, and whether the key is locked.
func throttleOf(t *testing.T, a *testApp, key string) (failures int64, locked bool) {
	t.Helper()
	th, err := a.db.R.GetThrottle(context.Background(), key)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return th.Failures, th.LockedUntil.Valid && th.LockedUntil.Time.After(a.clock.Now())
}

// Sixty wrong passwords sent at once for one account: at most five are compared (each costs an argon2
// hash of 19 MiB), because the account's and the address's tries are taken in one write before the
// password is checked; the rest are refused as locked, and so is the right password afterwards.
func TestConcurrentWrongPasswordsAreComparedAtMostFiveTimes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	pages := a.newClient().postAtOnce("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {"fout-fout-fout-fout"}}, 60)
	var failed, locked int
	other := map[string]int{}
	for _, p := range pages {
		switch {
		case p.StatusCode == http.StatusUnauthorized && p.Text(".error-summary li") == a.T("signin.failed"):
			failed++
		case p.StatusCode == http.StatusTooManyRequests && p.Text(".error-summary li") == a.T("signin.locked", "Minutes", 15):
			locked++
		default:
			other[fmt.Sprintf("%d %q", p.StatusCode, p.Text(".error-summary li"))]++
		}
	}
	if failed != 4 || locked != 56 {
		t.Errorf("answers: %d wrong, %d locked, want 4 and 56; others: %v", failed, locked, other)
	}
	// Every compared password is among the account's events: four failures and the one that locked it.
	if f, l := countEvents(t, a, u.ID, "sign_in_failed"), countEvents(t, a, u.ID, "locked"); f != 4 || l != 1 {
		t.Errorf("account events: %d sign_in_failed, %d locked, want 4 and 1", f, l)
	}
	// The address counted the five compared, not the refused ones (twenty would have locked it).
	if f, l := throttleOf(t, a, "address:127.0.0.1"); f != 5 || l {
		t.Errorf("the address counted %d failures (locked: %v), want 5 and no lock", f, l)
	}
	if _, l := throttleOf(t, a, "account:"+strings.ToLower(u.UserName.String)); !l {
		t.Error("the account is not locked")
	}
	p := a.newClient().post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusTooManyRequests)
	if got := p.Text(".error-summary li"); got != a.T("signin.locked", "Minutes", 15) {
		t.Fatalf("the right password during the lock: %q", got)
	}
}

// Many people sign in from one address (a clinic's Wi-Fi): a right password does not count against the
// address, not even the one whose try reached the address's limit, and clears the account's count.
func TestSignInsThatSucceedDoNotCountAgainstTheAddress(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	name := a.people[1].UserName.String
	for i := range 18 {
		wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {fmt.Sprintf("raden%d@voorbeeld.example", i)}, "wachtwoord": {"fout-fout-fout-fout"}}), http.StatusUnauthorized)
	}
	wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {"fout-fout-fout-fout"}}), http.StatusUnauthorized)
	// Nineteen failures: each right password's try reaches the limit of twenty, and is given back.
	for _, u := range a.people {
		wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	}
	if f, l := throttleOf(t, a, "address:127.0.0.1"); f != 19 || l {
		t.Fatalf("after the right passwords the address counts %d failures (locked: %v), want 19", f, l)
	}
	if f, _ := throttleOf(t, a, "account:"+strings.ToLower(name)); f != 0 {
		t.Fatalf("the right password left %d failures on the account", f)
	}
	wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {"raden@voorbeeld.example"}, "wachtwoord": {"fout-fout-fout-fout"}}), http.StatusTooManyRequests)
}

// Locked for wrong codes, the right password is refused with a message about codes, not passwords; a
// wrong password gets the usual answer (it says nothing about the account).
func TestSignInLockedForWrongCodesSaysSo(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	name := a.people[0].UserName.String
	var p *page
	for range 2 { // two sign-ins, five wrong codes each: the account is locked for codes
		c := a.newClient()
		wantStatus(t, c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
		wrong := otherCode(a.lastSMSCode(name))
		for range 5 {
			p = c.post("/inloggen/code", url.Values{"code": {wrong}})
		}
		a.fixed.Advance(time.Minute)
	}
	wantStatus(t, p, http.StatusTooManyRequests)
	if got := p.Text(".error-summary li"); got != a.T("signin.locked_codes", "Minutes", 15) {
		t.Fatalf("after the tenth wrong code: %q", got)
	}
	p = a.newClient().post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusTooManyRequests)
	if got := p.Text(".error-summary li"); got != a.T("signin.locked_codes", "Minutes", 14) {
		t.Fatalf("the right password during the code lock: %q", got)
	}
	p = a.newClient().post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {"fout-fout-fout-fout"}})
	wantStatus(t, p, http.StatusUnauthorized)
}
