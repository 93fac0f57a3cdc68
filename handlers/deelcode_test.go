package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/demo"
)

// makeShareCode makes a code for the patient c is signed in as, for the areas, and returns the code as
// the page shows it once, and its id.
func (a *testApp) makeShareCode(c *client, label string, areas ...string) (code, id string) {
	a.t.Helper()
	form := url.Values{"voor": {label}}
	for _, ar := range areas {
		form.Set("gebied-"+ar, "1")
	}
	p := c.post("/deelcode", form)
	wantStatus(a.t, p, http.StatusOK)
	code = p.Text(".share-code")
	if len(code) != 11 {
		a.t.Fatalf("no code shown: %q", code)
	}
	return code, a.scalar(`SELECT max(id) FROM share_codes`)
}

// birthForm is the viewer's form with the code and the birth date of patient i (or, wrong, a day off).
func (a *testApp) birthForm(code string, i int, wrong bool) url.Values {
	b := a.people[i].BirthDate.Time
	if wrong {
		b = b.AddDate(0, 0, 1)
	}
	return url.Values{"code": {code}, "geboortedatum-dag": {fmt.Sprint(b.Day())},
		"geboortedatum-maand": {fmt.Sprint(int(b.Month()))}, "geboortedatum-jaar": {fmt.Sprint(b.Year())}}
}

// viewer enters code with patient i's birth date in a new browser, and returns it once in.
func (a *testApp) viewer(code string, i int) *client {
	a.t.Helper()
	v := a.newClient()
	p := v.post("/inzien", a.birthForm(code, i, false))
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/inzien" {
		a.t.Fatalf("code not accepted: %d\n%s", p.StatusCode, p.Body[:min(len(p.Body), 800)])
	}
	return v
}

