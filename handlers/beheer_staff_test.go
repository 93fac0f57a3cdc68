package handlers_test

import (
	"net/http"
	"net/url"
	"testing"
)

func TestAdminInvitesAStaffMemberWhoActivates(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	p := admin.post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {""}, "achternaam": {"Bos"}, "email": {"geen-adres"}, "rol": {"baas"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#voornaam-error") != a.T("beheer_staff.given_required") || p.Problem("#email-error") != a.T("beheer_staff.email_invalid") ||
		p.Doc.Find("#achternaam").AttrOr("value", "") != "Bos" {
		t.Fatal("staff form errors or kept input missing")
	}
	p = admin.post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {"Noor"}, "achternaam": {"Bos"}, "email": {a.staff["assistant"].Email}, "rol": {"assistant"}})
	if p.Problem("#email-error") != a.T("beheer_staff.email_taken") {
		t.Fatalf("taken: %q", p.Problem("#email-error"))
	}
	p = admin.post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {"Noor"}, "tussenvoegsel": {"van den"}, "achternaam": {"Bos"}, "email": {"N.Bos@DeLinde.example"}, "rol": {"practitioner"}})
	wantStatus(t, p, http.StatusSeeOther)
	if admin.follow(p).Text(".notice") != a.T("beheer_staff.notice_invited") {
		t.Fatal("no notice")
	}
	link := a.lastMailLink("n.bos@delinde.example")
	c := a.newClient()
	p = c.post(link, nil) // staff have no birth date to confirm
	wantStatus(t, p, http.StatusSeeOther)
	p = c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {"n.bos@delinde.example"}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	if p.Header.Get("Location") != "/inloggen/beveiliging" {
		t.Fatalf("after the password: %d %q", p.StatusCode, p.Header.Get("Location"))
	}
	// Staff must set up a second factor too; without a mobile number, the app is the way.
	page := c.get("/inloggen/beveiliging")
	if page.Doc.Find(`form[action="/inloggen/beveiliging/sms"]`).Length() != 0 {
		t.Fatal("SMS offered without a mobile number")
	}
	if page.Doc.Find(`form[action="/inloggen/beveiliging/app"]`).Length() != 1 {
		t.Fatal("the authenticator app is not offered")
	}
	// Only administrators reach these pages.
	wantStatus(t, a.staffClient("practitioner").get("/praktijk/beheer/medewerkers"), http.StatusForbidden)
}
