package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// The patient's questionnaires (/vragenlijsten): tests go through the pages as the patient and the
// practice use them. The practice assigns (a.assign); the patient fills in, saves and submits.

// phq9Answers are PHQ-9 answers as the form sends them: items 1–8 at each, item 9 at item9.
func phq9Answers(each, item9 string) url.Values {
	v := url.Values{}
	for i := 1; i <= 8; i++ {
		v.Set(fmt.Sprintf("v-phq9-%d", i), each)
	}
	v.Set("v-phq9-9", item9)
	return v
}

// submitted is what "Indienen" sends: the answers, the confirmation and the button.
func submitted(answers url.Values) url.Values {
	v := url.Values{"actie": {"indienen"}, "definitief": {"1"}}
	for k, vs := range answers {
		v[k] = vs
	}
	return v
}

// openFor assigns key once to patient i by the practitioner and returns the response's path.
func (a *testApp) openFor(i int, key string) string {
	a.t.Helper()
	return "/vragenlijsten/" + a.assign(a.staffClient("practitioner"), a.people[i].ID, assignForm(key, "eenmalig", "", "", "2026-03-09"))
}

// The list has its three parts: the outcome measures and the intake lists, open ones with their due date
// and state, and the eHealth program of the practice (absent while none is set), opening in a new tab.
func TestQuestionnaireListHasItsThreeParts(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	// A practice without an eHealth program (the demo's has Minddistrict).
	if _, err := a.db.Write.Exec(`UPDATE clinic_settings SET ehealth_name = '', ehealth_url = ''`); err != nil {
		t.Fatal(err)
	}
	pc := a.patientClient(1)
	list := pc.get("/vragenlijsten")
	wantStatus(t, list, http.StatusOK)
	if list.Doc.Find("#ehealth").Length() != 0 || list.Text("#klachten") == "" || list.Text("#intake") == "" {
		t.Fatalf("without an eHealth program: parts %q / %q / %q", list.Text("#klachten h2"), list.Text("#intake h2"), list.Text("#ehealth h2"))
	}
	if !strings.Contains(list.Text("#klachten"), a.T("vragenlijsten.none_open")) {
		t.Errorf("no questionnaires: %q", list.Text("#klachten"))
	}

	phq := a.openFor(1, "phq-9")
	intake := a.openFor(1, "intake-aanmelding")
	wantStatus(t, a.staffClient("admin").post("/praktijk/beheer/instellingen/ehealth",
		url.Values{"ehealth_naam": {"Minddistrict"}, "ehealth_adres": {"https://praktijk.minddistrict.com"}}), http.StatusSeeOther)
	list = pc.get("/vragenlijsten")
	if href := list.Doc.Find("#klachten a[href='" + phq + "']").Text(); !strings.Contains(href, "PHQ-9") {
		t.Errorf("the PHQ-9 is not under Klachtenvragenlijsten: %q", list.Text("#klachten"))
	}
	if list.Doc.Find("#intake a[href='"+intake+"']").Length() != 1 || list.Doc.Find("#klachten a[href='"+intake+"']").Length() != 0 {
		t.Errorf("the intake list is not under intake only")
	}
	if got := list.Text("#intake .questionnaire-row .meta"); !strings.Contains(got, a.T("vragenlijsten.state_new")) || !strings.Contains(got, "9 maart") {
		t.Errorf("the open intake's state and due date: %q", got)
	}
	link := list.Doc.Find("#ehealth a[href='https://praktijk.minddistrict.com']")
	if link.Length() != 1 || link.AttrOr("target", "") != "_blank" || link.AttrOr("rel", "") != "noopener" {
		t.Errorf("the eHealth link: %d, target %q rel %q", link.Length(), link.AttrOr("target", ""), link.AttrOr("rel", ""))
	}
	if !strings.Contains(list.Text("#ehealth"), a.T("vragenlijsten.ehealth_intro", "Name", "Minddistrict")) {
		t.Errorf("the eHealth part does not say it is another service: %q", list.Text("#ehealth"))
	}
	// The patient's own program goes before the practice's.
	wantStatus(t, a.staffClient("practitioner").post(fmt.Sprintf("/praktijk/patienten/%d/ehealth", a.people[1].ID),
		url.Values{"ehealth_adres": {"https://ggz.therapieland.example/start"}}), http.StatusSeeOther)
	if pc.get("/vragenlijsten").Doc.Find("#ehealth a[href='https://ggz.therapieland.example/start']").Length() != 1 {
		t.Errorf("the patient's own eHealth address is not shown")
	}
	// The overview counts the open ones and links to them.
	tile := pc.get("/overzicht").Doc.Find(".tile a[href='/vragenlijsten']")
	if !strings.Contains(tile.Text(), "2") || !strings.Contains(tile.Text(), a.T("overview.count_questionnaires")) {
		t.Errorf("the overview's tile: %q", tile.Text())
	}
}

