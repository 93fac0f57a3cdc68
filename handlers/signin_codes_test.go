package handlers_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"balie/internal/factor"
	"balie/queries"
)

// postAtOnce sends the same form n times at once from one browser (one cookie jar), as a script
// guessing codes would, and returns the answers.
func (c *client) postAtOnce(path string, form url.Values, n int) []*page {
	c.t.Helper()
	reqs := make([]*http.Request, n)
	for i := range reqs {
		reqs[i] = c.formRequest(path, form)
	}
	pages, errs := make([]*page, n), make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			pages[i], errs[i] = c.send(req)
		}()
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		c.t.Fatal(err)
	}
	return pages
}

// codeAnswers counts what the answers to tries at the code page said.
type codeAnswers struct {
	wrong int            // the code page: "this code is not correct" (the code was compared)
	ended int            // the sign-in page: "start again", or a redirect there once the sign-in was gone
	other map[string]int // anything else, by status and message
}

func countCodeAnswers(a *testApp, pages []*page) codeAnswers {
	n := codeAnswers{other: map[string]int{}}
	for _, p := range pages {
		switch {
		case p.StatusCode == http.StatusUnprocessableEntity && p.Problem("#code-error") == a.T("signin_codes.wrong"):
			n.wrong++
		case p.StatusCode == http.StatusUnauthorized && p.Text(".error-summary li") == a.T("signin_codes.start_again"),
			p.StatusCode == http.StatusSeeOther && strings.HasPrefix(p.Header.Get("Location"), "/inloggen?"):
			n.ended++
		default:
			n.other[fmt.Sprintf("%d %s %q", p.StatusCode, p.Header.Get("Location"), p.Text(".error-summary li"))]++
		}
	}
	return n
}

// codeFailures is the account's count of wrong second-factor codes, and whether it is locked.
func codeFailures(t *testing.T, a *testApp, userID int64) (failures int64, locked bool) {
	t.Helper()
	th, err := a.db.R.GetThrottle(context.Background(), fmt.Sprintf("code:%d", userID))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return th.Failures, th.LockedUntil.Valid && th.LockedUntil.Time.After(a.clock.Now())
}

// wantFiveCompared checks the answers to 60 wrong codes sent at once: four said "wrong" on the code
// page, the fifth wrong one ended the sign-in, and every other try was refused without being compared.
// The account counted five wrong codes and the sign-in ended once.
func wantFiveCompared(t *testing.T, a *testApp, userID int64, pages []*page) {
	t.Helper()
	n := countCodeAnswers(a, pages)
	if n.wrong != 4 || n.ended != len(pages)-4 {
		t.Errorf("answers: %d wrong, %d ended the sign-in, want 4 and %d; others: %v", n.wrong, n.ended, len(pages)-4, n.other)
	}
	if failures, locked := codeFailures(t, a, userID); failures != 5 || locked {
		t.Errorf("the account counted %d wrong codes (locked: %v), want 5 and no lock", failures, locked)
	}
	if ev := countEvents(t, a, userID, "sign_in_failed"); ev != 1 {
		t.Errorf("%d sign_in_failed events, want 1", ev)
	}
}

// passedFactor reports whether the answer to a code moved the sign-in past the code page (to the terms
// or the start page).
func passedFactor(p *page) bool {
	return p.StatusCode == http.StatusSeeOther && !strings.HasPrefix(p.Header.Get("Location"), "/inloggen")
}

// otherCode is a code of 6 digits that is not any of codes.
func otherCode(codes ...string) string {
	for i := 0; ; i++ {
		c := fmt.Sprintf("%06d", i*111111%1000000)
		if !strings.Contains(strings.Join(codes, " "), c) {
			return c
		}
	}
}

