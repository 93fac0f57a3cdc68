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
		case p.StatusCode == http.StatusUnprocessableEntity && p.Text("#code-error") == a.T("code.wrong"):
			n.wrong++
		case p.StatusCode == http.StatusUnauthorized && p.Text("#signin-error") == a.T("code.start_again"),
			p.StatusCode == http.StatusSeeOther && strings.HasPrefix(p.Header.Get("Location"), "/inloggen?"):
			n.ended++
		default:
			n.other[fmt.Sprintf("%d %s %q", p.StatusCode, p.Header.Get("Location"), p.Text("#code-error, #signin-error, .error-summary"))]++
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
