package handlers_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/queries"
	"balie/views"
)

// newInvitee adds a patient without an account (as the clinic's own system would) and returns them.
func newInvitee(t *testing.T, a *testApp, email string) queries.User {
	t.Helper()
	ctx := context.Background()
	id, err := a.db.W.CreateUser(ctx, queries.CreateUserParams{Role: "patient", Email: email, GivenName: "Noor", FamilyName: "Bos",
		BirthDate: sql.NullTime{Time: time.Date(1990, 4, 3, 0, 0, 0, 0, time.UTC), Valid: true}, Mobile: "06 1111 2233",
		PatientNumber: sql.NullString{String: "P900001", Valid: true}, Locale: "nl", CreatedAt: a.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.db.R.GetUser(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// invite sends the invitation from the patient's page as staff do, and returns the link's path.
func invite(t *testing.T, a *testApp, staff *client, u queries.User) string {
	t.Helper()
	p := staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitnodigen", u.ID), nil)
	wantStatus(t, p, http.StatusSeeOther)
	if got := staff.follow(p).Text(".notice"); got != a.T("account.notice_invited") {
		t.Fatalf("after inviting: %q", got)
	}
	return a.lastMailLink(u.Email)
}

func birthForm(d, m, y string) url.Values {
	return url.Values{"geboortedatum-dag": {d}, "geboortedatum-maand": {m}, "geboortedatum-jaar": {y}}
}

const newPassword = "fiets boom lamp koffie"

func TestActivationFromInvitationToOverview(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	staff := a.staffClient("assistant")
	link := invite(t, a, staff, u)

	c := a.newClient()
	p := c.get(link)
	wantStatus(t, p, http.StatusOK)
	if p.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatal("the link page may leak its URL in the Referer")
	}
	// A wrong birth date is explained with the tries left; the typed date is kept.
	p = c.post(link, birthForm("4", "3", "1990"))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#geboortedatum-error"); got != a.T("signin_activation.birth_wrong", "Left", 4) {
		t.Fatalf("wrong birth date: %q", got)
	}
	if p.Doc.Find("#geboortedatum-dag").AttrOr("value", "") != "4" {
		t.Fatal("the typed day was lost")
	}
	p = c.post(link, birthForm("31", "2", "1990"))
	if got := p.Problem("#geboortedatum-error"); got != a.T("signin_activation.birth_invalid") {
		t.Fatalf("impossible date: %q", got)
	}
	p = c.post(link, birthForm("3", "4", "1990"))
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != "/activeren/gegevens" {
		t.Fatalf("after the birth date: %q", p.Header.Get("Location"))
	}
	// Half-way through activation nothing of the portal opens.
	walkAsStage(t, a, c, "activate", "/activeren/gegevens")

	p = c.get("/activeren/gegevens")
	if v := p.Doc.Find("#gebruikersnaam").AttrOr("value", ""); v != u.Email {
		t.Fatalf("the user name is not the e-mail address by default: %q", v)
	}
	// Password rules: too short and common; the user name typed is kept.
	p = c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {"noor"}, "wachtwoord": {"welkom123"}, "herhaal": {"welkom123"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#wachtwoord-error") != a.T("signin_activation.password_rules") || p.Doc.Find("#gebruikersnaam").AttrOr("value", "") != "noor" {
		t.Fatalf("rules: %q", p.Problem("#wachtwoord-error"))
	}
	wantNoPasswordWrittenBack(t, p, "welkom123")
	if p.Doc.Find(".rules li.rule-open").Length() < 2 {
		t.Fatal("the hint bar does not show the broken rules")
	}
	p = c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {"noor"}, "wachtwoord": {newPassword}, "herhaal": {newPassword + "x"}})
	if p.Problem("#herhaal-error") != a.T("signin_activation.mismatch") {
		t.Fatalf("mismatch: %q", p.Problem("#herhaal-error"))
	}
	wantNoPasswordWrittenBack(t, p, newPassword)
	// A user name that is someone else's e-mail address with an account.
	p = c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {a.people[0].Email}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	if p.Problem("#gebruikersnaam-error") != a.T("signin_activation.user_name_taken") || !strings.Contains(p.Body, a.T("signin_activation.email_taken")) {
		t.Fatalf("taken: %q", p.Problem("#gebruikersnaam-error"))
	}
	wantNoPasswordWrittenBack(t, p, newPassword)
	p = c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {"noor"}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != "/inloggen/beveiliging" {
		t.Fatalf("after the password: %q", p.Header.Get("Location"))
	}
	walkAsStage(t, a, c, "setup", "/inloggen/beveiliging")

	// Second factor: SMS to the mobile number on file.
	p = c.post("/inloggen/beveiliging/sms", nil)
	wantStatus(t, p, http.StatusSeeOther)
	p = c.post("/inloggen/beveiliging/sms/bevestig", url.Values{"code": {"000000"}})
	if p.Problem("#code-error") != a.T("signin_codes.wrong") && p.Problem("#code-error") != a.T("signin_codes.too_many_tries") {
		t.Fatalf("wrong code: %q", p.Problem("#code-error"))
	}
	p = c.post("/inloggen/beveiliging/sms/bevestig", url.Values{"code": {a.lastSMSCode("noor")}})
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != "/voorwaarden" {
		t.Fatalf("after the factor: %q", p.Header.Get("Location"))
	}
	walkAsStage(t, a, c, "terms", "/voorwaarden")
	p = c.get("/voorwaarden")
	if !strings.Contains(p.Body, "Gebruiksvoorwaarden van het patiëntenportaal") {
		t.Fatal("the terms are not shown")
	}
	p = c.post("/voorwaarden", url.Values{"versie": {p.Doc.Find(`input[name=versie]`).AttrOr("value", "")}})
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if p.Text("h1") != a.T("overview.welcome", "Name", "Noor") {
		t.Fatalf("landed on %s: %q", p.Request.URL.Path, p.Text("h1"))
	}
	// The link works once; the staff page shows it used, the terms accepted and the activation.
	if p := a.newClient().get(link); p.StatusCode != http.StatusGone || p.Text(".notice") != a.T("signin_activation.used") {
		t.Fatalf("used link: %d %q", p.StatusCode, p.Text(".notice"))
	}
	sp := staff.get(fmt.Sprintf("/praktijk/patienten/%d", u.ID))
	for _, want := range []string{a.T("patients_praktijk.patient_account_active", "Name", "noor"), a.T("event.activated"), "Versie 1 geaccepteerd"} {
		if !strings.Contains(sp.Body, want) {
			t.Errorf("the patient page does not show %q", want)
		}
	}
	// And the new account signs in with its password and SMS code.
	a.fixed.Advance(2 * time.Minute)
	a.newClient().signInWith("noor", newPassword)
}

