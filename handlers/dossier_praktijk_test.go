package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// patientPage is the staff page of the patient with id.
func patientPage(id int64) string { return fmt.Sprintf("/praktijk/patienten/%d", id) }

// reportForm is a valid report as the form posts it, filed under the practice's first category.
func (a *testApp) reportForm(title, action string) url.Values {
	return url.Values{"titel": {title}, "datum": {"2026-03-02"}, "categorie": {a.scalar("SELECT min(id) FROM report_categories")},
		"tekst": {"# Beloop\n\n- rustig\n- **goed**"}, "zichtbaar": {"nu"}, "actie": {action}}
}

// writeReport posts a report for the patient and returns the address of its page.
func (c *client) writeReport(patientID int64, form url.Values) string {
	c.t.Helper()
	p := c.post(patientPage(patientID)+"/verslagen", form)
	wantStatus(c.t, p, http.StatusSeeOther)
	return strings.Split(p.Header.Get("Location"), "?")[0]
}

// panelState is the state the patient page's Dossier panel shows for the report titled title ("" if
// the panel does not list it).
func panelState(p *page, title string) string {
	state := ""
	p.Doc.Find(".reports-panel li").Each(func(_ int, li *goquery.Selection) {
		if strings.TrimSpace(li.Find("strong").Text()) == title {
			state = collapse(li.Find(".report-state").Text())
		}
	})
	return state
}

// A report with problems comes back with each problem at its field and everything typed kept; nothing
// is stored.
func TestDossierPraktijkReportFormKeepsInput(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	sc := a.staffClient("practitioner")
	before := a.scalar("SELECT count(*) FROM reports")

	p := sc.get(patientPage(me.ID) + "/verslagen/nieuw")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("#categorie option").Length() < 2 {
		t.Fatalf("the form offers no categories: %s", p.Doc.Find("#categorie").Text())
	}
	form := url.Values{"titel": {""}, "datum": {"2026-03-09"}, "categorie": {"987654"}, "tekst": {"Wat ik typte"},
		"akkoord": {"1"}, "zichtbaar": {"vanaf"}, "vanaf": {"2026-03-01"}, "actie": {"publiceren"}}
	p = sc.post(patientPage(me.ID)+"/verslagen", form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for field, key := range map[string]string{"#titel-error": "dossier_praktijk.title_required", "#datum-error": "dossier_praktijk.date_future",
		"#categorie-error": "dossier_praktijk.category_required", "#vanaf-error": "dossier_praktijk.from_past"} {
		if got := p.Problem(field); got != a.T(key) {
			t.Errorf("%s: %q, want %q", field, got, a.T(key))
		}
	}
	if p.Text("#tekst") != "Wat ik typte" || p.Doc.Find("#datum").AttrOr("value", "") != "2026-03-09" ||
		p.Doc.Find("#vanaf").AttrOr("value", "") != "2026-03-01" || p.Doc.Find("#akkoord[checked]").Length() != 1 ||
		p.Doc.Find("input[name=zichtbaar][value=vanaf][checked]").Length() != 1 {
		t.Errorf("the form lost what was typed:\n%s", p.Doc.Find("form.report-form").Text())
	}
	form.Set("titel", strings.Repeat("x", 201))
	form.Set("datum", "2026-02-30")
	p = sc.post(patientPage(me.ID)+"/verslagen", form)
	if p.Problem("#titel-error") != a.T("error.too_long", "Count", 201, "Max", 200) || p.Problem("#datum-error") != a.T("dossier_praktijk.date_invalid") {
		t.Errorf("title %q, date %q", p.Problem("#titel-error"), p.Problem("#datum-error"))
	}
	if got := a.scalar("SELECT count(*) FROM reports"); got != before {
		t.Errorf("reports: %s, want %s", got, before)
	}
}

// A report is saved unshared, published at once or from a later day: the panel says which, and the
// patient's record has it only from that moment on.
func TestDossierPraktijkPublishesAtOnceOrFromADay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	sc := a.staffClient("practitioner")

	draft := sc.writeReport(me.ID, a.reportForm("Nog niet delen", "bewaren"))
	now := sc.writeReport(me.ID, a.reportForm("Meteen delen", "publiceren"))
	later := a.reportForm("Morgen delen", "publiceren")
	later.Set("zichtbaar", "vanaf")
	later.Set("vanaf", "2026-03-03")
	later.Set("akkoord", "1")
	tomorrow := sc.writeReport(me.ID, later)

	published := func(path string) string {
		return a.scalar("SELECT coalesce(published_at, 'NULL') FROM reports WHERE id = ?", path[strings.LastIndex(path, "/")+1:])
	}
	if got := published(draft); got != "NULL" {
		t.Errorf("unshared report: published_at %s", got)
	}
	if got := published(now); !strings.HasPrefix(got, "2026-03-02 08:30:00") {
		t.Errorf("report shared at once: published_at %s, want now", got)
	}
	// From the start of 3 March in Amsterdam.
	if got := published(tomorrow); !strings.HasPrefix(got, "2026-03-02 23:00:00") {
		t.Errorf("report shared from a day: published_at %s, want 2026-03-02 23:00 UTC", got)
	}
	if got := a.scalar("SELECT approval_requested FROM reports WHERE title = 'Morgen delen'"); got != "1" {
		t.Errorf("akkoord asked: %s", got)
	}
	p := sc.get(patientPage(me.ID))
	for title, want := range map[string]string{"Nog niet delen": a.T("dossier_praktijk.state_draft"),
		"Meteen delen": a.T("dossier_praktijk.state_shared"),
		"Morgen delen": a.T("dossier_praktijk.state_scheduled", "When", a.tr["nl"].DayTime(time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC))) + " · " + a.T("dossier_praktijk.approval_asked")} {
		if got := panelState(p, title); got != want {
			t.Errorf("panel: %q is %q, want %q", title, got, want)
		}
	}
	// A draft can still be changed and then shared; a shared one cannot be edited.
	wantStatus(t, sc.get(draft+"/bewerken"), http.StatusOK)
	wantStatus(t, sc.get(now+"/bewerken"), http.StatusNotFound)
	edit := a.reportForm("Nu wel delen", "publiceren")
	wantStatus(t, sc.post(draft, edit), http.StatusSeeOther)
	if got := published(draft); !strings.HasPrefix(got, "2026-03-02 08:30:00") {
		t.Errorf("draft shared by its edit: published_at %s", got)
	}
	if got := a.scalar("SELECT count(*) FROM access_log WHERE object_type = 'report' AND action = 'change' AND actor_id = ? AND patient_id = ?",
		a.staff["practitioner"].ID, me.ID); got != "4" {
		t.Errorf("%s change rows for four writes", got)
	}
}

