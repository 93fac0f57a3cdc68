package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// assignForm is the practice's "Vragenlijst klaarzetten" for one questionnaire (a key, or "intake").
func assignForm(key, repeat, weeks, until, due string) url.Values {
	return url.Values{"vragenlijst": {key}, "herhalen": {repeat}, "weken": {weeks}, "tot": {until}, "uiterlijk": {due}}
}

// assign sends the form for the patient and wants it stored; it returns the newest response's id.
func (a *testApp) assign(c *client, patient int64, form url.Values) string {
	a.t.Helper()
	p := c.post(fmt.Sprintf("/praktijk/patienten/%d/vragenlijsten", patient), form)
	wantStatus(a.t, p, http.StatusSeeOther)
	return a.scalar(`SELECT max(id) FROM questionnaire_responses WHERE patient_id = ?`, patient)
}

// submitPHQ9 makes the response submitted as the patient's side would: answers, score, band and the flag
// of item 9 (the practice's side only reads them).
func (a *testApp) submitPHQ9(response string, item9 int, at time.Time) {
	a.t.Helper()
	answers := `{"phq9-1":["2"],"phq9-2":["2"],"phq9-3":["2"],"phq9-4":["1"],"phq9-5":["1"],"phq9-6":["1"],"phq9-7":["1"],"phq9-8":["0"],"phq9-9":["` +
		fmt.Sprint(item9) + `"],"phq9-moeite":["enigszins"]}`
	total := 10 + item9
	band := "moderate"
	if total >= 15 {
		band = "moderately_severe"
	}
	flagged := 0
	if item9 > 0 {
		flagged = 1
	}
	if _, err := a.db.Write.Exec(`UPDATE questionnaire_responses SET answers = ?, started_at = ?, saved_at = ?, submitted_at = ?,
		submitted_by = patient_id, score_total = ?, band = ?, flagged = ? WHERE id = ?`,
		answers, at, at, at, total, band, flagged, response); err != nil {
		a.t.Fatal(err)
	}
}

// readyMails are the mails "Er staat een vragenlijst voor u klaar" the address got.
func (a *testApp) readyMails(to string) []string {
	a.t.Helper()
	a.deliver()
	var texts []string
	for _, m := range a.smtp.To(to) {
		if m.Subject == a.T("mail.questionnaire_ready.subject") {
			texts = append(texts, m.Subject+"\n"+m.Text+"\n"+m.HTML)
		}
	}
	return texts
}