// Filling in an intake: Bewaren keeps a half-done list; Indienen without the confirmation or with a
// required answer missing comes back (422) with each problem beside its question, linked from the
// summary, and every answer kept; then it is submitted into the dossier as a report with its PDF,
// read-only, and a later POST changes nothing.
func TestQuestionnaireFillSaveAndSubmit(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(1)
	path := a.openFor(1, "intake-aanmelding")
	id := strings.TrimPrefix(path, "/vragenlijsten/")

	form := pc.get(path)
	wantStatus(t, form, http.StatusOK)
	if form.Doc.Find("#v-reden").Length() != 1 || form.Doc.Find("#v-klachten-anders-question .question-when").Length() != 1 {
		t.Fatalf("the form lacks its questions or the follow-up's condition")
	}
	if got := form.Text("#v-reden-count"); got != a.T("questionnaire.chars_max", "Max", 2000) {
		t.Errorf("the long answer's maximum: %q", got)
	}
	half := url.Values{"actie": {"bewaren"}, "v-reden": {"Ik slaap slecht en pieker veel."}, "v-klachten": {"slaap", "piekeren"}}
	saved := pc.post(path, half)
	wantStatus(t, saved, http.StatusSeeOther)
	if list := pc.follow(saved); list.Text(".notice") != a.T("vragenlijsten.notice_saved") ||
		!strings.Contains(list.Text("#intake .questionnaire-row .meta"), "Begonnen, bewaard op") {
		t.Errorf("after Bewaren: notice %q, state %q", list.Text(".notice"), list.Text("#intake .questionnaire-row .meta"))
	}
	if got := a.scalar(`SELECT answers FROM questionnaire_responses WHERE id = ?`, id); !strings.Contains(got, "pieker veel") {
		t.Errorf("saved answers %s", got)
	}
	again := pc.get(path)
	if again.Text("#v-reden") != "Ik slaap slecht en pieker veel." || again.Doc.Find("input[name=v-klachten][value=piekeren]:checked").Length() != 1 {
		t.Errorf("the saved answers do not come back")
	}

	// Indienen without the confirmation and with required answers missing.
	bad := pc.post(path, url.Values{"actie": {"indienen"}, "v-reden": {"Ik slaap slecht."}, "v-klachten": {"slaap"}, "v-verwezen": {"true"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if bad.Problem("#definitief-error") != a.T("vragenlijsten.confirm_required") {
		t.Errorf("confirmation: %q", bad.Problem("#definitief-error"))
	}
	for _, q := range []string{"v-last", "v-doel", "v-verwijzer", "v-eerder"} {
		if got := bad.Problem("#" + q + "-error"); got != a.T("questionnaire.answer_required") {
			t.Errorf("%s: problem %q", q, got)
		}
		if bad.Doc.Find(".error-summary a[href='#"+q+"']").Length() != 1 {
			t.Errorf("%s: not linked from the summary", q)
		}
	}
	if bad.Text("#v-reden") != "Ik slaap slecht." || bad.Doc.Find("input[name=v-verwezen][value=true]:checked").Length() != 1 {
		t.Errorf("the answers typed are lost")
	}
	if a.scalar(`SELECT submitted_at IS NULL FROM questionnaire_responses WHERE id = ?`, id) != "1" {
		t.Fatalf("refused, but submitted")
	}

	full := submitted(url.Values{"v-reden": {"Ik slaap slecht.\nEn ik pieker # veel."}, "v-klachten": {"slaap"}, "v-last": {"7"},
		"v-doel": {"Weer goed slapen"}, "v-verwezen": {"true"}, "v-verwijzer": {"Huisarts Jansen"}, "v-eerder": {"false"},
		"v-eerder-wie": {"Dit geldt niet meer"}})
	done := pc.post(path, full)
	wantStatus(t, done, http.StatusSeeOther)
	page := pc.follow(done)
	if page.Text(".notice") != a.T("vragenlijsten.notice_submitted") || page.Doc.Find("form.questionnaire-form").Length() != 0 ||
		page.Doc.Find(".questionnaire-answers input:not([disabled]), .questionnaire-answers textarea:not([disabled])").Length() != 0 {
		t.Errorf("submitted: notice %q, still a form", page.Text(".notice"))
	}
	stored := a.scalar(`SELECT answers FROM questionnaire_responses WHERE id = ?`, id)
	if strings.Contains(stored, "Dit geldt niet meer") {
		t.Errorf("an answer to a follow-up that does not apply is kept: %s", stored)
	}
	report := a.scalar(`SELECT report_id FROM questionnaire_responses WHERE id = ?`, id)
	if got := a.scalar(`SELECT title || '|' || category || '|' || (author_id = ?) || '|' || (published_at IS NOT NULL) || '|' || (search_text <> '') FROM reports WHERE id = ?`,
		a.people[1].ID, report); got != "Vragenlijst: Aanmelding en hulpvraag|Vragenlijsten|1|1|1" {
		t.Errorf("the report: %s", got)
	}
	if page.Doc.Find("a[href='/dossier/"+report+"']").Length() != 1 {
		t.Errorf("the submitted page does not link its report")
	}
	dossier := pc.get("/dossier/" + report)
	wantStatus(t, dossier, http.StatusOK)
	if body := dossier.Text("main"); !strings.Contains(body, "En ik pieker # veel.") || !strings.Contains(body, "Huisarts Jansen") ||
		!strings.Contains(body, a.T("questionnaire.no")) {
		t.Errorf("the report's text: %q", body)
	}
	pdf := pc.get("/dossier/" + report + "/pdf")
	if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("the report's PDF: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}
	list := pc.get("/vragenlijsten")
	if list.Doc.Find("#intake .questionnaire-list").Length() != 1 || !strings.Contains(list.Text("#intake"), a.T("vragenlijsten.find_under_reports")) ||
		!strings.Contains(list.Text("#intake"), a.T("vragenlijsten.none_open")) {
		t.Errorf("the list after submitting: %q", list.Text("#intake"))
	}

	// A later POST, Bewaren or Indienen, changes nothing.
	before := a.scalar(`SELECT answers || submitted_at FROM questionnaire_responses WHERE id = ?`, id)
	for _, form := range []url.Values{{"actie": {"bewaren"}, "v-reden": {"Anders"}}, submitted(url.Values{"v-reden": {"Anders"}})} {
		late := pc.post(path, form)
		wantStatus(t, late, http.StatusSeeOther)
		if pc.follow(late).Text(".notice") != a.T("vragenlijsten.notice_already_submitted") {
			t.Errorf("a late POST is not told")
		}
	}
	if after := a.scalar(`SELECT answers || submitted_at FROM questionnaire_responses WHERE id = ?`, id); after != before {
		t.Errorf("a submitted response changed")
	}
	if n := a.scalar(`SELECT count(*) FROM reports WHERE patient_id = ? AND category = 'Vragenlijsten'`, a.people[1].ID); n != "1" {
		t.Errorf("%s reports", n)
	}
	// The database is the last guard.
	if _, err := a.db.Write.Exec(`UPDATE questionnaire_responses SET answers = '{}' WHERE id = ?`, id); err == nil {
		t.Errorf("the database let a submitted response change")
	}
}

// What is typed is saved through the draft endpoint, as the page's autosave sends it, and comes back on
// the next visit (another device alike) until Bewaren; another patient's response takes no draft, nor
// does a submitted one.
func TestQuestionnaireDraftSurvives(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	path := a.openFor(1, "intake-medisch")
	id := strings.TrimPrefix(path, "/vragenlijsten/")
	draft := url.Values{"soort": {"questionnaire"}, "doel": {id}, "versie": {"1"}, "v-aandoeningen": {"true"},
		"v-aandoeningen-welke": {"Astma sinds mijn jeugd"}, "v-slaap": {"4"}}
	phone := a.patientClient(1)
	phone.header.Set("HX-Request", "true") // as the page's autosave sends it
	saved := phone.post("/concept", draft)
	wantStatus(t, saved, http.StatusOK)

	laptop := a.patientClient(1) // another device, a new session
	page := laptop.get(path)
	if page.Text("#v-aandoeningen-welke") != "Astma sinds mijn jeugd" || page.Doc.Find("input[name=v-slaap][value='4']:checked").Length() != 1 {
		t.Errorf("the draft does not come back: %q", page.Text("#v-aandoeningen-welke"))
	}
	if !strings.HasPrefix(page.Text(".notice"), strings.Split(a.T("drafts.notice_restored", "When", "x"), "x")[0]) {
		t.Errorf("no notice that the draft was restored: %q", page.Text(".notice"))
	}
	if !strings.Contains(laptop.get("/vragenlijsten").Text("#intake"), a.T("vragenlijsten.state_draft")) {
		t.Errorf("the list does not say the questionnaire was started")
	}
	// Bewaren stores it and drops the draft.
	wantStatus(t, laptop.post(path, url.Values{"actie": {"bewaren"}, "v-aandoeningen": {"true"}, "v-aandoeningen-welke": {"Astma"}}), http.StatusSeeOther)
	if n := a.scalar(`SELECT count(*) FROM drafts WHERE kind = 'questionnaire' AND target = ?`, id); n != "0" {
		t.Errorf("the draft stays after Bewaren")
	}
	// Another patient's response takes no draft.
	other := a.patientClient(2)
	other.header.Set("HX-Request", "true")
	wantStatus(t, other.post("/concept", draft), http.StatusNotFound)
}

// PHQ-9 with item 9 above 0: the response is flagged, and the page says at once where to get help (113,
// the GP's number, 112) with tel: links, with the score and band; the chart shows the scores.
func TestQuestionnaireItem9FlagsAndHelps(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(1)
	path := a.openFor(1, "phq-9")
	id := strings.TrimPrefix(path, "/vragenlijsten/")
	done := pc.post(path, submitted(phq9Answers("1", "1")))
	wantStatus(t, done, http.StatusSeeOther)
	page := pc.follow(done)
	if page.Text(".notice") != a.T("vragenlijsten.notice_submitted_help") {
		t.Errorf("notice %q", page.Text(".notice"))
	}
	if got := a.scalar(`SELECT flagged || '|' || score_total || '|' || band FROM questionnaire_responses WHERE id = ?`, id); got != "1|9.0|mild" {
		t.Errorf("stored %s", got)
	}
	help := page.Doc.Find(".urgent-help")
	phone := a.scalar(`SELECT phone FROM clinic_settings`)
	for _, href := range []string{"tel:08000113", "tel:112", "tel:" + digitsOf(phone)} {
		if help.Find("a[href='"+href+"']").Length() != 1 {
			t.Errorf("no help link %s in %q", href, help.Text())
		}
	}
	if !strings.Contains(help.Text(), "0800-0113") {
		t.Errorf("the rule's help: %q", help.Text())
	}
	if got := page.Text(".questionnaire-score"); !strings.Contains(got, a.T("vragenlijsten.score", "Score", "9")) || !strings.Contains(got, "Lichte klachten") {
		t.Errorf("the score: %q", got)
	}
	// The practice sees the flag in its queue.
	if n := a.scalar(`SELECT count(*) FROM questionnaire_responses WHERE flagged = 1 AND flag_seen_at IS NULL AND id = ?`, id); n != "1" {
		t.Errorf("not waiting in the queue")
	}
	chart := pc.get("/vragenlijsten/verloop/phq-9")
	wantStatus(t, chart, http.StatusOK)
	if chart.Doc.Find("svg.trend").Length() != 1 || !strings.Contains(chart.Text("table"), "Lichte klachten") {
		t.Errorf("the chart: %q", chart.Text("table"))
	}
	// Another patient has no PHQ-9 scores: no chart.
	wantStatus(t, a.patientClient(2).get("/vragenlijsten/verloop/phq-9"), http.StatusNotFound)
}

// The score and band show only where the practice shows them: switched off for the key, the patient
// sees neither after submitting, nor the chart; an intake list has no score at all.
func TestQuestionnaireScoreOnlyWhenShown(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(1)
	if _, err := a.db.Write.Exec(`INSERT INTO questionnaire_score_settings (key, show_score) VALUES ('gad-7', 0)`); err != nil {
		t.Fatal(err)
	}
	path := a.openFor(1, "gad-7")
	answers := url.Values{}
	for i := 1; i <= 7; i++ {
		answers.Set(fmt.Sprintf("v-gad7-%d", i), "2")
	}
	done := pc.post(path, submitted(answers))
	wantStatus(t, done, http.StatusSeeOther)
	page := pc.follow(done)
	if page.Doc.Find(".questionnaire-score").Length() != 0 || strings.Contains(page.Text("main"), "Matige") {
		t.Errorf("a hidden score shows: %q", page.Text(".questionnaire-score"))
	}
	if got := a.scalar(`SELECT score_total FROM questionnaire_responses WHERE id = ?`, strings.TrimPrefix(path, "/vragenlijsten/")); got != "14" {
		t.Errorf("the score is still stored for the practice: %s", got)
	}
	if strings.Contains(pc.get("/vragenlijsten").Text("#klachten"), "Score") {
		t.Errorf("the list shows a hidden score")
	}
	wantStatus(t, pc.get("/vragenlijsten/verloop/gad-7"), http.StatusNotFound)
	report := a.scalar(`SELECT body FROM reports WHERE id = (SELECT report_id FROM questionnaire_responses WHERE id = ?)`, strings.TrimPrefix(path, "/vragenlijsten/"))
	if strings.Contains(report, "Score") {
		t.Errorf("the report shows a hidden score")
	}
}

// The administrator's switch "Score tonen aan de patiënt" on a scored questionnaire's page: on by default
// for PHQ-9 (its definition), switched off it is stored for the key.
func TestAdminSwitchesScoreForPatients(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	id := a.scalar(`SELECT id FROM questionnaire_definitions WHERE key = 'phq-9'`)
	page := admin.get("/praktijk/beheer/vragenlijsten/" + id)
	if page.Doc.Find("#score_tonen:checked").Length() != 1 {
		t.Fatalf("PHQ-9's score is not shown by default")
	}
	done := admin.post("/praktijk/beheer/vragenlijsten/"+id+"/score", url.Values{})
	wantStatus(t, done, http.StatusSeeOther)
	after := admin.follow(done)
	if after.Text(".notice") != a.T("beheer_vragenlijsten.notice_score_saved") || after.Doc.Find("#score_tonen:checked").Length() != 0 {
		t.Errorf("switched off: notice %q", after.Text(".notice"))
	}
	if got := a.scalar(`SELECT show_score FROM questionnaire_score_settings WHERE key = 'phq-9'`); got != "0" {
		t.Errorf("stored %q", got)
	}
	intake := a.scalar(`SELECT id FROM questionnaire_definitions WHERE key = 'intake-medisch'`)
	if admin.get("/praktijk/beheer/vragenlijsten/"+intake).Doc.Find("#score_tonen").Length() != 0 {
		t.Errorf("an intake list has no score to show")
	}
}

// A submission files its report under "Vragenlijsten", a category the practice may not have made: it is
// added to the practice's list, so that the dossier's filter offers it and finds the report.
func TestQuestionnaireReportCategoryIsOffered(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	if _, err := a.db.Write.Exec(`DELETE FROM report_categories WHERE category = 'Vragenlijsten'`); err != nil {
		t.Fatal(err)
	}
	pc := a.patientClient(1)
	wantStatus(t, pc.post(a.openFor(1, "phq-9"), submitted(phq9Answers("1", "0"))), http.StatusSeeOther)
	p := pc.get("/dossier")
	options := p.Doc.Find("select#categorie option").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if !slices.Contains(options, "Vragenlijsten") {
		t.Fatalf("the dossier's categories %v lack Vragenlijsten", options)
	}
	p = pc.get("/dossier?" + url.Values{"categorie": {"Vragenlijsten"}}.Encode())
	if !strings.Contains(p.Body, "Vragenlijst: ") {
		t.Fatal("the filter does not find the questionnaire's report")
	}
}

// submitResponses gives the patient n submitted responses of the questionnaire key in one transaction,
// the k-th submitted at at(k), scored (k mod 27) where the key is scored, and returns their ids.
func (a *testApp) submitResponses(tb testing.TB, patient int64, key string, n int, at func(k int) time.Time) []int64 {
	tb.Helper()
	def := a.scalar(`SELECT id FROM questionnaire_definitions WHERE key = ? AND state = 'offered'`, key)
	scored := key == "phq-9" || key == "gad-7"
	tx, err := a.db.Write.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	ids := make([]int64, n)
	for k := range n {
		var assignment int64
		if err := tx.QueryRow(`INSERT INTO questionnaire_assignments (patient_id, definition_key, assigned_by, assigned_at)
			VALUES (?, ?, ?, ?) RETURNING id`, patient, key, a.staff["practitioner"].ID, at(k).Add(-time.Hour)).Scan(&assignment); err != nil {
			tb.Fatal(err)
		}
		var score any
		if scored {
			score = k % 27
		}
		if err := tx.QueryRow(`INSERT INTO questionnaire_responses (assignment_id, patient_id, definition_id, available_at, answers,
			submitted_at, submitted_by, score_total, band) VALUES (?, ?, ?, ?, '{}', ?, ?, ?, 'mild') RETURNING id`,
			assignment, patient, def, at(k).Add(-time.Hour), at(k), patient, score).Scan(&ids[k]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// submittedIDs are the ids of the submitted questionnaires a page lists, in its order.
func submittedIDs(p *page, in string) []string {
	var ids []string
	p.Doc.Find(in + " .questionnaire-submitted li a").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, strings.TrimPrefix(s.AttrOr("href", ""), "/vragenlijsten/"))
	})
	return ids
}

// joinIDs is ids as submittedIDs gives them, joined by spaces.
func joinIDs(ids []int64) string { return strings.Trim(fmt.Sprint(ids), "[]") }

// A patient with years of a repeated outcome measure (more than the list once read) loses none: each part
// of /vragenlijsten shows its open ones and its most recent submitted ones, with a link to all of them and
// their count; /vragenlijsten/ingevuld pages through every one, newest first (ties newest id first), each
// once forwards and backwards; the chart of a questionnaire submitted long before the recent ones is still
// linked; another patient sees none of them, and a cut or edited cursor shows the first page.
func TestQuestionnaireListKeepsEverySubmission(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	start := testStart.Add(-5 * 365 * 24 * time.Hour)
	a.submitResponses(t, me.ID, "gad-7", 1, func(int) time.Time { return start })
	a.submitResponses(t, me.ID, "intake-aanmelding", 1, func(int) time.Time { return start.Add(time.Hour) })
	// Two at each moment: the order's tiebreaker is the id.
	a.submitResponses(t, me.ID, "phq-9", 230, func(k int) time.Time { return start.Add(time.Duration(k/2+1) * 7 * 24 * time.Hour) })
	open := a.openFor(1, "phq-9")
	want := a.ids(`SELECT id FROM questionnaire_responses WHERE patient_id = ? AND submitted_at IS NOT NULL ORDER BY submitted_at DESC, id DESC`, me.ID)
	if len(want) != 232 {
		t.Fatalf("%d submitted", len(want))
	}
	pc := a.patientClient(1)

	list := pc.get("/vragenlijsten")
	wantStatus(t, list, http.StatusOK)
	if list.Doc.Find("#klachten a[href='"+open+"']").Length() != 1 {
		t.Errorf("the open PHQ-9 is not listed")
	}
	if got := submittedIDs(list, "#klachten"); strings.Join(got, " ") != joinIDs(want[:5]) {
		t.Errorf("the outcome part shows %v, want the 5 most recent %v", got, want[:5])
	}
	all := list.Doc.Find("#klachten a.submitted-all")
	if all.AttrOr("href", "") != "/vragenlijsten/ingevuld" || all.Text() != a.T("vragenlijsten.submitted_all", "Count", 232) {
		t.Errorf("the link to all submitted ones: %q %q", all.AttrOr("href", ""), all.Text())
	}
	if len(submittedIDs(list, "#intake")) != 1 || list.Doc.Find("#intake a.submitted-all").Length() != 0 {
		t.Errorf("the intake part: %v, %d links to all", submittedIDs(list, "#intake"), list.Doc.Find("#intake a.submitted-all").Length())
	}
	for _, key := range []string{"phq-9", "gad-7"} {
		if list.Doc.Find("#klachten .questionnaire-trends a[href='/vragenlijsten/verloop/"+key+"']").Length() != 1 {
			t.Errorf("no chart link for %s", key)
		}
	}
	if href := list.Doc.Find("#klachten a[href^='/dossier']").AttrOr("href", ""); href != "/dossier?categorie=Vragenlijsten" {
		t.Errorf("the reports' link: %q", href)
	}

	// Forwards through every page, then back from the last.
	var forward []string
	var pages []string
	logged := a.number(`SELECT count(*) FROM access_log WHERE patient_id = ? AND object_type = 'questionnaire_response' AND action = 'list'`, me.ID)
	path := "/vragenlijsten/ingevuld"
	for path != "" {
		p := pc.get(path)
		wantStatus(t, p, http.StatusOK)
		if got := p.Text("h1 + p[role=status]"); got != a.T("vragenlijsten.count", "Count", 232) {
			t.Errorf("%s counts %q", path, got)
		}
		forward = append(forward, submittedIDs(p, "main")...)
		pages = append(pages, path)
		path = p.Doc.Find(".pager a[rel=next]").AttrOr("href", "")
	}
	if strings.Join(forward, " ") != joinIDs(want) {
		t.Errorf("forwards the pages list %d ids, want all %d newest first, each once", len(forward), len(want))
	}
	if len(pages) != (232+24)/25 {
		t.Errorf("%d pages", len(pages))
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE patient_id = ? AND object_type = 'questionnaire_response' AND action = 'list'`, me.ID); n != logged+int64(len(pages)) {
		t.Errorf("%d pages logged, want %d", n-logged, len(pages))
	}
	var backward []string
	p := pc.get(pages[len(pages)-1])
	for {
		backward = append(submittedIDs(p, "main"), backward...)
		prev := p.Doc.Find(".pager a[rel=prev]").AttrOr("href", "")
		if prev == "" {
			break
		}
		p = pc.get(prev)
		wantStatus(t, p, http.StatusOK)
	}
	if strings.Join(backward, " ") != strings.Join(forward, " ") {
		t.Errorf("backwards the pages list %d ids, not those forwards", len(backward))
	}

	// A cut or edited cursor: the first page.
	first := strings.Join(submittedIDs(pc.get("/vragenlijsten/ingevuld"), "main"), " ")
	next := pages[1]
	for _, bad := range []string{next[:len(next)-3], "/vragenlijsten/ingevuld?na=bm9n", "/vragenlijsten/ingevuld?voor=%%%"} {
		p := pc.get(bad)
		if p.StatusCode == http.StatusSeeOther {
			p = pc.follow(p)
		}
		wantStatus(t, p, http.StatusOK)
		if got := strings.Join(submittedIDs(p, "main"), " "); got != first {
			t.Errorf("%s: not the first page", bad)
		}
	}

	// Another patient: none of them, with or without a cursor of mine.
	other := a.patientClient(2)
	for _, path := range []string{"/vragenlijsten", "/vragenlijsten/ingevuld", pages[2]} {
		p := other.get(path)
		if p.StatusCode == http.StatusSeeOther {
			p = other.follow(p)
		}
		wantStatus(t, p, http.StatusOK)
		for _, id := range submittedIDs(p, "main") {
			if slices.Contains(forward, id) {
				t.Errorf("%s shows my questionnaire %s to another patient", path, id)
			}
		}
	}
}