// A document the practice publishes from a later day is not in the patient's record before that day:
// not in the list, not in the overview's count.
func TestDossierPraktijkPublishesADocumentFromADay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	sc := a.staffClient("practitioner")
	count := func() string {
		pc := a.patientClient(0)
		var n string
		pc.get("/overzicht").Doc.Find(".tile").Each(func(_ int, s *goquery.Selection) {
			if collapse(s.Find(".tile-label").Text()) == a.T("overview.count_record") {
				n = strings.TrimSpace(s.Find(".tile-number").Text())
			}
		})
		return n + "/" + fmt.Sprint(strings.Contains(pc.get("/documenten").Body, "Uitslag bloedonderzoek"))
	}
	before := count()
	p := sc.get(patientPage(me.ID) + "/documenten/nieuw")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("input[name=zichtbaar][value=nu][checked]").Length() != 1 {
		t.Error("the form does not start with 'Direct'")
	}

	// Without a file and a title, the form says so and keeps the rest.
	p = sc.postMultipart(patientPage(me.ID)+"/documenten", url.Values{"titel": {""}, "zichtbaar": {"vanaf"}, "vanaf": {"2026-03-04"}, "akkoord": {"1"}}, "bestand")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#titel-error") != a.T("documents.title_required") || p.Problem("#bestand-error") != a.T("documents.file_required") {
		t.Errorf("title %q, file %q", p.Problem("#titel-error"), p.Problem("#bestand-error"))
	}
	if p.Doc.Find("#vanaf").AttrOr("value", "") != "2026-03-04" || p.Doc.Find("#akkoord[checked]").Length() != 1 {
		t.Error("the form lost what was typed")
	}
	p = sc.postMultipart(patientPage(me.ID)+"/documenten", url.Values{"titel": {"Uitslag bloedonderzoek"}, "zichtbaar": {"vanaf"},
		"vanaf": {"2026-03-04"}, "akkoord": {"1"}}, "bestand", upload{"uitslag.pdf", testPDF})
	wantStatus(t, p, http.StatusSeeOther)
	if got := sc.follow(p).Text(".notice"); got != a.T("dossier_praktijk.notice_document_scheduled") {
		t.Errorf("notice %q", got)
	}
	if got := a.scalar("SELECT approval_requested || ' ' || published_at FROM documents WHERE title = 'Uitslag bloedonderzoek'"); !strings.HasPrefix(got, "1 2026-03-03 23:00:00") {
		t.Errorf("stored: %s", got)
	}
	if got := count(); got != before {
		t.Errorf("before its day the patient's record shows %s, want %s", got, before)
	}
	a.fixed.Set(time.Date(2026, 3, 4, 7, 0, 0, 0, time.UTC))
	after := count()
	var n, m int
	fmt.Sscanf(before, "%d/", &n)
	fmt.Sscanf(after, "%d/", &m)
	// The record tile counts the dossier's reports (not documents): the document shows under Documenten.
	if m != n || !strings.HasSuffix(after, "/true") {
		t.Errorf("on its day the patient's record shows %s, was %s", after, before)
	}
}