// Sixty wrong SMS codes sent at once for one pending sign-in: at most five are compared (the code's
// tries and the sign-in's are taken before comparing, in one write), the rest are refused, and the
// right code no longer signs in.
func TestConcurrentWrongSMSCodesAreComparedAtMostFiveTimes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	c := a.newClient()
	wantStatus(t, c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	right := a.lastSMSCode(u.UserName.String)

	pages := c.postAtOnce("/inloggen/code", url.Values{"code": {otherCode(right)}}, 60)
	var tries int
	var used sql.NullTime
	if err := a.db.Read.QueryRow(`SELECT tries, used_at FROM one_time_codes WHERE user_id = ? AND purpose = 'sign_in'`, u.ID).Scan(&tries, &used); err != nil {
		t.Fatal(err)
	}
	if tries != 5 {
		t.Errorf("the code was tried %d times, want 5", tries)
	}
	wantFiveCompared(t, a, u.ID, pages)

	if passedFactor(c.post("/inloggen/code", url.Values{"code": {right}})) {
		t.Fatal("the right code signed in after the tries were used up")
	}
	if err := a.db.Read.QueryRow(`SELECT used_at FROM one_time_codes WHERE user_id = ? AND purpose = 'sign_in'`, u.ID).Scan(&used); err != nil || used.Valid {
		t.Fatalf("the code was used (%v)", err)
	}
}