// The practitioner assigns PHQ-9 once: the response is there at once, due in a week by default, and the
// patient's mail names no questionnaire. A second PHQ-9 while the first is open is refused with the form
// as typed; a wrong form names each problem; the intake lists go as a set, and a repeated one waits for
// its next moment.
func TestStaffAssignsQuestionnaireOnceAndRepeated(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[2]
	doctor := a.staffClient("practitioner")
	home := fmt.Sprintf("/praktijk/patienten/%d", me.ID)

	form := doctor.get(home + "/vragenlijsten/nieuw")
	wantStatus(t, form, http.StatusOK)
	due := form.Doc.Find("#uiterlijk").AttrOr("value", "")
	if due != "2026-03-09" {
		t.Errorf("due by default %q, want a week from today", due)
	}
	if form.Doc.Find(`input[name=vragenlijst][value=intake]`).Length() != 1 || form.Doc.Find(`input[name=vragenlijst][value=phq-9]`).Length() != 1 {
		t.Error("the form does not offer PHQ-9 and the intake set")
	}

	bad := doctor.post(home+"/vragenlijsten", assignForm("", "herhaald", "0", "1-1-2020", "2026-03-01"))
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	for field, key := range map[string]string{"#vragenlijst-error": "vragenlijsten_praktijk.choose", "#weken-error": "vragenlijsten_praktijk.weeks_range",
		"#tot-error": "vragenlijsten_praktijk.until_past", "#uiterlijk-error": "vragenlijsten_praktijk.due_past"} {
		if got := bad.Problem(field); got != a.T(key) {
			t.Errorf("%s %q, want %q", field, got, a.T(key))
		}
	}
	if bad.Doc.Find("#tot").AttrOr("value", "") != "1-1-2020" || bad.Doc.Find(`input[name=herhalen][value=herhaald][checked]`).Length() != 1 {
		t.Error("the wrong form lost what was typed")
	}
	if n := a.scalar(`SELECT count(*) FROM questionnaire_assignments WHERE patient_id = ?`, me.ID); n != "0" {
		t.Fatalf("a wrong form stored %s assignments", n)
	}

	id := a.assign(doctor, me.ID, assignForm("phq-9", "eenmalig", "", "", due))
	if got := a.scalar(`SELECT d.key || ' ' || r.due_on || ' ' || (r.available_at <= ?) || ' ' || (a.next_at IS NULL) || ' ' || a.assigned_by
		FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
		JOIN questionnaire_assignments a ON a.id = r.assignment_id WHERE r.id = ?`, testStart, id); !strings.HasPrefix(got, "phq-9 2026-03-09") ||
		!strings.HasSuffix(got, fmt.Sprintf(" 1 1 %d", a.staff["practitioner"].ID)) {
		t.Errorf("the response: %q", got)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'questionnaire_response' AND object_id = ? AND action = 'change' AND patient_id = ?`, id, me.ID); n != "1" {
		t.Errorf("%s change rows for the response, want 1", n)
	}
	mails := a.readyMails(me.Email)
	if len(mails) != 1 {
		t.Fatalf("%d mails to the patient, want 1", len(mails))
	}
	for _, word := range []string{"PHQ", "Depressie", "somberheid", "klachten"} {
		if strings.Contains(mails[0], word) {
			t.Errorf("the mail says %q:\n%s", word, mails[0])
		}
	}

	again := doctor.post(home+"/vragenlijsten", assignForm("phq-9", "eenmalig", "", "", due))
	wantStatus(t, again, http.StatusUnprocessableEntity)
	if again.Problem("#vragenlijst-error") != a.T("vragenlijsten_praktijk.already_open") ||
		again.Doc.Find(`input[name=vragenlijst][value=phq-9][checked]`).Length() != 1 {
		t.Errorf("the second PHQ-9: %q", again.Problem("#vragenlijst-error"))
	}
	if n := a.scalar(`SELECT count(*) FROM questionnaire_responses WHERE patient_id = ?`, me.ID); n != "1" {
		t.Errorf("%s responses after the refused one, want 1", n)
	}

	// The intake set: three lists in one go, one mail.
	a.assign(doctor, me.ID, assignForm("intake", "eenmalig", "", "", due))
	if n := a.scalar(`SELECT count(*) FROM questionnaire_assignments a JOIN questionnaire_definitions d ON d.key = a.definition_key AND d.state = 'offered'
		WHERE a.patient_id = ? AND d.kind = 'intake'`, me.ID); n != "3" {
		t.Errorf("%s intake lists assigned, want 3", n)
	}
	if n := len(a.readyMails(me.Email)); n != 2 {
		t.Errorf("%d mails after the intake set, want 2", n)
	}

	// Repeated: every 6 weeks until the summer; the next one waits for its moment.
	a.assign(doctor, me.ID, assignForm("gad-7", "herhaald", "6", "2026-07-01", due))
	if got := a.scalar(`SELECT repeat_weeks || ' ' || ends_on || ' ' || substr(next_at, 1, 10) FROM questionnaire_assignments
		WHERE patient_id = ? AND definition_key = 'gad-7'`, me.ID); got != "6 2026-07-01 00:00:00+00:00 2026-04-13" {
		t.Errorf("the repeated assignment: %q", got)
	}

	// An administrator does not assign (practitioners and assistants do).
	wantStatus(t, a.staffClient("admin").get(home+"/vragenlijsten/nieuw"), http.StatusForbidden)
}

// The repeat round makes the next response when its moment has come, available then and due a week
// later, with a mail; run twice it makes it once; not after the end date, and not once stopped.
func TestQuestionnaireRepeatRound(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[2], a.people[3]
	doctor := a.staffClient("practitioner")
	a.assign(doctor, me.ID, assignForm("gad-7", "herhaald", "2", "2026-04-01", "2026-03-09"))
	a.assign(doctor, other.ID, assignForm("gad-7", "herhaald", "2", "", "2026-03-09"))
	rounds := a.app.QuestionnaireRepeats()
	responses := func(p int64) string {
		return a.scalar(`SELECT count(*) FROM questionnaire_responses WHERE patient_id = ?`, p)
	}
	make := func() int {
		n, err := rounds.Make(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := make(); n != 0 || responses(me.ID) != "1" {
		t.Fatalf("made %d before their moment", n)
	}

	// Stopped: the other patient's makes no more.
	stop := a.scalar(`SELECT id FROM questionnaire_assignments WHERE patient_id = ?`, other.ID)
	p := doctor.post(fmt.Sprintf("/praktijk/patienten/%d/vragenlijsten/toewijzingen/%s/stoppen", other.ID, stop), nil)
	wantStatus(t, p, http.StatusSeeOther)
	if got := doctor.follow(p).Text(".notice"); got != a.T("vragenlijsten_praktijk.notice_ended") {
		t.Errorf("notice %q", got)
	}

	a.fixed.Advance(14 * 24 * time.Hour)
	if n1, n2 := make(), make(); n1 != 1 || n2 != 0 {
		t.Errorf("two rounds made %d and %d, want 1 and 0", n1, n2)
	}
	if got := a.scalar(`SELECT substr(available_at, 1, 16) || ' ' || due_on FROM questionnaire_responses WHERE patient_id = ? ORDER BY id DESC LIMIT 1`, me.ID); got != "2026-03-16 08:30 2026-03-23 00:00:00+00:00" {
		t.Errorf("the next response: %q", got)
	}
	if responses(me.ID) != "2" || responses(other.ID) != "1" {
		t.Errorf("responses %s and %s, want 2 and 1 (stopped)", responses(me.ID), responses(other.ID))
	}
	if n := len(a.readyMails(me.Email)); n != 2 {
		t.Errorf("%d mails, want 2 (assigned, and the next)", n)
	}

	// 30 March is before the end (1 April); 13 April is after it.
	a.fixed.Advance(14 * 24 * time.Hour)
	if n := make(); n != 1 {
		t.Errorf("made %d on 30 March, want 1", n)
	}
	a.fixed.Advance(14 * 24 * time.Hour)
	if n := make(); n != 0 || responses(me.ID) != "3" {
		t.Errorf("made %d after the end date (%s responses)", n, responses(me.ID))
	}
	if got := a.scalar(`SELECT next_at IS NULL FROM questionnaire_assignments WHERE patient_id = ?`, me.ID); got != "1" {
		t.Error("the assignment still waits for a next moment after its end date")
	}
}

// The patient page's panel lists what is open and what was submitted with its score and band; the
// response's page shows the saved answers read-only, the score, the flag and "Gezien"; the chart and its
// table show the scores over time. Each read is logged.
func TestQuestionnairePanelResponseAndChart(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[2]
	doctor := a.staffClient("practitioner")
	home := fmt.Sprintf("/praktijk/patienten/%d", me.ID)
	first := a.assign(doctor, me.ID, assignForm("phq-9", "eenmalig", "", "", "2026-03-09"))
	a.submitPHQ9(first, 0, testStart.Add(time.Hour))
	second := a.assign(doctor, me.ID, assignForm("phq-9", "eenmalig", "", "", "2026-03-09"))
	a.submitPHQ9(second, 2, testStart.Add(2*time.Hour))
	a.assign(doctor, me.ID, assignForm("gad-7", "eenmalig", "", "", "2026-03-09"))

	page := doctor.get(home)
	wantStatus(t, page, http.StatusOK)
	open := page.Doc.Find("#vragenlijsten .questionnaires-open li")
	if open.Length() != 1 || !strings.Contains(open.Text(), a.T("vragenlijsten_praktijk.state_not_started")) {
		t.Errorf("open: %q", open.Text())
	}
	submitted := page.Doc.Find("#vragenlijsten .questionnaires-submitted li")
	if submitted.Length() != 2 || !strings.Contains(submitted.First().Text(), a.T("vragenlijsten_praktijk.score", "Score", "12")) ||
		!strings.Contains(submitted.First().Text(), "Matige klachten") || !strings.Contains(submitted.First().Text(), a.T("vragenlijsten_praktijk.flag_short")) {
		t.Errorf("submitted: %q", submitted.Text())
	}

	r := doctor.get(home + "/vragenlijsten/" + second)
	wantStatus(t, r, http.StatusOK)
	if n := r.Doc.Find(".questionnaire-preview input:not([disabled])").Length(); n != 0 {
		t.Errorf("%d answers can be changed on the practice's page", n)
	}
	if r.Doc.Find(`input[name=v-phq9-9][value="2"][checked]`).Length() != 1 {
		t.Error("the saved answer to item 9 is not shown")
	}
	if got := r.Text(".questionnaire-score"); !strings.Contains(got, "12") || !strings.Contains(got, "Matige klachten") {
		t.Errorf("score %q", got)
	}
	if got := r.Text(".questionnaire-flagged .questionnaire-flag"); !strings.Contains(got, "vraag 9") {
		t.Errorf("flag %q", got)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'questionnaire_response' AND object_id = ? AND action = 'read' AND patient_id = ?`, second, me.ID); n != "1" {
		t.Errorf("%s read rows, want 1", n)
	}

	chart := doctor.get(home + "/vragenlijsten/" + second + "/verloop")
	wantStatus(t, chart, http.StatusOK)
	if chart.Doc.Find("figure svg[role=img]").Length() != 1 || chart.Doc.Find(".questionnaire-scores tbody tr").Length() != 2 {
		t.Errorf("the chart: %d svg, %d rows", chart.Doc.Find("figure svg").Length(), chart.Doc.Find(".questionnaire-scores tbody tr").Length())
	}
	if got := chart.Text(".questionnaire-scores tbody tr td:last-child"); got != "Matige klachten" {
		t.Errorf("the newest band %q", got)
	}

	// Another patient's response on this patient's path is a 404.
	other := a.people[3]
	theirs := a.assign(doctor, other.ID, assignForm("phq-9", "eenmalig", "", "", "2026-03-09"))
	wantStatus(t, doctor.get(home+"/vragenlijsten/"+theirs), http.StatusNotFound)
	wantStatus(t, doctor.get(fmt.Sprintf("/praktijk/patienten/%d/vragenlijsten/%s", other.ID, theirs)), http.StatusOK)
}

