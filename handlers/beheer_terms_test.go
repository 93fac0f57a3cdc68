package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdminPublishesTermsPatientsAcceptAgain(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	p := admin.post("/praktijk/beheer/voorwaarden", url.Values{"tekst_nl": {""}, "tekst_en": {"English"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#tekst_nl-error") != a.T("beheer_terms.required") || p.Doc.Find("#tekst_en").Text() != "English" {
		t.Fatal("terms form errors or kept input missing")
	}
	p = admin.post("/praktijk/beheer/voorwaarden", url.Values{"tekst_nl": {"# Nieuw\nVersie **twee** <b>x</b>"}, "tekst_en": {"# New\nVersion two"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := admin.follow(p).Text(".notice"); got != a.T("beheer_terms.notice_published") {
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