// The patient makes a code, sees it once with where to enter it, finds it in the list as not yet used,
// and revokes it after a confirmation; the changes are in the access log.
func TestShareCodeMakeListRevoke(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	p := c.get("/deelcode")
	wantStatus(t, p, http.StatusOK)
	if p.Text("h1") != a.T("deelcode.title") {
		t.Fatalf("h1 %q", p.Text("h1"))
	}
	// Nothing chosen: an error at the areas, the label kept.
	p = c.post("/deelcode", url.Values{"voor": {"fysiotherapeut"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(p.Body, a.T("deelcode.areas_missing")) || p.Doc.Find("#voor").AttrOr("value", "") != "fysiotherapeut" {
		t.Fatalf("no areas: error or kept label missing")
	}
	code, id := a.makeShareCode(c, "fysiotherapeut", "dossier", "medicatie")
	if a.scalar(`SELECT count(*) FROM share_codes WHERE code_hash LIKE ?`, "%"+strings.ReplaceAll(code, "-", "")+"%") != "0" {
		t.Fatal("the code is stored as it is")
	}
	p = c.get("/deelcode")
	if p.Doc.Find(".share-code").Length() != 0 {
		t.Fatal("the code is shown again")
	}
	item := p.Doc.Find(".share-codes > li").First().Text()
	if !strings.Contains(item, a.T("deelcode.for", "Label", "fysiotherapeut")) || !strings.Contains(item, "Nog niet gebruikt") {
		t.Fatalf("list: %q", item)
	}
	wantStatus(t, c.get("/deelcode/"+id+"/intrekken"), http.StatusOK)
	p = c.post("/deelcode/"+id+"/intrekken", nil)
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if !strings.Contains(p.Doc.Find(".share-codes > li").First().Text(), "Ingetrokken") {
		t.Fatalf("not revoked in the list: %q", p.Doc.Find(".share-codes > li").First().Text())
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'share_code' AND object_id = ? AND action = 'change'`, id); n != "2" {
		t.Fatalf("%s change rows, want 2 (made, revoked)", n)
	}
	// A revoked code opens nothing.
	wantStatus(t, a.newClient().post("/inzien", a.birthForm(code, 0, false)), http.StatusUnprocessableEntity)
}

// At most maxLiveCodes live codes: the next is refused with its reason, nothing stored.
func TestShareCodeLimitOfLiveCodes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	live := `SELECT count(*) FROM share_codes WHERE patient_id = ? AND revoked_at IS NULL AND locked_at IS NULL AND coalesce(ends_at, unused_until) > ?`
	for a.scalar(live, a.people[0].ID, a.clock.Now()) != "5" { // with the demo's live code
		a.makeShareCode(c, "waarnemer", "agenda")
	}
	p := c.post("/deelcode", url.Values{"voor": {"nog een"}, "gebied-agenda": {"1"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(p.Body, a.T("deelcode.too_many", "Max", 5)) || a.scalar(live, a.people[0].ID, a.clock.Now()) != "5" {
		t.Fatal("the sixth live code was not refused")
	}
}

// A wrong birth date is the same generic error as a wrong code, and counts a try on the code; the fifth
// locks it, and then even the right date opens nothing; the patient sees it locked.
func TestShareCodeWrongBirthDateLocksAfterFive(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	code, id := a.makeShareCode(c, "schoolverpleegkundige", "dossier")
	v := a.newClient()
	p := v.post("/inzien", a.birthForm("AAAAA-AAAAA", 0, false))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(p.Body, a.T("inzien.wrong")) {
		t.Fatal("a wrong code: no generic error")
	}
	for i := range 5 {
		p = v.post("/inzien", a.birthForm(code, 0, true))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if !strings.Contains(p.Body, a.T("inzien.wrong")) {
			t.Fatalf("try %d: no generic error", i+1)
		}
		if p.Doc.Find("#code").AttrOr("value", "") != code {
			t.Fatal("the typed code is lost")
		}
		if n := a.scalar(`SELECT failures FROM share_codes WHERE id = ?`, id); n != fmt.Sprint(i+1) {
			t.Fatalf("try %d: failures %s", i+1, n)
		}
	}
	p = v.post("/inzien", a.birthForm(code, 0, false))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if v.get("/inzien/dossier").StatusCode != http.StatusSeeOther {
		t.Fatal("a locked code opened the dossier")
	}
	if !strings.Contains(c.get("/deelcode").Doc.Find(".share-codes > li").First().Text(), "Geblokkeerd") {
		t.Fatal("the patient does not see the code locked")
	}
}

// Wrong tries sent at once cannot pass the limit of five on the code.
func TestShareCodeConcurrentTriesCannotPassTheLimit(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	code, id := a.makeShareCode(a.patientClient(0), "waarnemer", "dossier")
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.newClient().post("/inzien", a.birthForm(code, 0, true))
		}()
	}
	wg.Wait()
	if n := a.scalar(`SELECT failures FROM share_codes WHERE id = ?`, id); n != "5" {
		t.Fatalf("failures %s, want 5", n)
	}
	if a.scalar(`SELECT locked_at IS NOT NULL FROM share_codes WHERE id = ?`, id) != "1" {
		t.Fatal("not locked")
	}
}

// The 24 hours run from the first right entry: before it the viewer reads, after it the session ends and
// the code opens nothing more.
func TestShareCodeExpiresTwentyFourHoursAfterFirstUse(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withTimeouts(2*time.Hour, 3*time.Hour))
	c := a.patientClient(0)
	code, _ := a.makeShareCode(c, "fysiotherapeut", "medicatie")
	a.fixed.Advance(3 * 24 * time.Hour) // unused for three days: still good
	v := a.viewer(code, 0)
	p := v.get("/inzien")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text(".share-banner"), a.people[0].FullName()) {
		t.Fatalf("banner %q", p.Text(".share-banner"))
	}
	for range 23 { // hourly, within the idle time
		a.fixed.Advance(time.Hour)
		wantStatus(t, v.get("/inzien/medicatie"), http.StatusOK)
	}
	a.fixed.Advance(61 * time.Minute) // 24 hours and a minute after the first entry
	p = v.get("/inzien/medicatie")
	if p.StatusCode != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/inzien?") {
		t.Fatalf("after 24 hours: %d %s", p.StatusCode, p.Header.Get("Location"))
	}
	wantStatus(t, a.newClient().post("/inzien", a.birthForm(code, 0, false)), http.StatusUnprocessableEntity)
}

// Revoking ends the viewer's open session at its next request.
func TestShareCodeRevokedEndsTheViewersSession(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	code, id := a.makeShareCode(c, "fysiotherapeut", "dossier")
	v := a.viewer(code, 0)
	wantStatus(t, v.get("/inzien/dossier"), http.StatusOK)
	wantStatus(t, c.post("/deelcode/"+id+"/intrekken", nil), http.StatusSeeOther)
	p := v.get("/inzien/dossier")
	if p.StatusCode != http.StatusSeeOther {
		t.Fatalf("after revoking: %d", p.StatusCode)
	}
	p = v.follow(p)
	if !strings.Contains(p.Body, a.T("inzien.notice_ended")) || p.Doc.Find("#code").Length() != 1 {
		t.Fatal("the viewer is not told the session ended")
	}
}

// An area the code does not open is a 404 logged as denied; another patient's report is a 404 logged as
// denied; the viewer's cookie opens no portal page.
func TestShareCodeViewerScope(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	mine := a.addReport(testReport{patient: me.ID, title: "Verslag fysiotherapie"})
	theirs := a.addReport(testReport{patient: other.ID})
	code, id := a.makeShareCode(a.patientClient(0), "fysiotherapeut", "dossier")
	v := a.viewer(code, 0)
	p := v.get("/inzien/dossier")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(fmt.Sprintf(`a[href="/inzien/dossier/%d"]`, mine)).Length() != 1 {
		t.Fatal("the report is not listed")
	}
	p = v.get(fmt.Sprintf("/inzien/dossier/%d", mine))
	wantStatus(t, p, http.StatusOK)
	if p.Text("h1") != "Verslag fysiotherapie" || p.Doc.Find("form[action*=akkoord], a[href*=correctie]").Length() != 0 {
		t.Fatal("the report is not shown read-only")
	}
	if a.scalar(`SELECT read_at IS NULL FROM reports WHERE id = ?`, mine) != "1" {
		t.Fatal("the viewer marked the report read")
	}
	wantStatus(t, v.get(fmt.Sprintf("/inzien/dossier/%d/pdf", mine)), http.StatusOK)
	denied := func(object string, objectID any) string {
		return a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND actor_role = 'viewer' AND actor_id IS NULL
			AND share_code_id = ? AND object_type = ? AND object_id IS ? AND patient_id = ?`, id, object, objectID, me.ID)
	}
	wantStatus(t, v.get("/inzien/medicatie"), http.StatusNotFound)
	if denied("medicatie", nil) != "1" {
		t.Fatal("the area not chosen is not logged as denied")
	}
	wantStatus(t, v.get(fmt.Sprintf("/inzien/dossier/%d", theirs)), http.StatusNotFound)
	if denied("report", theirs) != "1" {
		t.Fatal("another patient's report is not logged as denied")
	}
	for _, path := range []string{"/overzicht", "/dossier", fmt.Sprintf("/dossier/%d", mine), "/praktijk/patienten"} {
		if p := v.get(path); p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/inloggen" {
			t.Errorf("%s with the viewer's cookie: %d %s", path, p.StatusCode, p.Header.Get("Location"))
		}
	}
	ck := v.http.Jar.Cookies(p.Request.URL)
	for _, c := range ck {
		if c.Name == "balie" || c.Name == "__Host-balie" {
			t.Fatal("the viewer has a portal session")
		}
	}
}

// The patient's "who looked at my file" and the code's list show the viewer's reads by the code's label.
func TestShareCodeViewsShowForThePatient(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	code, _ := a.makeShareCode(c, "fysiotherapeut Bakker", "dossier", "documents")
	v := a.viewer(code, 0)
	wantStatus(t, v.get("/inzien/dossier"), http.StatusOK)
	wantStatus(t, v.get("/inzien/documenten"), http.StatusOK)
	p := c.get("/dossier/inzage")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, a.T("dossier_inzage.who_share_code", "Label", "fysiotherapeut Bakker")) {
		t.Fatal("who looked at my file does not name the share code")
	}
	p = c.get("/deelcode")
	if !strings.Contains(p.Doc.Find(".share-codes > li").First().Text(), a.T("deelcode.views", "Count", 3)) {
		t.Fatalf("the code's reads: %q", p.Doc.Find(".share-codes > li").First().Text())
	}
	// The administrator's search of the log names the code too, not "Onbekend".
	search := url.Values{"patient": {a.people[0].PatientNumber.String}}
	p = a.staffClient("admin").get("/praktijk/beheer/toegangslog?" + search.Encode())
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, a.T("dossier_inzage.who_share_code", "Label", "fysiotherapeut Bakker")) {
		t.Fatal("the administrator's log search does not name the share code")
	}
}