// addApp gives the user an authenticator app (as the setup stores it) and returns its secret.
func addApp(t *testing.T, a *testApp, userID int64) string {
	t.Helper()
	key, err := factor.NewTOTP("De Linde", "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.W.CreateFactor(context.Background(), queries.CreateFactorParams{UserID: userID, Kind: "totp",
		Secret: key.Secret(), CreatedAt: a.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	return key.Secret()
}

// The same for the authenticator app, which has no count of its own: the sign-in's tries and the
// account's are taken before comparing.
func TestConcurrentWrongAppCodesAreComparedAtMostFiveTimes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	secret := addApp(t, a, u.ID)
	c := a.newClient()
	wantStatus(t, c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	now := a.clock.Now()
	wrong := otherCode(factor.TOTPCode(secret, now.Add(-30*time.Second)), factor.TOTPCode(secret, now), factor.TOTPCode(secret, now.Add(30*time.Second)))

	wantFiveCompared(t, a, u.ID, c.postAtOnce("/inloggen/code", url.Values{"code": {wrong}}, 60))

	if passedFactor(c.post("/inloggen/code", url.Values{"code": {factor.TOTPCode(secret, now)}})) {
		t.Fatal("the right app code signed in after the tries were used up")
	}
}

// A sign-in that reached the code page before the account was locked for wrong codes (elsewhere) gets
// no further: the lock is checked before its code is compared, and the right code does not lift it.
func TestCodeLockStopsASignInAlreadyAtTheCodePage(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	name := u.UserName.String
	pending := a.newClient()
	wantStatus(t, pending.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	right := a.lastSMSCode(name)
	for range 2 { // two other sign-ins, five wrong codes each: the account is locked
		c := a.newClient()
		wantStatus(t, c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
		wrong := otherCode(right, a.lastSMSCode(name))
		for range 5 {
			c.post("/inloggen/code", url.Values{"code": {wrong}})
		}
	}
	if _, locked := codeFailures(t, a, u.ID); !locked {
		t.Fatal("ten wrong codes did not lock the account")
	}
	p := pending.post("/inloggen/code", url.Values{"code": {right}})
	wantStatus(t, p, http.StatusTooManyRequests)
	if _, locked := codeFailures(t, a, u.ID); !locked {
		t.Fatal("the right code lifted the lock")
	}
	var used int
	if err := a.db.Read.QueryRow(`SELECT count(*) FROM one_time_codes WHERE user_id = ? AND used_at IS NOT NULL`, u.ID).Scan(&used); err != nil || used != 0 {
		t.Fatalf("a code was used during the lock (%d, %v)", used, err)
	}
}

// spendHourlyCodes signs the user in (password only) as often as an hour allows codes, a minute apart,
// and returns when the first code was sent.
func spendHourlyCodes(t *testing.T, a *testApp, name string) time.Time {
	t.Helper()
	first := a.clock.Now()
	for range 6 {
		wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
		a.fixed.Advance(time.Minute)
	}
	return first
}

func countCodes(t *testing.T, a *testApp, userID int64) int {
	t.Helper()
	var n int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM one_time_codes WHERE user_id = ?", userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// After as many codes as an hour allows, the code page says so and at what time a code can be sent
// again, sends nothing, and shows neither a field nor a promise for a code that is not coming; a user
// with the authenticator app is offered it. The reset link answers the same. At the time shown, a code
// can be sent again.
func TestHourlyCodeLimitSaysWhenAndOffersOtherWays(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	smsOnly, withApp := a.people[0], a.people[1]
	wantWait := func(p *page, first time.Time, sendForm string) {
		t.Helper()
		want := a.T("signin_codes.too_many_sent", "Count", 6, "Time", a.tr["nl"].Clock(first.Add(time.Hour)))
		if got := p.Text("#code-wait"); got != want {
			t.Fatalf("%s: the wait is explained as %q, want %q", p.Request.URL.Path, got, want)
		}
		if p.Doc.Find("#code, #code-hint").Length() != 0 || p.Doc.Find(`form[action="`+sendForm+`"]`).Length() != 0 {
			t.Fatalf("%s: a field, a promise or a send button for a code that cannot be sent", p.Request.URL.Path)
		}
	}
	signIn := func(u queries.User) (*client, *page) {
		c := a.newClient()
		p := c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}})
		wantStatus(t, p, http.StatusSeeOther)
		return c, c.follow(p)
	}
	first := spendHourlyCodes(t, a, smsOnly.UserName.String)
	firstApp := spendHourlyCodes(t, a, withApp.UserName.String)
	secret := addApp(t, a, withApp.ID)

	// The seventh sign-in within the hour, SMS only: why, until when, and nothing sent.
	c, p := signIn(smsOnly)
	wantStatus(t, p, http.StatusOK)
	wantWait(p, first, "/inloggen/code/sms")
	if strings.Contains(p.Text("main"), a.T("signin_factor.other_ways")) {
		t.Error("other ways are offered to a user who has none")
	}
	p = c.post("/inloggen/code/sms", nil)
	wantStatus(t, p, http.StatusTooManyRequests)
	wantWait(p, first, "/inloggen/code/sms")
	if n := countCodes(t, a, smsOnly.ID); n != 6 {
		t.Errorf("%d codes sent, want 6", n)
	}

	// The reset link says the same.
	wantStatus(t, c.post("/wachtwoord-vergeten", url.Values{"naam": {smsOnly.Email}}), http.StatusOK)
	link := a.lastMailLink(smsOnly.Email)
	p = c.get(link)
	wantStatus(t, p, http.StatusOK)
	wantWait(p, first, link+"/sms")
	p = c.post(link+"/sms", nil)
	wantStatus(t, p, http.StatusTooManyRequests)
	wantWait(p, first, link+"/sms")

	// A user with the app who asks for a code is offered the app, and can go on with it.
	c, p = signIn(withApp)
	if p.Text("#code-hint") != a.T("signin_factor.totp_intro") {
		t.Fatalf("the app is not asked for first: %q", p.Text("#code-hint"))
	}
	p = c.post("/inloggen/code/sms", nil)
	wantStatus(t, p, http.StatusTooManyRequests)
	wantWait(p, firstApp, "/inloggen/code/sms")
	if !strings.Contains(p.Text("main"), a.T("signin_factor.other_ways")) ||
		strings.TrimSpace(p.Doc.Find(`form[action="/inloggen/code/app"] button`).Text()) != a.T("signin_factor.use_totp") {
		t.Fatal("the app is not offered")
	}
	wantStatus(t, c.post("/inloggen/code/app", nil), http.StatusSeeOther)
	if p = c.post("/inloggen/code", url.Values{"code": {factor.TOTPCode(secret, a.clock.Now())}}); !passedFactor(p) {
		t.Fatalf("the app did not sign in: %d %q", p.StatusCode, p.Header.Get("Location"))
	}

	// Just before the time shown, still no code; at that time, one comes.
	a.fixed.Set(first.Add(time.Hour - time.Second))
	_, p = signIn(smsOnly)
	wantWait(p, first, "/inloggen/code/sms")
	a.fixed.Advance(time.Second)
	_, p = signIn(smsOnly)
	if p.Doc.Find("#code").Length() != 1 || countCodes(t, a, smsOnly.ID) != 7 {
		t.Fatalf("no code at the time shown: %q", p.Text("main"))
	}
}