// Withdrawing asks a reason; the report is kept with who, when and why, and logged.
func TestDossierPraktijkWithdrawsWithAReason(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, doc := a.people[0], a.staff["practitioner"]
	sc := a.staffClient("practitioner")
	report := sc.writeReport(me.ID, a.reportForm("Verkeerde patiënt", "publiceren"))
	unshared := sc.writeReport(me.ID, a.reportForm("Concept", "bewaren"))
	wantStatus(t, sc.get(unshared+"/intrekken"), http.StatusNotFound) // nothing to take back

	p := sc.get(report + "/intrekken")
	wantStatus(t, p, http.StatusOK)
	p = sc.post(report+"/intrekken", url.Values{"reden": {"  "}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#reden-error"); got != a.T("dossier_praktijk.reason_required") {
		t.Errorf("reason: %q", got)
	}
	p = sc.post(report+"/intrekken", url.Values{"reden": {"Bij de verkeerde patiënt gezet"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = sc.follow(p)
	if p.Text(".notice") != a.T("dossier_praktijk.notice_withdrawn") || !strings.Contains(p.Body, "Bij de verkeerde patiënt gezet") {
		t.Errorf("report page after withdrawing: %q", p.Text(".notice"))
	}
	id := report[strings.LastIndex(report, "/")+1:]
	if got := a.scalar("SELECT (withdrawn_at IS NOT NULL) || ' ' || withdrawn_by || ' ' || withdraw_reason || ' ' || title FROM reports WHERE id = ?", id); got != fmt.Sprintf("1 %d Bij de verkeerde patiënt gezet Verkeerde patiënt", doc.ID) {
		t.Errorf("stored: %s", got)
	}
	if got := a.scalar("SELECT count(*) FROM access_log WHERE object_type = 'report' AND object_id = ? AND action = 'change'", id); got != "2" {
		t.Errorf("%s change rows, want 2 (written, withdrawn)", got)
	}
	if got := panelState(sc.get(patientPage(me.ID)), "Verkeerde patiënt"); got != a.T("dossier_praktijk.state_withdrawn") {
		t.Errorf("panel: %q", got)
	}
	wantStatus(t, sc.post(report+"/intrekken", url.Values{"reden": {"Nog eens"}}), http.StatusNotFound)
}

// A report of another patient, under this patient's page, is a 404 on every route, logged as denied.
func TestDossierPraktijkOtherPatientsReportIsNotFound(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	sc := a.staffClient("practitioner")
	theirs := sc.writeReport(other.ID, a.reportForm("Van een ander", "bewaren"))
	id := theirs[strings.LastIndex(theirs, "/")+1:]
	mine := patientPage(me.ID) + "/verslagen/" + id
	for _, p := range []*page{sc.get(mine), sc.get(mine + "/bewerken"), sc.get(mine + "/intrekken"),
		sc.post(mine, a.reportForm("Overschreven", "publiceren")), sc.post(mine+"/intrekken", url.Values{"reden": {"x"}}),
		sc.postMultipart(mine+"/bijlagen", url.Values{"titel": {"Bijlage"}}, "bestand", upload{"b.pdf", testPDF})} {
		wantStatus(t, p, http.StatusNotFound)
	}
	if got := a.scalar("SELECT title || ' ' || coalesce(published_at, 'NULL') FROM reports WHERE id = ?", id); got != "Van een ander NULL" {
		t.Errorf("the other patient's report changed: %s", got)
	}
	if got := a.scalar("SELECT count(*) FROM access_log WHERE object_type = 'report' AND object_id = ? AND outcome = 'denied' AND patient_id = ?", id, me.ID); got != "6" {
		t.Errorf("%s denied rows, want 6", got)
	}
}

// Typing a report is saved as a draft and comes back in the form; a draft cannot be made about a
// report the patient has seen, and a patient cannot save one.
func TestDossierPraktijkReportDraftAutosaves(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	sc := a.staffClient("practitioner")
	target := fmt.Sprintf("nieuw-%d", me.ID)
	category := a.scalar("SELECT max(id) FROM report_categories")
	save := func(c *client, target string) *page {
		req := c.formRequest("/concept", url.Values{"soort": {"report"}, "doel": {target}, "versie": {"5"}, "titel": {"Half af"},
			"tekst": {"Nog niet klaar"}, "datum": {"2026-02-27"}, "categorie": {category}, "akkoord": {"1"}})
		req.Header.Set("HX-Request", "true")
		return c.do(req)
	}
	wantStatus(t, save(sc, target), http.StatusOK)
	p := sc.get(patientPage(me.ID) + "/verslagen/nieuw")
	if p.Doc.Find("#titel").AttrOr("value", "") != "Half af" || p.Text("#tekst") != "Nog niet klaar" ||
		p.Doc.Find("#datum").AttrOr("value", "") != "2026-02-27" || p.Doc.Find("#categorie option[selected]").AttrOr("value", "") != category ||
		p.Doc.Find("#akkoord[checked]").Length() != 1 || !strings.Contains(p.Text(".notice"), "teruggezet") {
		t.Fatalf("the draft did not come back: %q\n%s", p.Text(".notice"), p.Doc.Find("form.report-form").Text())
	}
	// Saving the report drops its draft.
	form := a.reportForm("Klaar", "bewaren")
	wantStatus(t, sc.post(patientPage(me.ID)+"/verslagen", form), http.StatusSeeOther)
	if got := a.scalar("SELECT count(*) FROM drafts WHERE kind = 'report' AND target = ?", target); got != "0" {
		t.Errorf("%s drafts left", got)
	}
	shared := sc.writeReport(me.ID, a.reportForm("Gedeeld", "publiceren"))
	wantStatus(t, save(sc, shared[strings.LastIndex(shared, "/")+1:]), http.StatusNotFound)
	wantStatus(t, save(sc, "nieuw-987654"), http.StatusNotFound)
	wantStatus(t, save(a.patientClient(0), target), http.StatusNotFound)
}

// The link switch: the practice's default until the practitioner sets it, kept per patient and logged.
func TestDossierPraktijkLinkSwitch(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	sc := a.staffClient("practitioner")
	p := sc.get(patientPage(me.ID))
	if !strings.Contains(p.Text("form.dossier-link"), a.T("dossier_praktijk.linked")) || !strings.Contains(p.Text("form.dossier-link"), a.T("dossier_praktijk.linked_default")) {
		t.Fatalf("switch: %q", p.Text("form.dossier-link"))
	}
	p = sc.post(patientPage(me.ID)+"/dossier", url.Values{"gekoppeld": {"0"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = sc.follow(p)
	if p.Text(".notice") != a.T("dossier_praktijk.notice_unlinked") || !strings.Contains(p.Text("form.dossier-link"), a.T("dossier_praktijk.not_linked")) {
		t.Errorf("after switching off: %q / %q", p.Text(".notice"), p.Text("form.dossier-link"))
	}
	if got := a.scalar("SELECT dossier_linked FROM users WHERE id = ?", me.ID); got != "0" {
		t.Errorf("dossier_linked %s", got)
	}
	if got := a.scalar("SELECT count(*) FROM access_log WHERE object_type = 'dossier_link' AND action = 'change' AND patient_id = ?", me.ID); got != "1" {
		t.Errorf("%s log rows", got)
	}
}

// The administrator's categories: added, refused twice, renamed with their reports, ordered, removed
// only when unused; and the practice's default of the link switch.
func TestBeheerDossierCategories(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ac := a.staffClient("admin")
	wantStatus(t, ac.get("/praktijk/beheer/dossier"), http.StatusOK)
	wantStatus(t, a.staffClient("practitioner").get("/praktijk/beheer/dossier"), http.StatusForbidden)

	p := ac.post("/praktijk/beheer/dossier/categorieen", url.Values{"categorie": {"Fysiotherapie"}, "subcategorie": {"Intake"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := a.scalar("SELECT count(*) FROM report_categories WHERE category = 'Fysiotherapie'"); got != "2" {
		t.Errorf("%s rows: the category and its subcategory", got)
	}
	p = ac.post("/praktijk/beheer/dossier/categorieen", url.Values{"categorie": {"Fysiotherapie"}, "subcategorie": {"Intake"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#categorie-error") != a.T("beheer_dossier.category_taken") || p.Doc.Find("#subcategorie").AttrOr("value", "") != "Intake" {
		t.Errorf("twice: %q", p.Problem("#categorie-error"))
	}
	// A subcategory in use: renamed with its reports, not removed.
	var id, category, sub string
	if err := a.db.Read.QueryRow(`SELECT c.id, c.category, c.subcategory FROM report_categories c WHERE c.subcategory <> ''
		AND EXISTS (SELECT 1 FROM reports r WHERE r.category = c.category AND r.subcategory = c.subcategory) ORDER BY c.id LIMIT 1`).Scan(&id, &category, &sub); err != nil {
		t.Fatal(err)
	}
	reports := a.scalar("SELECT count(*) FROM reports WHERE category = ? AND subcategory = ?", category, sub)
	p = ac.post("/praktijk/beheer/dossier/categorieen/"+id, url.Values{"naam-" + id: {""}, "volgorde-" + id: {"x"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#naam-"+id+"-error") != a.T("beheer_dossier.category_required") || p.Problem("#volgorde-"+id+"-error") != a.T("beheer_dossier.order_invalid") ||
		p.Doc.Find("#volgorde-"+id).AttrOr("value", "") != "x" {
		t.Errorf("rename: %q, %q", p.Problem("#naam-"+id+"-error"), p.Problem("#volgorde-"+id+"-error"))
	}
	wantStatus(t, ac.post("/praktijk/beheer/dossier/categorieen/"+id, url.Values{"naam-" + id: {"Nieuwe naam"}, "volgorde-" + id: {"7"}}), http.StatusSeeOther)
	if got := a.scalar("SELECT count(*) FROM reports WHERE category = ? AND subcategory = 'Nieuwe naam'", category); got != reports {
		t.Errorf("%s reports renamed, want %s", got, reports)
	}
	if got := a.scalar("SELECT count(*) FROM report_categories WHERE category = ? AND subcategory = ?", category, sub); got != "0" {
		t.Errorf("%s rows keep the old name", got)
	}
	p = ac.post("/praktijk/beheer/dossier/categorieen/"+id+"/verwijderen", nil)
	wantStatus(t, p, http.StatusConflict)
	if p.Problem("#naam-"+id+"-error") != a.T("beheer_dossier.category_in_use") {
		t.Errorf("remove in use: %q", p.Problem("#naam-"+id+"-error"))
	}
	unused := a.scalar("SELECT id FROM report_categories WHERE category = 'Fysiotherapie' AND subcategory = ''")
	wantStatus(t, ac.post("/praktijk/beheer/dossier/categorieen/"+unused+"/verwijderen", nil), http.StatusSeeOther)
	if got := a.scalar("SELECT count(*) FROM report_categories WHERE category = 'Fysiotherapie'"); got != "0" {
		t.Errorf("%s rows of the removed category left", got)
	}
	wantStatus(t, ac.post("/praktijk/beheer/dossier/koppeling", url.Values{}), http.StatusSeeOther)
	if got := a.scalar("SELECT dossier_linked_default FROM clinic_settings"); got != "0" {
		t.Errorf("default %s", got)
	}
	p = a.staffClient("practitioner").get(patientPage(a.people[0].ID))
	if !strings.Contains(p.Text("form.dossier-link"), a.T("dossier_praktijk.not_linked")) {
		t.Errorf("a patient on the default after switching it off: %q", p.Text("form.dossier-link"))
	}
}

// A report's attachments are shared with it: not while it is a draft, from its moment once published,
// no longer once it is withdrawn. A bad file comes back with the title kept.
func TestDossierPraktijkAttachmentsFollowTheirReport(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	sc := a.staffClient("practitioner")
	report := sc.writeReport(me.ID, a.reportForm("Met bijlage", "bewaren"))
	p := sc.postMultipart(report+"/bijlagen", url.Values{"titel": {"Röntgenfoto"}}, "bestand", upload{"foto.txt", []byte("geen foto")})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#bestand-error") != a.T("documents.not_allowed", "Name", "foto.txt") || p.Doc.Find("#titel").AttrOr("value", "") != "Röntgenfoto" {
		t.Errorf("bad file: %q", p.Problem("#bestand-error"))
	}
	wantStatus(t, sc.postMultipart(report+"/bijlagen", url.Values{"titel": {"Röntgenfoto"}}, "bestand", upload{"foto.pdf", testPDF}), http.StatusSeeOther)
	id := report[strings.LastIndex(report, "/")+1:]
	shared := func() string {
		return a.scalar("SELECT coalesce(published_at, 'NULL') FROM documents WHERE report_id = ?", id)
	}
	if got := shared(); got != "NULL" {
		t.Errorf("a draft's attachment is shared from %s", got)
	}
	if !strings.Contains(sc.get(report).Text("#attachments-title + ul"), "Röntgenfoto") {
		t.Error("the report's page does not list its attachment")
	}
	wantStatus(t, sc.post(report, a.reportForm("Met bijlage", "publiceren")), http.StatusSeeOther)
	if got := shared(); !strings.HasPrefix(got, "2026-03-02 08:30:00") {
		t.Errorf("published: the attachment is shared from %s", got)
	}
	wantStatus(t, sc.post(report+"/intrekken", url.Values{"reden": {"Onjuist"}}), http.StatusSeeOther)
	if got := shared(); got != "NULL" {
		t.Errorf("withdrawn: the attachment is shared from %s", got)
	}
}

// The practice reads a report as the patient does: its formatting rendered by the same renderer, raw
// HTML shown as the text typed.
func TestStaffReportPageShowsTheFormattedText(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID, title: "Behandelplan",
		body: "## Doelen\n\n- beter *slapen*\n- minder **piekeren**\n\nMet <b onclick=\"x()\">vet</b>."})
	p := a.staffClient("practitioner").get(fmt.Sprintf("%s/verslagen/%d", patientPage(me.ID), id))
	wantStatus(t, p, http.StatusOK)
	text := p.Doc.Find(".report-text")
	if text.Find("h2").Text() != "Doelen" || text.Find("li em").Text() != "slapen" || text.Find("li strong").Text() != "piekeren" {
		t.Errorf("the report's text is not shown with its formatting: %s", must(text.Html()))
	}
	if text.Find("b, [onclick]").Length() != 0 || !strings.Contains(text.Text(), `<b onclick="x()">vet</b>`) {
		t.Errorf("raw HTML is not shown as text: %s", must(text.Html()))
	}
}
