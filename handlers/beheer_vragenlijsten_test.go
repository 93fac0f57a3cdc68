package handlers_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

const questionnairesAdmin = "/praktijk/beheer/vragenlijsten"

func TestAdminQuestionnairesListTheBuiltinOnes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	p := a.staffClient("admin").get(questionnairesAdmin)
	wantStatus(t, p, http.StatusOK)
	items := p.Doc.Find(".questionnaire-definitions li")
	if items.Length() != 5 {
		t.Fatalf("%d questionnaires listed, want PHQ-9, GAD-7 and three intake lists", items.Length())
	}
	text := items.Text()
	for _, want := range []string{"PHQ-9: klachten van somberheid", "GAD-7: klachten van angst en piekeren", "Aanmelding en hulpvraag",
		"Persoonlijke situatie", "Medische voorgeschiedenis en medicatie", a.T("beheer_vragenlijsten.builtin"), a.T("beheer_vragenlijsten.state_offered")} {
		if !strings.Contains(text, want) {
			t.Errorf("the list does not show %q: %s", want, text)
		}
	}
	if got := a.scalar(`SELECT count(*) FROM questionnaire_definitions WHERE state = 'offered' AND uploaded_by IS NULL`); got != "5" {
		t.Errorf("%s built-in definitions offered", got)
	}
	// Only administrators reach the page.
	wantStatus(t, a.staffClient("practitioner").get(questionnairesAdmin), http.StatusForbidden)
	wantStatus(t, a.patientClient(0).get(questionnairesAdmin), http.StatusForbidden)
}

func TestAdminUploadsPreviewsAndOffersAQuestionnaire(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	send := func(name, content string) *page {
		return admin.postMultipart(questionnairesAdmin, nil, "bestand", upload{name, []byte(content)})
	}

	// Bad JSON: 422, the problem at its line and column, nothing stored.
	p := send("kapot.json", "{\n  \"id\": \"test-kapot\",\n  \"version\": \"1\"\n  \"kind\": \"intake\"\n}\n")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#bestand-error"); got != a.T("beheer_vragenlijsten.invalid", "Count", 1) {
		t.Errorf("field error %q", got)
	}
	problem := p.Text(".questionnaire-problems li")
	if !strings.Contains(problem, a.T("beheer_vragenlijsten.at_line", "Line", 4, "Column", 3)) || !strings.Contains(problem, a.T("questionnaire.bad_json")) {
		t.Errorf("the problem does not name line 4: %q", problem)
	}
	// A problem of an item names the item (and its line).
	src, err := os.ReadFile("../internal/questionnaire/testdata/wellbeing.json")
	if err != nil {
		t.Fatal(err)
	}
	p = send("dubbel.json", strings.Replace(string(src), `"linkId": "e2"`, `"linkId": "e1"`, 1))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	problem = p.Text(".questionnaire-problems li")
	if !strings.Contains(problem, a.T("beheer_vragenlijsten.at_item", "LinkID", "e1")) || !strings.Contains(problem, a.T("questionnaire.duplicate_link_id", "LinkID", "e1")) ||
		!strings.Contains(problem, a.T("beheer_vragenlijsten.at_line", "Line", 20, "Column", 18)) {
		t.Errorf("the problem does not name the item and its line: %q", problem)
	}
	if got := a.scalar(`SELECT count(*) FROM questionnaire_definitions WHERE key LIKE 'test-%'`); got != "0" {
		t.Errorf("a refused file was stored (%s rows)", got)
	}

	// A good file: a draft, and its preview shows every section and question, read-only.
	p = send("welzijn.json", string(src))
	wantStatus(t, p, http.StatusSeeOther)
	p = admin.follow(p)
	if got := p.Text(".notice"); got != a.T("beheer_vragenlijsten.notice_uploaded") {
		t.Errorf("notice %q", got)
	}
	if got := p.Text("main h1"); got != "Welzijn (test)" {
		t.Errorf("h1 %q", got)
	}
	if got := p.Doc.Find(".questionnaire-section h2").Text(); got != "StemmingEnergie" {
		t.Errorf("sections %q", got)
	}
	if n := p.Doc.Find(".question").Length(); n != 4 {
		t.Errorf("%d questions shown, want 4", n)
	}
	if n, off := p.Doc.Find(".questionnaire-preview input").Length(), p.Doc.Find(".questionnaire-preview input:disabled").Length(); n != 12 || off != n {
		t.Errorf("%d controls, %d of them disabled; want 12, all disabled", n, off)
	}
	if got := p.Text("#v-m1-group legend"); got != "Ik voel me goed" {
		t.Errorf("question %q", got)
	}
	if got := a.scalar(`SELECT state FROM questionnaire_definitions WHERE key = 'test-welzijn'`); got != "draft" {
		t.Errorf("state %s", got)
	}
	preview := p.Request.URL.Path

	// In English, with the language switch.
	admin.follow(admin.post("/taal", url.Values{"taal": {"en"}, "terug": {preview}}))
	if got := admin.get(preview).Text("#v-m1-group legend"); got != "I feel good" {
		t.Errorf("English question %q", got)
	}
	admin.follow(admin.post("/taal", url.Values{"taal": {"nl"}, "terug": {preview}}))

	// Aanbieden: offered; the same version cannot be uploaded again.
	p = admin.post(preview+"/aanbieden", nil)
	wantStatus(t, p, http.StatusSeeOther)
	if got := admin.follow(p).Text(".notice"); got != a.T("beheer_vragenlijsten.notice_offered") {
		t.Errorf("notice %q", got)
	}
	if got := a.scalar(`SELECT state FROM questionnaire_definitions WHERE key = 'test-welzijn'`); got != "offered" {
		t.Errorf("state %s", got)
	}
	p = send("welzijn.json", string(src))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#bestand-error"); got != a.T("beheer_vragenlijsten.version_taken", "Version", "2") {
		t.Errorf("field error %q", got)
	}
	// A new version, once offered, retires the earlier one.
	p = send("welzijn-3.json", strings.Replace(string(src), `"version": "2"`, `"version": "3"`, 1))
	wantStatus(t, p, http.StatusSeeOther)
	loc, _ := url.Parse(p.Header.Get("Location"))
	wantStatus(t, admin.post(loc.Path+"/aanbieden", nil), http.StatusSeeOther)
	if got := a.scalar(`SELECT group_concat(version || ':' || state) FROM (SELECT * FROM questionnaire_definitions WHERE key = 'test-welzijn' ORDER BY id)`); got != "2:retired,3:offered" {
		t.Errorf("versions %s", got)
	}
}
