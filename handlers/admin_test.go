package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdminInvitesAStaffMemberWhoActivates(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	p := admin.post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {""}, "achternaam": {"Bos"}, "email": {"geen-adres"}, "rol": {"baas"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#voornaam-error") != a.T("staff.given_required") || p.Problem("#email-error") != a.T("staff.email_invalid") ||
		p.Doc.Find("#achternaam").AttrOr("value", "") != "Bos" {
		t.Fatal("staff form errors or kept input missing")
	}
	p = admin.post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {"Noor"}, "achternaam": {"Bos"}, "email": {a.staff["assistant"].Email}, "rol": {"assistant"}})
	if p.Problem("#email-error") != a.T("staff.email_taken") {
		t.Fatalf("taken: %q", p.Problem("#email-error"))
	}
	p = admin.post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {"Noor"}, "tussenvoegsel": {"van den"}, "achternaam": {"Bos"}, "email": {"N.Bos@DeLinde.example"}, "rol": {"practitioner"}})
	wantStatus(t, p, http.StatusSeeOther)
	if admin.follow(p).Text(".notice") != a.T("staff.notice_invited") {
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

func TestAdminSettingsNeverLeaveSMSAlone(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	form := url.Values{"naam": {"Praktijk Het Anker"}, "telefoon": {"010 123 4567"}, "sms": {"1"}, "dagen": {"5"}}
	p := admin.post("/praktijk/beheer/instellingen", form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#totp-error") != a.T("settings.factor_required") || p.Doc.Find("#naam").AttrOr("value", "") != "Praktijk Het Anker" {
		t.Fatal("SMS alone was not refused, or the typed name was lost")
	}
	// The summary leads to the first factor to tick; the boxes stay as they were ticked.
	if p.Doc.Find(`.error-summary a[href="#totp"]`).Length() != 1 || p.Doc.Find("#sms[checked]").Length() != 1 || p.Doc.Find("#totp[checked]").Length() != 0 {
		t.Fatal("the factor problem is not linked, or the ticked boxes were not kept")
	}
	form.Set("dagen", "99")
	form.Set("totp", "1")
	p = admin.post("/praktijk/beheer/instellingen", form)
	if p.Problem("#dagen-error") != a.T("settings.days_range") {
		t.Fatalf("days: %q", p.Problem("#dagen-error"))
	}
	form.Set("dagen", "7")
	form.Set("samenstelling", "1")
	p = admin.post("/praktijk/beheer/instellingen", form)
	wantStatus(t, p, http.StatusSeeOther)
	if p = admin.follow(p); p.Text(".notice") != a.T("settings.notice_saved") || p.Doc.Find("#samenstelling[checked]").Length() != 1 ||
		p.Doc.Find("#passkey[checked]").Length() != 0 || p.Doc.Find("#dagen").AttrOr("value", "") != "7" {
		t.Fatalf("after saving: notice %q, or the saved settings not shown", p.Text(".notice"))
	}
	clinic, _ := a.db.R.GetClinic(context.Background())
	if clinic.Name != "Praktijk Het Anker" || clinic.AllowPasskey != 0 || clinic.AllowTotp != 1 || clinic.CompositionRules != 1 || clinic.InvitationDays != 7 {
		t.Fatalf("stored %+v", clinic)
	}
	// The composition rules now show in the hint bar.
	c := a.newClient()
	c.header.Set("HX-Request", "true")
	if n := c.post("/wachtwoord/regels", url.Values{"wachtwoord": {"x"}}).Doc.Find("li").Length(); n != 6 {
		t.Fatalf("%d rules with composition on", n)
	}
	wantStatus(t, a.patientClient(0).get("/praktijk/beheer/instellingen"), http.StatusForbidden)
	wantStatus(t, a.staffClient("assistant").post("/praktijk/beheer/instellingen", form), http.StatusForbidden)
}

func TestAdminPublishesTermsPatientsAcceptAgain(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	p := admin.post("/praktijk/beheer/voorwaarden", url.Values{"tekst_nl": {""}, "tekst_en": {"English"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#tekst_nl-error") != a.T("terms.required") || p.Doc.Find("#tekst_en").Text() != "English" {
		t.Fatal("terms form errors or kept input missing")
	}
	p = admin.post("/praktijk/beheer/voorwaarden", url.Values{"tekst_nl": {"# Nieuw\nVersie **twee** <b>x</b>"}, "tekst_en": {"# New\nVersion two"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := admin.follow(p).Text(".notice"); got != a.T("terms.notice_published") {
		t.Fatalf("after publishing: %q", got)
	}
	// A patient who accepted version 1 is asked again, and sees the text escaped and formatted.
	c := a.newClient()
	p = c.post("/inloggen", url.Values{"naam": {a.people[0].UserName.String}, "wachtwoord": {demoPassword}})
	if p.Header.Get("Location") != "/inloggen/code" {
		t.Fatalf("after the password: %q", p.Header.Get("Location"))
	}
	p = c.post("/inloggen/code", url.Values{"code": {a.lastSMSCode(a.people[0].UserName.String)}})
	if p.Header.Get("Location") != "/voorwaarden" {
		t.Fatalf("after the code: %q", p.Header.Get("Location"))
	}
	p = c.get("/voorwaarden")
	if p.Doc.Find(".terms-text strong").Text() != "twee" || p.Doc.Find(".terms-text b").Length() != 0 {
		t.Fatalf("terms shown as %s", p.Doc.Find(".terms-text").Text())
	}
	// Only the version shown counts: a post without one, or with an older one, accepts nothing.
	for _, v := range []string{"", "1"} {
		if p := c.post("/voorwaarden", url.Values{"versie": {v}}); p.Header.Get("Location") != "/voorwaarden" {
			t.Fatalf("version %q accepted: %q", v, p.Header.Get("Location"))
		}
	}
	wantStatus(t, c.post("/voorwaarden", url.Values{"versie": {"2"}}), http.StatusSeeOther)
	sp := admin.get(fmt.Sprintf("/praktijk/patienten/%d", a.people[0].ID))
	if !strings.Contains(sp.Body, "Versie 2 geaccepteerd") {
		t.Fatal("staff do not see the acceptance of version 2")
	}
	wantStatus(t, a.staffClient("assistant").get("/praktijk/beheer/voorwaarden"), http.StatusForbidden)
}

// When the clinic switches SMS off, a user with only SMS sets up an allowed factor at the next sign-in.
func TestSwitchingOffAFactorLeadsToSetup(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	if _, err := a.db.Write.Exec("UPDATE clinic_settings SET allow_sms = 0"); err != nil {
		t.Fatal(err)
	}
	c := a.newClient()
	p := c.post("/inloggen", url.Values{"naam": {a.people[0].UserName.String}, "wachtwoord": {demoPassword}})
	if p.Header.Get("Location") != "/inloggen/beveiliging" {
		t.Fatalf("after the password: %q", p.Header.Get("Location"))
	}
	if c.get("/inloggen/beveiliging").Doc.Find(`form[action="/inloggen/beveiliging/sms"]`).Length() != 0 {
		t.Fatal("SMS is offered although the clinic switched it off")
	}
}