// The demo: Anna de Vries's used code for her physiotherapist, expired, with what he read, and the live
// code the demo prints, which opens her shared record.
func TestShareCodeDemo(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	p := a.patientClient(0).get("/deelcode")
	items := p.Doc.Find(".share-codes > li")
	if items.Length() != 2 {
		t.Fatalf("%d codes, want 2", items.Length())
	}
	used := items.Eq(1).Text()
	if !strings.Contains(used, "fysiotherapeut Bakker") || !strings.Contains(used, "Verlopen") || !strings.Contains(used, "Bekeken (") {
		t.Fatalf("the used code: %q", used)
	}
	if !strings.Contains(items.Eq(0).Text(), "Nog niet gebruikt") {
		t.Fatalf("the live code: %q", items.Eq(0).Text())
	}
	v := a.viewer(demo.ShareCode, 0)
	wantStatus(t, v.get("/inzien/dossier"), http.StatusOK)
}

// The viewer's medication, documents, results, appointments and reports are the patient's own lists (the
// same partials): each item reads the same, without what only the patient may do (ask about it, delete
// it, open a test's page or an appointment) or the patient's own mark "Nieuw"; every link stays under
// /inzien and none opens a dialog.
func TestShareCodeViewerSeesThePatientsOwnLists(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	// A corrected report: the list marks the old version replaced, with a link to the new one.
	old := a.addReport(testReport{patient: a.people[0].ID, title: "Verslag knieoperatie"})
	wantStatus(t, pc.post(reportPath(old)+"/correctie", url.Values{"soort": {"correction"}, "toelichting": {"De linkerknie."}}), http.StatusSeeOther)
	wantStatus(t, a.staffClient("practitioner").post("/praktijk/dossier/correcties/"+a.scalar(`SELECT id FROM report_corrections WHERE report_id = ?`, old)+"/corrigeren",
		url.Values{"titel": {"Verslag knieoperatie links"}, "tekst": {"Operatie aan de linkerknie."}}), http.StatusSeeOther)
	code, _ := a.makeShareCode(pc, "apotheker", "medicatie", "documents", "uitslagen", "agenda", "dossier")
	v := a.viewer(code, 0)
	items := func(p *page, sel string) []string {
		wantStatus(t, p, http.StatusOK)
		var out []string
		p.Doc.Find(sel).Each(func(_ int, s *goquery.Selection) { h, _ := s.Html(); out = append(out, h) })
		return out
	}
	own, seen := items(pc.get("/medicatie"), ".medication-list h3.medication-name, .medication-list dl.details"),
		items(v.get("/inzien/medicatie"), ".medication-list h3.medication-name, .medication-list dl.details")
	if len(own) == 0 || strings.Join(own, "\n") != strings.Join(seen, "\n") {
		t.Fatalf("the medication differs:\npatient %q\nviewer  %q", own, seen)
	}
	if v.get("/inzien/medicatie").Doc.Find(`a[href*="klopt-niet"]`).Length() != 0 {
		t.Fatal("the viewer is offered to ask about a medicine")
	}
	own, seen = items(pc.get("/documenten"), ".entry-list li strong"), items(v.get("/inzien/documenten"), ".entry-list li strong")
	if len(own) == 0 || strings.Join(own, "\n") != strings.Join(seen, "\n") {
		t.Fatalf("the documents differ:\npatient %q\nviewer  %q", own, seen)
	}
	if p := v.get("/inzien/documenten"); p.Doc.Find(`a[href*="verwijderen"]`).Length() != 0 || p.Doc.Find(`a[href^="/documenten/"]`).Length() != 0 {
		t.Fatal("the viewer's documents link to the patient's portal or offer removing")
	}
	for _, l := range []struct{ own, viewer, item, drop string }{
		{"/uitslagen", "/inzien/uitslagen", ".results-list .result", ".result-badge"},
		{"/afspraken", "/inzien/afspraken", ".agenda-day h2, .agenda-item", ""},
		{"/dossier", "/inzien/dossier", ".dossier-item", ".dossier-new, .dossier-attachments"},
	} {
		own, seen := listTexts(t, pc.get(l.own), l.item, l.drop), listTexts(t, v.get(l.viewer), l.item, l.drop)
		if len(own) == 0 || strings.Join(own, "\n") != strings.Join(seen, "\n") {
			t.Errorf("%s differs:\npatient %q\nviewer  %q", l.viewer, own, seen)
		}
		p := v.get(l.viewer)
		p.Doc.Find("main a[href]").Each(func(_ int, s *goquery.Selection) {
			if h := s.AttrOr("href", ""); !strings.HasPrefix(h, "/inzien") {
				t.Errorf("%s links to %s, outside what the viewer may reach", l.viewer, h)
			}
		})
		if p.Doc.Find("main [data-dialog]").Length() != 0 {
			t.Errorf("%s opens a dialog of the patient's portal", l.viewer)
		}
	}
	if v.get("/inzien/dossier").Doc.Find(`.report-superseded a[href="/inzien/dossier/`+a.scalar(`SELECT superseded_by FROM reports WHERE id = ?`, old)+`"]`).Length() != 1 {
		t.Error("the viewer's replaced report does not link to its new version")
	}
}

// listTexts are the texts of the items sel of page p, each without the parts drop, white space folded.
func listTexts(t *testing.T, p *page, sel, drop string) []string {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	var out []string
	p.Doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
		s = s.Clone()
		if drop != "" {
			s.Find(drop).Remove()
		}
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}
