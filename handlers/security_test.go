package handlers_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/factor"
)

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	elsewhere := a.patientClient(0)
	a.fixed.Advance(2 * time.Minute)
	c := a.patientClient(0)
	p := c.post("/account/beveiliging/wachtwoord", url.Values{"huidig": {"fout"}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#huidig-error") != a.T("security.current_wrong") {
		t.Fatalf("wrong current: %q", p.Problem("#huidig-error"))
	}
	p = c.post("/account/beveiliging/wachtwoord", url.Values{"huidig": {demoPassword}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := c.follow(p).Text(".notice"); got != a.T("security.notice_password") {
		t.Fatalf("notice %q", got)
	}
	wantStatus(t, c.get("/overzicht"), http.StatusOK) // this session goes on
	if p := elsewhere.get("/overzicht"); p.StatusCode != http.StatusSeeOther {
		t.Fatal("the other session still works")
	}
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) == 0 || !strings.Contains(mails[len(mails)-1].Subject, "gewijzigd") {
		t.Fatal("no password-changed mail arrived")
	}
	if strings.Contains(mails[len(mails)-1].Text, newPassword) {
		t.Fatal("the mail contains the password")
	}
}

func TestAuthenticatorAppAddedAndUsedToSignIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	p := c.post("/account/beveiliging/nieuw/app", nil)
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if src := p.Doc.Find("img.qr").AttrOr("src", ""); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Fatal("no QR code")
	}
	secret := strings.ReplaceAll(p.Text("code.secret"), " ", "")
	if len(secret) < 16 {
		t.Fatalf("secret %q", secret)
	}
	p = c.post("/account/beveiliging/nieuw/app/bevestig", url.Values{"code": {"123456"}})
	if p.Problem("#code-error") != a.T("signin_codes.wrong") {
		t.Fatalf("wrong app code: %q", p.Problem("#code-error"))
	}
	code := factor.TOTPCode(secret, a.clock.Now())
	p = c.post("/account/beveiliging/nieuw/app/bevestig", url.Values{"code": {code}})
	wantStatus(t, p, http.StatusSeeOther)
	if c.follow(p).Text(".notice") != a.T("security.notice_added") {
		t.Fatal("no notice after adding the app")
	}
	// The owner hears of it by mail, as of every change to how the account signs in.
	a.deliver()
	if mails := a.smtp.To(me.Email); len(mails) == 0 || mails[len(mails)-1].Subject != a.T("mail.factor_added.subject") ||
		!strings.Contains(mails[len(mails)-1].Text, a.T("mail.factor_added.kind_totp")) {
		t.Fatal("no mail says that an authenticator app was added")
	}

	// Next sign-in asks for the app by default; the code that set it up cannot be used again.
	c2 := a.newClient()
	p = c2.post("/inloggen", url.Values{"naam": {me.UserName.String}, "wachtwoord": {demoPassword}})
	p = c2.follow(p)
	if p.Text("#code-hint") != a.T("signin_factor.totp_intro") {
		t.Fatalf("the app is not asked for: %q", p.Text("#code-hint"))
	}
	p = c2.post("/inloggen/code", url.Values{"code": {code}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	a.fixed.Advance(30 * time.Second)
	p = c2.post("/inloggen/code", url.Values{"code": {factor.TOTPCode(secret, a.clock.Now())}})
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != "/overzicht" {
		t.Fatalf("after the app code: %q", p.Header.Get("Location"))
	}
	// One can switch to an SMS code instead.
	c3 := a.newClient()
	c3.post("/inloggen", url.Values{"naam": {me.UserName.String}, "wachtwoord": {demoPassword}})
	wantStatus(t, c3.post("/inloggen/code/sms", nil), http.StatusSeeOther)
	p = c3.post("/inloggen/code", url.Values{"code": {a.lastSMSCode(me.UserName.String)}})
	wantStatus(t, p, http.StatusSeeOther)
}

func TestSMSCodeExpiresIsSingleUseAndBoundToItsSignIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	name := a.people[0].UserName.String
	first := a.newClient()
	first.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
	code := a.lastSMSCode(name)

	// Another sign-in of the same account cannot use this sign-in's code.
	a.fixed.Advance(time.Minute)
	second := a.newClient()
	second.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
	secondCode := a.lastSMSCode(name)
	if code != secondCode {
		if p := second.post("/inloggen/code", url.Values{"code": {code}}); p.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a code of another sign-in was accepted: %d", p.StatusCode)
		}
	}
	// After five minutes the first code has expired.
	a.fixed.Advance(4*time.Minute + time.Second)
	p := first.post("/inloggen/code", url.Values{"code": {code}})
	if p.Problem("#code-error") != a.T("signin_codes.expired") {
		t.Fatalf("expired code: %q", p.Problem("#code-error"))
	}
	// A fresh code works once.
	a.fixed.Advance(time.Minute)
	wantStatus(t, first.post("/inloggen/code/sms", nil), http.StatusSeeOther)
	fresh := a.lastSMSCode(name)
	wantStatus(t, first.post("/inloggen/code", url.Values{"code": {fresh}}), http.StatusSeeOther)
	// ... and once only: it is marked used.
	var used sql.NullTime
	if err := a.db.Read.QueryRow(`SELECT used_at FROM one_time_codes WHERE user_id = ? AND purpose = 'sign_in' ORDER BY id DESC LIMIT 1`,
		a.people[0].ID).Scan(&used); err != nil || !used.Valid {
		t.Fatalf("the fresh code is not marked used (%v)", err)
	}
}