// A flagged response waits in the queue, counted in the menu of the practitioner who assigned it,
// until "Gezien": then it leaves the open list and the count, with who saw it, logged. Patients reach
// none of the practice's questionnaire pages.
func TestFlagQueueBadgeAndSeen(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[2]
	doctor := a.staffClient("practitioner")
	id := a.assign(doctor, me.ID, assignForm("phq-9", "eenmalig", "", "", "2026-03-09"))
	a.submitPHQ9(id, 1, testStart.Add(time.Hour))
	badge := func() string {
		return doctor.get("/praktijk/patienten").Text(`nav a[href="/praktijk/vragenlijsten/signalen"] .badge`)
	}
	if got := badge(); !strings.HasPrefix(got, "1") {
		t.Errorf("badge %q, want 1", got)
	}
	q := doctor.get("/praktijk/vragenlijsten/signalen")
	wantStatus(t, q, http.StatusOK)
	row := q.Doc.Find(".flag-queue li")
	if row.Length() != 1 || !strings.Contains(row.Text(), me.FamilyName) || !strings.Contains(row.Text(), me.PatientNumber.String) ||
		!strings.Contains(row.Text(), "vraag 9") {
		t.Fatalf("queue: %q", row.Text())
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'questionnaire_response' AND action = 'list' AND patient_id = ?`, me.ID); n != "1" {
		t.Errorf("%s list rows, want 1", n)
	}
	// An assistant's "mine" is empty; all shows it.
	assistant := a.staffClient("assistant")
	if n := assistant.get("/praktijk/vragenlijsten/signalen").Doc.Find(".flag-queue li").Length(); n != 0 {
		t.Errorf("the assistant's own list has %d", n)
	}
	if n := assistant.get("/praktijk/vragenlijsten/signalen?lijst=alle").Doc.Find(".flag-queue li").Length(); n != 1 {
		t.Errorf("all has %d, want 1", n)
	}

	p := doctor.post(fmt.Sprintf("/praktijk/patienten/%d/vragenlijsten/%s/gezien", me.ID, id), url.Values{"terug": {"/praktijk/vragenlijsten/signalen?lijst=mijn"}})
	wantStatus(t, p, http.StatusSeeOther)
	after := doctor.follow(p)
	if after.Text(".notice") != a.T("vragenlijsten_praktijk.notice_seen") || after.Doc.Find(".flag-queue li").Length() != 0 {
		t.Errorf("after Gezien: notice %q, %d listed", after.Text(".notice"), after.Doc.Find(".flag-queue li").Length())
	}
	if got := a.scalar(`SELECT flag_seen_by FROM questionnaire_responses WHERE id = ?`, id); got != fmt.Sprint(a.staff["practitioner"].ID) {
		t.Errorf("seen by %s", got)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'questionnaire_response' AND object_id = ? AND action = 'change'`, id); n != "2" {
		t.Errorf("%s change rows, want 2 (assigned, seen)", n)
	}
	if got := badge(); got != "" {
		t.Errorf("badge %q after Gezien", got)
	}
	if n := doctor.get("/praktijk/vragenlijsten/signalen?ook=afgehandeld").Doc.Find(".flag-queue li").Length(); n != 1 {
		t.Errorf("with the seen ones: %d, want 1", n)
	}

	patient := a.patientClient(2)
	home := fmt.Sprintf("/praktijk/patienten/%d/vragenlijsten", me.ID)
	for _, path := range []string{"/praktijk/vragenlijsten/signalen", home + "/nieuw", home + "/" + id, home + "/" + id + "/verloop"} {
		wantStatus(t, patient.get(path), http.StatusForbidden)
	}
	wantStatus(t, patient.post(home, assignForm("gad-7", "eenmalig", "", "", "2026-03-09")), http.StatusForbidden)
}