// A refused birth date marks each of its inputs invalid and describes each with the error, not only
// their fieldset: a screen reader reads an input's own description when the input has the focus (the
// summary's link puts it on the day).
func TestActivationBirthDateInputsCarryTheError(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	link := invite(t, a, a.staffClient("assistant"), u)
	p := a.newClient().post(link, birthForm("4", "3", "1990"))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	want := a.T("signin_activation.birth_wrong", "Left", 4)
	if n := p.Doc.Find(`.error-summary a[href="#geboortedatum-dag"]`).Length(); n != 1 {
		t.Errorf("the summary has %d links to the day", n)
	}
	for _, part := range []string{"dag", "maand", "jaar"} {
		input := p.Doc.Find("#geboortedatum-" + part)
		if input.AttrOr("aria-invalid", "") != "true" {
			t.Errorf("%s: not marked invalid", part)
		}
		described := false
		for _, id := range strings.Fields(input.AttrOr("aria-describedby", "")) {
			described = described || p.Problem("#"+id) == want
		}
		if !described {
			t.Errorf("%s: aria-describedby %q does not lead to %q", part, input.AttrOr("aria-describedby", ""), want)
		}
	}
}

func TestActivationLinkExpiresAndCanBeRenewed(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	staff := a.staffClient("assistant")
	link := invite(t, a, staff, u)
	a.fixed.Advance(5*24*time.Hour + time.Second)
	c := a.newClient()
	p := c.get(link)
	wantStatus(t, p, http.StatusGone)
	if p.Text(".error-summary") != a.T("signin_activation.expired") {
		t.Fatalf("expired: %q", p.Text(".error-summary"))
	}
	staff = a.staffClient("assistant") // the old staff session ended days ago
	p = c.follow(c.post(link+"/nieuw", nil))
	if p.Text("[role=status]") != a.T("signin_activation.notice_renewal_asked") {
		t.Fatalf("renewal: %q", p.Text("[role=status]"))
	}
	sp := staff.get(fmt.Sprintf("/praktijk/patienten/%d", u.ID))
	if !strings.Contains(sp.Body, a.T("account.renewal_asked")) {
		t.Fatal("staff do not see that the patient asks for a new link")
	}
	// A new invitation works; the old link stays dead.
	newLink := invite(t, a, staff, u)
	wantStatus(t, c.get(newLink), http.StatusOK)
	wantStatus(t, c.get(link), http.StatusGone)
	wantStatus(t, c.get("/activeren/verzonnen-token"), http.StatusNotFound)
}

