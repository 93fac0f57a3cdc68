package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func countOutbox(t *testing.T, a *testApp) int {
	var n int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM outbox").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPasswordResetWithSecondFactor(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	other := a.patientClient(0) // a session elsewhere that must end
	c := a.newClient()

	// Known and unknown names get the same page and status; only the known one gets a mail.
	before := countOutbox(t, a)
	unknown := c.post("/wachtwoord-vergeten", url.Values{"naam": {"niemand@voorbeeld.example"}})
	if countOutbox(t, a) != before {
		t.Fatal("a mail was sent for an unknown name")
	}
	known := c.post("/wachtwoord-vergeten", url.Values{"naam": {me.UserName.String}})
	wantStatus(t, unknown, http.StatusOK)
	wantStatus(t, known, http.StatusOK)
	if unknown.Text("main") != known.Text("main") || known.Text(".notice") != a.T("signin_reset.notice_sent") {
		t.Fatal("the answers differ between a known and an unknown name")
	}
	link := a.lastMailLink(me.Email)
	if !strings.HasPrefix(link, "/wachtwoord-herstellen/") {
		t.Fatalf("reset link %q", link)
	}

	// The link asks for the second factor first; the SMS code is bound to this link.
	p := c.get(link)
	wantStatus(t, p, http.StatusOK)
	p = c.post(link+"/sms", nil)
	wantStatus(t, p, http.StatusSeeOther)
	p = c.post(link, url.Values{"methode": {"sms"}, "code": {"999999"}})
	if p.Problem("#code-error") != a.T("signin_codes.wrong") {
		t.Fatalf("wrong code: %q", p.Problem("#code-error"))
	}
	code := a.lastSMSCode(me.UserName.String)
	p = c.post(link, url.Values{"methode": {"sms"}, "code": {code}})
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != "/wachtwoord-herstellen/nieuw" {
		t.Fatalf("after the code: %q", p.Header.Get("Location"))
	}
	// The code is used up: the same link and code on another device open nothing.
	if p := a.newClient().post(link, url.Values{"methode": {"sms"}, "code": {code}}); p.StatusCode == http.StatusSeeOther {
		t.Fatal("a used code opened the reset link again")
	}
	walkAsStage(t, a, c, "reset", "/wachtwoord-herstellen/nieuw")

	p = c.post("/wachtwoord-herstellen/nieuw", url.Values{"wachtwoord": {"qwerty123456"}, "herhaal": {"qwerty123456"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	p = c.post("/wachtwoord-herstellen/nieuw", url.Values{"wachtwoord": {newPassword}, "herhaal": {newPassword}})
	wantStatus(t, p, http.StatusSeeOther)
	wantStatus(t, c.follow(p), http.StatusOK)

	// The other session has ended, a mail says the password changed, and the link is used up.
	if p := other.get("/overzicht"); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other session still works: %d", p.StatusCode)
	}
	rows, _ := a.db.R.ListOutbox(context.Background(), 1)
	if len(rows) == 0 || rows[0].Recipient != me.Email || !strings.Contains(rows[0].Subject, "gewijzigd") {
		t.Fatalf("no password-changed mail: %+v", rows)
	}
	wantStatus(t, a.newClient().get(link), http.StatusGone)
	a.fixed.Advance(2 * time.Minute)
	a.newClient().signInWith(me.UserName.String, newPassword)
	if p := a.newClient().post("/inloggen", url.Values{"naam": {me.UserName.String}, "wachtwoord": {demoPassword}}); p.StatusCode != http.StatusUnauthorized {
		t.Fatal("the old password still works")
	}
}

func TestPasswordResetLinkExpiresAfter30Minutes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	c.post("/wachtwoord-vergeten", url.Values{"naam": {a.people[0].Email}})
	link := a.lastMailLink(a.people[0].Email)
	a.fixed.Advance(30*time.Minute + time.Second)
	p := c.get(link)
	wantStatus(t, p, http.StatusGone)
	if p.Text(".error-summary") != a.T("signin_reset.invalid") {
		t.Fatalf("expired: %q", p.Text(".error-summary"))
	}
}

func TestPasswordResetMailsAreLimited(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	before := countOutbox(t, a)
	for i := 0; i < 6; i++ {
		wantStatus(t, c.post("/wachtwoord-vergeten", url.Values{"naam": {a.people[0].Email}}), http.StatusOK)
	}
	if n := countOutbox(t, a) - before; n != 3 {
		t.Fatalf("%d reset mails for 6 requests, want 3", n)
	}
}

// Wrong codes on a reset link count towards the account's lock, and while it holds not even the right
// code opens the link: the mailbox alone must not allow guessing the second factor.
func TestResetLinkHonoursTheCodeLock(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.newClient()
	wantStatus(t, c.post("/wachtwoord-vergeten", url.Values{"naam": {me.UserName.String}}), http.StatusOK)
	link := a.lastMailLink(me.Email)
	locked := false
	for try := 0; try < 20 && !locked; try++ {
		if try%5 == 0 { // a fresh code now and then: one code takes at most 5 tries
			a.fixed.Advance(2 * time.Minute)
			wantStatus(t, c.post(link+"/sms", nil), http.StatusSeeOther)
		}
		p := c.post(link, url.Values{"methode": {"sms"}, "code": {"000000"}})
		locked = p.StatusCode == http.StatusTooManyRequests
	}
	if !locked {
		t.Fatal("wrong codes on a reset link never locked the account")
	}
	// More wrong tries during the lock neither lift it nor restart it, and the right code is refused.
	for range 3 {
		wantStatus(t, c.post(link, url.Values{"methode": {"sms"}, "code": {"000000"}}), http.StatusTooManyRequests)
	}
	a.fixed.Advance(2 * time.Minute)
	c.post(link+"/sms", nil)
	wantStatus(t, c.post(link, url.Values{"methode": {"sms"}, "code": {a.lastSMSCode(me.UserName.String)}}), http.StatusTooManyRequests)
	// A sign-in with the right password is refused as well until the lock ends.
	if p := a.newClient().post("/inloggen", url.Values{"naam": {me.UserName.String}, "wachtwoord": {demoPassword}}); p.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sign-in during the lock: %d", p.StatusCode)
	}
}

// Sixty reset requests sent at once for one name: the limit of three mails holds (each request's try is
// taken and checked in the write that makes its link), and every answer is the usual one.
func TestConcurrentResetRequestsSendAtMostThreeMails(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	for _, p := range a.newClient().postAtOnce("/wachtwoord-vergeten", url.Values{"naam": {me.Email}}, 60) {
		if p.StatusCode != http.StatusOK || p.Text(".notice") != a.T("signin_reset.notice_sent") {
			t.Fatalf("answer %d %q", p.StatusCode, p.Text(".notice"))
		}
	}
	var links, mails int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM password_resets WHERE user_id = ?", me.ID).Scan(&links); err != nil {
		t.Fatal(err)
	}
	if err := a.db.Read.QueryRow("SELECT count(*) FROM outbox WHERE recipient = ?", me.Email).Scan(&mails); err != nil {
		t.Fatal(err)
	}
	if links != 3 || mails != 3 {
		t.Fatalf("%d reset links and %d mails for 60 requests, want 3", links, mails)
	}
}