// The mail to whoever assigned a flagged response says only that a questionnaire needs attention.
func TestFlagMailIsContentFree(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[2]
	doctor := a.staffClient("practitioner")
	id := a.assign(doctor, me.ID, assignForm("phq-9", "eenmalig", "", "", "2026-03-09"))
	a.submitPHQ9(id, 3, testStart.Add(time.Hour))
	if err := a.app.QueueQuestionnaireFlagMail(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	a.deliver()
	to := a.staff["practitioner"].Email
	var got string
	for _, m := range a.smtp.To(to) {
		if m.Subject == a.T("mail.questionnaire_flagged.subject") {
			got = m.Text + m.HTML
		}
	}
	if got == "" {
		t.Fatal("no mail to the practitioner")
	}
	for _, word := range []string{me.FamilyName, me.GivenName, "PHQ", "dood", "vraag 9"} {
		if strings.Contains(got, word) {
			t.Errorf("the mail says %q", word)
		}
	}
}

// The practice's eHealth program: https only, name and address together, translated errors with what
// was typed kept; a practitioner sets a patient's own address.
func TestEhealthSettings(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	for _, tc := range []struct{ name, address, field, key string }{
		{"Minddistrict", "http://praktijk.minddistrict.com", "#ehealth_adres-error", "vragenlijsten_praktijk.ehealth_url_invalid"},
		{"Minddistrict", "javascript:alert(1)", "#ehealth_adres-error", "vragenlijsten_praktijk.ehealth_url_invalid"},
		{"Minddistrict", "https://gebruiker:geheim@praktijk.minddistrict.com", "#ehealth_adres-error", "vragenlijsten_praktijk.ehealth_url_invalid"},
		{"", "https://praktijk.minddistrict.com", "#ehealth_naam-error", "vragenlijsten_praktijk.ehealth_name_required"},
		{"Minddistrict", "", "#ehealth_adres-error", "vragenlijsten_praktijk.ehealth_url_required"},
	} {
		p := admin.post("/praktijk/beheer/instellingen/ehealth", url.Values{"ehealth_naam": {tc.name}, "ehealth_adres": {tc.address}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := p.Problem(tc.field); got != a.T(tc.key) {
			t.Errorf("%q %q: %s %q, want %q", tc.name, tc.address, tc.field, got, a.T(tc.key))
		}
		if p.Doc.Find("#ehealth_adres").AttrOr("value", "") != tc.address || p.Doc.Find("#ehealth_naam").AttrOr("value", "") != tc.name {
			t.Errorf("%q %q: what was typed is lost", tc.name, tc.address)
		}
	}
	p := admin.post("/praktijk/beheer/instellingen/ehealth", url.Values{"ehealth_naam": {"Minddistrict"}, "ehealth_adres": {"https://praktijk.minddistrict.com"}})
	wantStatus(t, p, http.StatusSeeOther)
	settings := admin.follow(p)
	if settings.Text(".notice") != a.T("vragenlijsten_praktijk.notice_ehealth_saved") || settings.Doc.Find("#ehealth_adres").AttrOr("value", "") != "https://praktijk.minddistrict.com" {
		t.Errorf("saved: notice %q", settings.Text(".notice"))
	}
	if got := a.scalar(`SELECT ehealth_name || ' ' || ehealth_url FROM clinic_settings`); got != "Minddistrict https://praktijk.minddistrict.com" {
		t.Errorf("stored %q", got)
	}

	me := a.people[2]
	path := fmt.Sprintf("/praktijk/patienten/%d/ehealth", me.ID)
	doctor := a.staffClient("practitioner")
	bad := doctor.post(path, url.Values{"ehealth_adres": {"ftp://elders.example"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if bad.Problem("#ehealth_adres-error") != a.T("vragenlijsten_praktijk.ehealth_url_invalid") || bad.Doc.Find("#ehealth_adres").AttrOr("value", "") != "ftp://elders.example" {
		t.Errorf("the patient's address: %q", bad.Problem("#ehealth_adres-error"))
	}
	wantStatus(t, doctor.post(path, url.Values{"ehealth_adres": {"https://ggz.therapieland.example/start"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT ehealth_url FROM users WHERE id = ?`, me.ID); got != "https://ggz.therapieland.example/start" {
		t.Errorf("the patient's address %q", got)
	}
	if got := doctor.get(fmt.Sprintf("/praktijk/patienten/%d", me.ID)).Text("#vragenlijsten"); !strings.Contains(got, "https://ggz.therapieland.example/start") {
		t.Errorf("the panel does not show the patient's address")
	}
	wantStatus(t, a.staffClient("assistant").post(path, url.Values{"ehealth_adres": {""}}), http.StatusForbidden)
}

// The practice's questionnaire pages run few statements: the response (who, the patient of the path, the
// response, the menu's badges), its chart (and the scores), the queue (who, the page with its count in
// one statement, the menu's badges).
func TestQuestionnairePagesRunFewStatements(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	a := newTestApp(t, withLog(logs))
	me := a.people[2]
	doctor := a.staffClient("practitioner")
	id := a.assign(doctor, me.ID, assignForm("phq-9", "eenmalig", "", "", "2026-03-09"))
	a.submitPHQ9(id, 1, testStart.Add(time.Hour))
	home := fmt.Sprintf("/praktijk/patienten/%d", me.ID)
	for _, tc := range []struct {
		path   string
		budget int
	}{
		{home + "/vragenlijsten/" + id, 4},
		{home + "/vragenlijsten/" + id + "/verloop", 5},
		{"/praktijk/vragenlijsten/signalen?lijst=alle", 3},
		{"/praktijk/vragenlijsten/signalen?lijst=alle&ook=afgehandeld", 3},
	} {
		doctor.get(tc.path)
		p := doctor.get(tc.path)
		wantStatus(t, p, http.StatusOK)
		if n := statementsOf(t, logs, p); n > tc.budget {
			t.Errorf("GET %s ran %d statements, more than %d", tc.path, n, tc.budget)
		}
	}
}

// The flagged queue with 2,000 flagged responses not yet seen (half of them the practitioner's): its
// first page, a page deep in it, the team's, with the seen ones, and a page with the menu's count.
func BenchmarkFlagQueue(b *testing.B) {
	a := newTestApp(b, withPatientsOnly(2000))
	doctor, assistant := a.staff["practitioner"].ID, a.staff["assistant"].ID
	def := a.scalar(`SELECT id FROM questionnaire_definitions WHERE key = 'phq-9' AND state = 'offered'`)
	answers := `{"phq9-1":["2"],"phq9-2":["2"],"phq9-3":["2"],"phq9-4":["1"],"phq9-5":["1"],"phq9-6":["1"],"phq9-7":["1"],"phq9-8":["0"],"phq9-9":["1"]}`
	tx, err := a.db.Write.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i, p := range a.ids(`SELECT id FROM users WHERE role = 'patient'`) {
		by := doctor
		if i%2 == 1 {
			by = assistant
		}
		at := testStart.Add(-time.Duration(i) * time.Minute)
		var assignment int64
		if err := tx.QueryRow(`INSERT INTO questionnaire_assignments (patient_id, definition_key, assigned_by, assigned_at)
			VALUES (?, 'phq-9', ?, ?) RETURNING id`, p, by, at.Add(-time.Hour)).Scan(&assignment); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO questionnaire_responses (assignment_id, patient_id, definition_id, available_at, due_on,
			answers, submitted_at, submitted_by, score_total, band, flagged) VALUES (?, ?, ?, ?, '2026-03-09', ?, ?, ?, 11, 'moderate', 1)`,
			assignment, p, def, at.Add(-time.Hour), answers, at, p); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	c := a.staffClient("practitioner")
	deep := mustInt(b, a.scalar(`SELECT id FROM questionnaire_responses WHERE flagged = 1 ORDER BY submitted_at, id LIMIT 1 OFFSET 1000`))
	for _, bc := range []struct{ name, path string }{
		{"first", flagQueuePathForTest + "?lijst=alle"},
		{"deep", flagQueuePathForTest + "?lijst=alle&na=" + patientCursor(deep)},
		{"mine", flagQueuePathForTest + "?lijst=mijn"},
		{"team", flagQueuePathForTest + "?lijst=team"},
		{"with_seen", flagQueuePathForTest + "?lijst=alle&ook=afgehandeld"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if p := c.get(bc.path); p.StatusCode != http.StatusOK || p.Doc.Find(".flag-queue li").Length() != 25 {
				b.Fatalf("%s: %d, %d rows", bc.path, p.StatusCode, p.Doc.Find(".flag-queue li").Length())
			}
			b.ResetTimer()
			for range b.N {
				c.get(bc.path)
			}
		})
	}
}

const flagQueuePathForTest = "/praktijk/vragenlijsten/signalen"