func TestActivationLocksAfterWrongBirthDates(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	staff := a.staffClient("assistant")
	link := invite(t, a, staff, u)
	c := a.newClient()
	var p *page
	for i := 0; i < 5; i++ {
		p = c.post(link, birthForm("1", "1", "1980"))
	}
	wantStatus(t, p, http.StatusGone)
	if p.Text(".error-summary") != a.T("signin_activation.locked") {
		t.Fatalf("locked: %q", p.Text(".error-summary"))
	}
	// Even the right date no longer works.
	wantStatus(t, c.post(link, birthForm("3", "4", "1990")), http.StatusGone)
	sp := staff.get(fmt.Sprintf("/praktijk/patienten/%d", u.ID))
	if !strings.Contains(sp.Body, a.T("event.activation_locked")) {
		t.Fatal("staff do not see the lock")
	}
}

func TestStaffCannotInviteAPatientWithAnAccount(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	staff := a.staffClient("assistant")
	p := staff.follow(staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitnodigen", a.people[0].ID), nil))
	if p.Text(".notice") != a.T("account.notice_has_account") {
		t.Fatalf("notice %q", p.Text(".notice"))
	}
	wantStatus(t, staff.post("/praktijk/patienten/999999/uitnodigen", nil), http.StatusNotFound)
	wantStatus(t, staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitnodigen", a.staff["admin"].ID), nil), http.StatusNotFound)
	// Patients cannot invite.
	wantStatus(t, a.patientClient(0).post(fmt.Sprintf("/praktijk/patienten/%d/uitnodigen", a.people[1].ID), nil), http.StatusForbidden)
}

// Under 12 a child has no login of their own (seed 002): the invitation is refused with a notice that
// points to the parents' access, and no mail goes out; from the 12th birthday it is sent.
func TestStaffCannotInviteAChildUnderTwelve(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	staff := a.staffClient("assistant")
	child := newInvitee(t, a, "noor.bos@voorbeeld.example")
	twelfth := a.clock.Now().In(views.Zone).AddDate(-12, 0, 1) // 12 tomorrow
	a.bornOn(child.ID, twelfth.Year(), twelfth.Month(), twelfth.Day())
	path := fmt.Sprintf("/praktijk/patienten/%d/uitnodigen", child.ID)
	p := staff.follow(staff.post(path, nil))
	if p.Text(".notice") != a.T("account.notice_too_young") {
		t.Fatalf("notice %q", p.Text(".notice"))
	}
	if n := a.scalar(`SELECT count(*) FROM activations WHERE user_id = ?`, child.ID); n != "0" {
		t.Fatalf("%s invitations for a child of 11", n)
	}
	twelfth = twelfth.AddDate(0, 0, -1) // 12 today
	a.bornOn(child.ID, twelfth.Year(), twelfth.Month(), twelfth.Day())
	if p := staff.follow(staff.post(path, nil)); p.Text(".notice") != a.T("account.notice_invited") {
		t.Fatalf("at 12: notice %q", p.Text(".notice"))
	}
}

func TestPasswordRulesWhileTyping(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	c.header.Set("HX-Request", "true")
	p := c.post("/wachtwoord/regels", url.Values{"wachtwoord": {"kort"}})
	wantStatus(t, p, http.StatusOK)
	if strings.Contains(p.Body, "<html") || p.Doc.Find("li.rule-open").Length() == 0 {
		t.Fatal("the hint bar fragment does not mark open rules")
	}
	p = c.post("/wachtwoord/regels", url.Values{"wachtwoord": {newPassword}})
	if p.Doc.Find("li.rule-open").Length() != 0 || p.Doc.Find("li.rule-ok").Length() != 3 {
		t.Fatalf("a good password: %s", p.Body)
	}
}

// Sixty wrong birth dates sent at once on one invitation link: at most five are compared (a try at the
// link is taken in one write before the date is compared), the link locks once and the clinic is told
// once; the right date afterwards is refused.
func TestConcurrentWrongBirthDatesAreComparedAtMostFiveTimes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	link := invite(t, a, a.staffClient("assistant"), u)
	c := a.newClient()
	c.get(link)
	pages := c.postAtOnce(link, birthForm("1", "1", "1980"), 60)
	// Four answers say the date is wrong, with 4, 3, 2 and 1 tries left; the rest that the link is locked.
	answers := map[string]int{}
	for _, p := range pages {
		answers[fmt.Sprintf("%d %s", p.StatusCode, p.Text(".error-summary li, p.error-summary"))]++
	}
	want := map[string]int{fmt.Sprintf("%d %s", http.StatusGone, a.T("signin_activation.locked")): 56}
	for left := 1; left <= 4; left++ {
		want[fmt.Sprintf("%d %s", http.StatusUnprocessableEntity, a.T("signin_activation.birth_wrong", "Left", left))] = 1
	}
	if !maps.Equal(answers, want) {
		t.Errorf("answers: %v, want %v", answers, want)
	}
	var failures int
	if err := a.db.Read.QueryRow("SELECT birth_date_failures FROM activations WHERE user_id = ?", u.ID).Scan(&failures); err != nil {
		t.Fatal(err)
	}
	if failures != 5 {
		t.Errorf("%d birth dates were counted, want 5", failures)
	}
	if n := countEvents(t, a, u.ID, "activation_locked"); n != 1 {
		t.Errorf("%d activation_locked events, want 1", n)
	}
	var mails int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM outbox WHERE subject = ?", a.T("mail.activation_locked.subject")).Scan(&mails); err != nil {
		t.Fatal(err)
	}
	if mails != 1 {
		t.Errorf("the clinic got %d mails about the lock, want 1", mails)
	}
	wantStatus(t, a.newClient().post(link, birthForm("3", "4", "1990")), http.StatusGone)
}