func TestWrongCodesEndTheSignInAndLockTheAccount(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	name := a.people[0].UserName.String
	var p *page
	for round := 0; round < 2; round++ {
		c := a.newClient()
		c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
		for i := 0; i < 5; i++ {
			p = c.post("/inloggen/code", url.Values{"code": {"000000"}})
		}
		a.fixed.Advance(time.Minute)
	}
	// Ten wrong codes: the account is locked, whatever the password.
	wantStatus(t, p, http.StatusTooManyRequests)
	p = a.newClient().post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusTooManyRequests)
	sp := a.staffClient("assistant").get(fmt.Sprintf("/praktijk/patienten/%d", a.people[0].ID))
	if !strings.Contains(sp.Body, a.T("account.locked")) || !strings.Contains(sp.Body, a.T("event.locked")) {
		t.Fatal("staff do not see the lock")
	}
}

// The security page says when each way in was last used; an SMS sign-in counts.
func TestSMSSignInIsShownAsLastUse(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	p := a.patientClient(0).get("/account/beveiliging")
	when := a.tr["nl"].DayTime(a.clock.Now())
	if !strings.Contains(p.Text(".factor-list"), a.T("security.last_used", "When", when)) {
		t.Fatalf("the SMS factor does not show its last use: %q", p.Text(".factor-list"))
	}
}

