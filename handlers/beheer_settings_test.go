package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestAdminSettingsNeverLeaveSMSAlone(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	form := url.Values{"naam": {"Praktijk Het Anker"}, "telefoon": {"010 123 4567"}, "sms": {"1"}, "dagen": {"5"}}
	p := admin.post("/praktijk/beheer/instellingen", form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#totp-error") != a.T("beheer_settings.factor_required") || p.Doc.Find("#naam").AttrOr("value", "") != "Praktijk Het Anker" {
		t.Fatal("SMS alone was not refused, or the typed name was lost")
	}
	// The summary leads to the first factor to tick; the boxes stay as they were ticked.
	if p.Doc.Find(`.error-summary a[href="#totp"]`).Length() != 1 || p.Doc.Find("#sms[checked]").Length() != 1 || p.Doc.Find("#totp[checked]").Length() != 0 {
		t.Fatal("the factor problem is not linked, or the ticked boxes were not kept")
	}
	form.Set("dagen", "99")
	form.Set("totp", "1")
	p = admin.post("/praktijk/beheer/instellingen", form)
	if p.Problem("#dagen-error") != a.T("beheer_settings.days_range") {
		t.Fatalf("days: %q", p.Problem("#dagen-error"))
	}
	form.Set("dagen", "7")
	form.Set("samenstelling", "1")
	p = admin.post("/praktijk/beheer/instellingen", form)
	wantStatus(t, p, http.StatusSeeOther)
	if p = admin.follow(p); p.Text(".notice") != a.T("beheer_settings.notice_saved") || p.Doc.Find("#samenstelling[checked]").Length() != 1 ||
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