// A right birth date gives its try back: the holder may open the link again and again.
func TestRightBirthDatesDoNotLockTheLink(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	link := invite(t, a, a.staffClient("assistant"), u)
	wantStatus(t, a.newClient().post(link, birthForm("1", "1", "1980")), http.StatusUnprocessableEntity)
	for range 6 {
		wantStatus(t, a.newClient().post(link, birthForm("3", "4", "1990")), http.StatusSeeOther)
	}
	// The wrong one still counts: four more lock the link.
	c := a.newClient()
	var p *page
	for range 4 {
		p = c.post(link, birthForm("1", "1", "1980"))
	}
	wantStatus(t, p, http.StatusGone)
}

// wantNoPasswordWrittenBack checks that a refused form does not send a typed password back into the
// page (it would sit in the page's source and in caches); the user types it again.
func wantNoPasswordWrittenBack(t *testing.T, p *page, typed string) {
	t.Helper()
	p.Doc.Find("input[type=password]").Each(func(_ int, in *goquery.Selection) {
		if v, ok := in.Attr("value"); ok {
			t.Errorf("the password field %s has the value %q", in.AttrOr("name", ""), v)
		}
	})
	if strings.Contains(p.Body, typed) {
		t.Errorf("the page holds the typed password %q", typed)
	}
}