func TestChangeMobileNeedsPasswordAndCode(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	p := c.post("/account/beveiliging/mobiel", url.Values{"mobiel": {"06 4876 5432"}, "wachtwoord": {"fout"}})
	if p.Problem("#mobiel-wachtwoord-error") != a.T("security.current_wrong") {
		t.Fatalf("wrong password: %q", p.Problem("#mobiel-wachtwoord-error"))
	}
	p = c.post("/account/beveiliging/mobiel", url.Values{"mobiel": {"020 123 4567"}, "wachtwoord": {demoPassword}})
	if p.Problem("#mobiel-error") != a.T("security.mobile_invalid") || p.Doc.Find("#mobiel").AttrOr("value", "") != "020 123 4567" {
		t.Fatalf("landline: %q", p.Problem("#mobiel-error"))
	}
	a.fixed.Advance(time.Minute)
	p = c.post("/account/beveiliging/mobiel", url.Values{"mobiel": {"06 4876 5432"}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusSeeOther)
	a.deliver()
	msgs := a.sms.Messages()
	last := msgs[len(msgs)-1]
	if !strings.HasSuffix(last.To, "648765432") {
		t.Fatalf("the code went to %s", last.To)
	}
	p = c.post("/account/beveiliging/mobiel/bevestig", url.Values{"code": {sixDigits.FindString(last.Text)}})
	wantStatus(t, p, http.StatusSeeOther)
	u, _ := a.db.R.GetUser(context.Background(), me.ID)
	if u.Mobile != "06 4876 5432" {
		t.Fatalf("mobile %q", u.Mobile)
	}
	a.deliver()
	if mails := a.smtp.To(me.Email); len(mails) == 0 || !strings.Contains(mails[len(mails)-1].Text, "32") {
		t.Fatal("no mail about the changed number")
	}
}

// A code proves the number it was sent to, and no other: not one typed in a second request, not the
// one on file (the SMS factor's setup uses the same kind of code).
func TestMobileCodeProvesOnlyItsNumber(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	a.fixed.Advance(time.Minute)
	wantStatus(t, c.post("/account/beveiliging/mobiel", url.Values{"mobiel": {"06 1111 2222"}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	a.deliver()
	msgs := a.sms.Messages()
	first := sixDigits.FindString(msgs[len(msgs)-1].Text)
	// The same number again within the minute: refused, and said why and until when.
	p := c.post("/account/beveiliging/mobiel", url.Values{"mobiel": {"06 1111 2222"}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusTooManyRequests)
	if p.Problem("#mobiel-error") != a.T("signin_codes.cool_down", "Time", a.tr["nl"].Clock(a.clock.Now().Add(time.Minute))) {
		t.Fatalf("no word about the wait: %q", p.Problem("#mobiel-error"))
	}
	// Another number: its own code.
	wantStatus(t, c.post("/account/beveiliging/mobiel", url.Values{"mobiel": {"06 3333 4444"}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	// The first number's code does not confirm the second number.
	p = c.post("/account/beveiliging/mobiel/bevestig", url.Values{"code": {first}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if u, _ := a.db.R.GetUser(context.Background(), me.ID); u.Mobile == "06 3333 4444" {
		t.Fatal("a code sent to another number confirmed 06 3333 4444")
	}
	// Nor does a code the SMS setup sends to the number on file.
	a.fixed.Advance(time.Minute)
	wantStatus(t, c.post("/account/beveiliging/nieuw/sms", nil), http.StatusSeeOther)
	a.deliver()
	msgs = a.sms.Messages()
	onFile := sixDigits.FindString(msgs[len(msgs)-1].Text)
	wantStatus(t, c.post("/account/beveiliging/mobiel/bevestig", url.Values{"code": {onFile}}), http.StatusUnprocessableEntity)
	if u, _ := a.db.R.GetUser(context.Background(), me.ID); u.Mobile == "06 3333 4444" {
		t.Fatal("the code for the number on file confirmed a new number")
	}
}

func TestFactorsAndSessionsBelongToTheirOwner(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	mine := a.patientClient(0)
	theirs := a.patientClient(1)
	fs, _ := a.db.R.ListFactors(context.Background(), a.people[1].ID)
	wantStatus(t, mine.post(fmt.Sprintf("/account/beveiliging/factoren/%d/verwijderen", fs[0].ID), nil), http.StatusNotFound)
	// The only factor cannot be removed.
	own, _ := a.db.R.ListFactors(context.Background(), a.people[0].ID)
	p := mine.follow(mine.post(fmt.Sprintf("/account/beveiliging/factoren/%d/verwijderen", own[0].ID), nil))
	if p.Text(".notice") != a.T("security.notice_last_factor") {
		t.Fatalf("last factor: %q", p.Text(".notice"))
	}
	// Another user's session cannot be ended; one's own other session can.
	sessions, _ := a.db.R.ListUserSessions(context.Background(), a.people[1].ID)
	wantStatus(t, mine.post("/account/beveiliging/sessies/beeindigen", url.Values{"sessie": {sessions[0].IDHash}}), http.StatusNotFound)
	wantStatus(t, theirs.get("/overzicht"), http.StatusOK)
	a.fixed.Advance(2 * time.Minute)
	second := a.patientClient(0)
	p = second.get("/account/beveiliging")
	if n := p.Doc.Find(".factor-list form input[name=sessie]").Length(); n != 1 {
		t.Fatalf("%d other sessions listed", n)
	}
	id := p.Doc.Find(".factor-list form input[name=sessie]").AttrOr("value", "")
	wantStatus(t, second.post("/account/beveiliging/sessies/beeindigen", url.Values{"sessie": {id}}), http.StatusSeeOther)
	if p := mine.get("/overzicht"); p.StatusCode != http.StatusSeeOther {
		t.Fatal("the ended session still works")
	}
}

// A number on file that cannot receive texts (a landline) gives a clear message, not an error page.
func TestSignInWithANumberThatCannotReceiveTexts(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	if _, err := a.db.Write.Exec("UPDATE users SET mobile = '020 123 4567' WHERE id = ?", u.ID); err != nil {
		t.Fatal(err)
	}
	c := a.newClient()
	p := c.follow(c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}}))
	wantStatus(t, p, http.StatusOK)
	p = c.post("/inloggen/code/sms", nil)
	if !strings.Contains(p.Text("main"), a.T("signin_codes.no_mobile")) {
		t.Fatalf("no explanation: %q", p.Text("main"))
	}
}

// A session left open must not let anyone guess the current password without end (each guess costs a
// password hash): guesses sent at once are compared at most five times, then even the right password
// waits for the lock to end.
func TestCurrentPasswordGuessesAreLimited(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	pages := c.postAtOnce("/account/beveiliging/wachtwoord", url.Values{"huidig": {"fout-fout-fout-fout"}, "wachtwoord": {newPassword}, "herhaal": {newPassword}}, 60)
	answers := map[string]int{}
	for _, p := range pages {
		answers[p.Problem("#huidig-error")]++
	}
	wrong, locked := a.T("security.current_wrong"), a.T("security.current_locked", "Minutes", 15)
	if answers[wrong] != 5 || answers[locked] != 55 {
		t.Fatalf("answers: %v, want 5 wrong and 55 locked", answers)
	}
	p := c.post("/account/beveiliging/mobiel", url.Values{"wachtwoord": {demoPassword}, "mobiel": {"06 98765432"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#mobiel-wachtwoord-error"); got != locked {
		t.Fatalf("the right password during the lock: %q", got)
	}
	a.fixed.Advance(16 * time.Minute)
	p = c.post("/account/beveiliging/wachtwoord", url.Values{"huidig": {demoPassword}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	wantStatus(t, p, http.StatusSeeOther)
}

// "Waar u bent ingelogd" lists only sessions that finished signing in, names each device from its user
// agent (an unknown one as such), and every other session's button says which device it signs out.
func TestSecurityListsSignedInDevicesByName(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0].UserName.String
	as := func(ua string) *client {
		a.fixed.Advance(time.Minute) // one after the other: the list shows the most recent first
		c := a.newClient()
		c.header.Set("User-Agent", ua)
		return c
	}
	android := as("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36")
	android.signIn(me)
	unknown := as("Zaagvis/1.0")
	unknown.signIn(me)
	// Only the password: the code is still due, so this is not signed in anywhere.
	halfway := as("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")
	wantStatus(t, halfway.post("/inloggen", url.Values{"naam": {me}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	iphone := as("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
	iphone.signIn(me)

	type listed struct{ device, button string }
	var got []listed
	iphone.get("/account/beveiliging").Doc.Find("#sessions-title").Parent().Find(".factor-list li").Each(func(_ int, li *goquery.Selection) {
		got = append(got, listed{collapse(li.Find("strong").Text()), collapse(li.Find("button").Text())})
	})
	want := []listed{
		{a.T("security.device", "Browser", "Safari", "System", "iPhone"), ""},
		{a.T("security.device_unknown"), a.T("security.end_session", "Device", a.T("security.device_unknown"))},
		{a.T("security.device", "Browser", "Chrome", "System", "Android"), a.T("security.end_session", "Device", a.T("security.device", "Browser", "Chrome", "System", "Android"))},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("the sessions listed:\n%v\nwant\n%v", got, want)
	}
}
