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

// repeatMeds are the medication a repeat-prescription test gives the first patient instead of the demo's.
type repeatMeds struct{ metformine, lisinopril, amoxicilline, simvastatine int64 }

// repeatSetup gives the first patient two current chronic medicines, a current course (not chronic)
// and a stopped chronic one, no requests and no remembered pharmacy; it returns their ids.
func (a *testApp) repeatSetup() repeatMeds {
	a.t.Helper()
	p := a.people[0].ID
	for _, q := range []string{`DELETE FROM repeat_requests WHERE patient_id = ?`, `DELETE FROM patient_pharmacies WHERE patient_id = ?`,
		`DELETE FROM medication WHERE patient_id = ?`} {
		if _, err := a.db.Write.Exec(q, p); err != nil {
			a.t.Fatal(err)
		}
	}
	add := func(name, strength string, chronic int, ended any) int64 {
		return a.number(`INSERT INTO medication (patient_id, name, strength, form, dosage, chronic, started_on, ended_on)
			VALUES (?, ?, ?, 'tablet', '1x per dag 1 tablet', ?, '2024-01-10', ?) RETURNING id`, p, name, strength, chronic, ended)
	}
	return repeatMeds{
		metformine:   add("Metformine", "500 mg", 1, nil),
		lisinopril:   add("Lisinopril", "10 mg", 1, nil),
		amoxicilline: add("Amoxicilline", "500 mg", 0, "2026-03-09"),
		simvastatine: add("Simvastatine", "40 mg", 1, "2025-06-01"),
	}
}

func tick(id int64) string { return fmt.Sprintf("medicijn-%d", id) }

// repeatForm is a request for ids at the first pharmacy on the page p.
func repeatForm(p *page, note string, ids ...int64) url.Values {
	v := url.Values{"apotheek": {p.Doc.Find("#apotheek option").First().AttrOr("value", "")}, "opmerking": {note}}
	for _, id := range ids {
		v.Set(tick(id), "1")
	}
	return v
}

// A patient re-orders chronic medication: only current chronic medicines can be ticked, the page says
// when it will be ready, the mail says nothing about what, the request waits in the practice's queue
// beside the patient's medication, and its state reaches the patient as it changes.
func TestRepeatPrescriptionFromRequestToPharmacy(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	meds := a.repeatSetup()
	anna := a.people[0]
	c := a.patientClient(0)

	p := c.get("/herhaalrecepten")
	wantStatus(t, p, http.StatusOK)
	for _, want := range []int64{meds.metformine, meds.lisinopril} {
		if p.Doc.Find("#"+tick(want)).Length() != 1 {
			t.Errorf("chronic medication %d cannot be ticked", want)
		}
	}
	for _, not := range []int64{meds.amoxicilline, meds.simvastatine} {
		if p.Doc.Find("#"+tick(not)).Length() != 0 {
			t.Errorf("medication %d (not chronic, or stopped) can be ticked", not)
		}
	}
	if !strings.Contains(p.Body, a.T("herhaalrecepten.intro")) {
		t.Error("the page does not say what to do when a medicine is missing")
	}
	// Monday 2 March 2026, 09:30 in Utrecht: before 12:00, so ready on Tuesday.
	if got, want := p.Text(".repeat-ready"), a.T("herhaalrecepten.ready", "Day", "dinsdag 3 maart"); got != want {
		t.Errorf("ready: %q, want %q", got, want)
	}

	sent := c.post("/herhaalrecepten", repeatForm(p, "Graag dezelfde hoeveelheid.", meds.metformine))
	wantStatus(t, sent, http.StatusSeeOther)
	p = c.follow(sent)
	if !strings.Contains(p.Body, a.T("herhaalrecepten.notice_sent")) {
		t.Error("no notice after sending")
	}
	if got := p.Doc.Find("#"+tick(meds.metformine)).AttrOr("disabled", "none"); got == "none" {
		t.Error("a medication already requested can be ticked again")
	}
	if !strings.Contains(p.Text("#"+tick(meds.metformine)+"-hint"), a.T("herhaalrecepten.already_requested")) {
		t.Error("a medication already requested is not marked as such")
	}
	if got := p.Text(".repeat-requests li .repeat-state"); !strings.HasPrefix(got, a.T("herhaalrecepten.state_aangevraagd")) {
		t.Errorf("the request's state: %q", got)
	}
	if got := a.scalar(`SELECT ready_on || ' ' || state || ' ' || note FROM repeat_requests WHERE patient_id = ?`, anna.ID); !strings.HasPrefix(got, "2026-03-03") ||
		!strings.HasSuffix(got, "aangevraagd Graag dezelfde hoeveelheid.") {
		t.Errorf("stored: %q", got)
	}
	// The pharmacy is remembered.
	chosen := repeatForm(p, "").Get("apotheek")
	if got := p.Doc.Find("#apotheek option[selected]").AttrOr("value", ""); got != chosen {
		t.Errorf("remembered pharmacy %q, want %q", got, chosen)
	}
	wantRepeatMail(t, a, anna.Email, "mail.herhaalrecepten_requested.subject")

	// The practice: the queue of requests no one has picked up, with the patient's current medication.
	staff := a.staffClient("assistant")
	q := staff.get("/praktijk/herhaalrecepten?lijst=team")
	wantStatus(t, q, http.StatusOK)
	row := q.Doc.Find(".repeat-queue li").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), anna.FullName())
	})
	if row.Length() != 1 || !strings.Contains(row.Text(), "Amoxicilline") || !strings.Contains(row.Text(), "Metformine") {
		t.Fatalf("the queue's row: %q", row.Text())
	}
	id := a.scalar(`SELECT id FROM repeat_requests WHERE patient_id = ?`, anna.ID)
	req := staff.get("/praktijk/herhaalrecepten/" + id)
	wantStatus(t, req, http.StatusOK)
	if got := req.Text(".repeat-medication-list li strong"); got != "Metformine 500 mg tablet" {
		t.Errorf("the requested medication beside the patient's: %q", got)
	}
	take := staff.post("/praktijk/herhaalrecepten/"+id+"/toewijzen", url.Values{"aan": {fmt.Sprint(a.staff["assistant"].ID)}})
	wantStatus(t, take, http.StatusSeeOther)
	if got := a.scalar(`SELECT state || ' ' || assigned_to FROM repeat_requests WHERE id = ?`, id); got != fmt.Sprintf("in_behandeling %d", a.staff["assistant"].ID) {
		t.Errorf("after picking it up: %q", got)
	}
	if got := c.get("/herhaalrecepten").Text(".repeat-requests li .repeat-state"); !strings.HasPrefix(got, a.T("herhaalrecepten.state_in_behandeling")) {
		t.Errorf("the patient sees %q", got)
	}
	if staff.get("/praktijk/herhaalrecepten?lijst=mijn").Doc.Find(`.repeat-queue a[href="/praktijk/herhaalrecepten/`+id+`"]`).Length() != 1 {
		t.Error("the request is not in the assistant's own list")
	}
	wantRepeatMail(t, a, anna.Email, "mail.herhaalrecepten_changed.subject")

	wantStatus(t, staff.post("/praktijk/herhaalrecepten/"+id+"/goedkeuren", nil), http.StatusSeeOther)
	if got := a.scalar(`SELECT state || ' ' || handled_by || ' ' || (handled_at IS NOT NULL) FROM repeat_requests WHERE id = ?`, id); got != fmt.Sprintf("naar_apotheek %d 1", a.staff["assistant"].ID) {
		t.Errorf("after approving: %q", got)
	}
	p = c.get("/herhaalrecepten")
	if got := p.Text(".repeat-requests li .repeat-state"); got != a.T("herhaalrecepten.state_naar_apotheek") {
		t.Errorf("the patient sees %q", got)
	}
	if p.Doc.Find("#"+tick(meds.metformine)).AttrOr("disabled", "none") != "none" {
		t.Error("a medication sent to the pharmacy cannot be requested again")
	}
	// Handled: a second answer changes nothing.
	if p := staff.post("/praktijk/herhaalrecepten/"+id+"/afwijzen", url.Values{"reden": {"Te laat"}}); p.StatusCode != http.StatusConflict {
		t.Errorf("refusing a handled request: %d", p.StatusCode)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'repeat_request' AND object_id = ? AND action = 'change'`, id); n != "3" {
		t.Errorf("%s changes logged, want 3 (requested, picked up, approved)", n)
	}
}

// wantRepeatMail checks the newest mail to addr: its subject, a link to the page, and no medicine's name.
func wantRepeatMail(t *testing.T, a *testApp, addr, subjectKey string) {
	t.Helper()
	a.deliver()
	mails := a.smtp.To(addr)
	if len(mails) == 0 {
		t.Fatalf("no mail to %s", addr)
	}
	m := mails[len(mails)-1]
	if !strings.HasPrefix(m.Subject, strings.Split(a.T(subjectKey), "{{")[0]) {
		t.Errorf("mail subject %q, want %q", m.Subject, a.T(subjectKey))
	}
	for _, name := range []string{"Metformine", "Lisinopril", "Amoxicilline", "500 mg"} {
		if strings.Contains(m.Text+m.HTML+m.Subject, name) {
			t.Errorf("the mail names %q:\n%s", name, m.Text)
		}
	}
	if !strings.Contains(m.Text, "/herhaalrecepten") {
		t.Errorf("the mail does not link to the page:\n%s", m.Text)
	}
}

// A refusal needs a reason, which the patient reads.
func TestRepeatRefusalNeedsAReason(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	meds := a.repeatSetup()
	c := a.patientClient(0)
	wantStatus(t, c.post("/herhaalrecepten", repeatForm(c.get("/herhaalrecepten"), "", meds.lisinopril, meds.metformine)), http.StatusSeeOther)
	id := a.scalar(`SELECT id FROM repeat_requests WHERE patient_id = ?`, a.people[0].ID)
	doctor := a.staffClient("practitioner")

	p := doctor.post("/praktijk/herhaalrecepten/"+id+"/afwijzen", url.Values{"reden": {"  "}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#reden-error"); got != a.T("herhaalrecepten_praktijk.reason_required") {
		t.Errorf("error %q", got)
	}
	if got := a.scalar(`SELECT state FROM repeat_requests WHERE id = ?`, id); got != "aangevraagd" {
		t.Errorf("state %q after a refusal without reason", got)
	}
	reason := "Voor dit medicijn willen we u eerst op het spreekuur zien."
	wantStatus(t, doctor.post("/praktijk/herhaalrecepten/"+id+"/afwijzen", url.Values{"reden": {reason}}), http.StatusSeeOther)
	p = c.get("/herhaalrecepten")
	if got := p.Text(".repeat-requests li .repeat-state"); got != a.T("herhaalrecepten.state_afgewezen") {
		t.Errorf("state %q", got)
	}
	if got := p.Text(".repeat-requests li .repeat-reason"); got != a.T("herhaalrecepten.reason", "Reason", reason) {
		t.Errorf("reason %q", got)
	}
	wantRepeatMail(t, a, a.people[0].Email, "mail.herhaalrecepten_changed.subject")
}

// Forms a page never sends: a medicine that is not chronic (or stopped) is a 422 that says so, another
// patient's medication is a 404 logged as denied, nothing ticked is a 422; the note is kept each time.
func TestRepeatCraftedForms(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	meds := a.repeatSetup()
	c := a.patientClient(0)
	page := c.get("/herhaalrecepten")
	note := "Graag snel, ik ga op reis."
	for _, tc := range []struct {
		name string
		ids  []int64
		key  string
	}{
		{"not chronic", []int64{meds.amoxicilline}, "herhaalrecepten.error_not_orderable"},
		{"stopped", []int64{meds.simvastatine, meds.metformine}, "herhaalrecepten.error_not_orderable"},
		{"nothing ticked", nil, "herhaalrecepten.error_none"},
	} {
		p := c.post("/herhaalrecepten", repeatForm(page, note, tc.ids...))
		if p.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", tc.name, p.StatusCode)
			continue
		}
		if got := p.Problem("#medicijnen-error"); got != a.T(tc.key) {
			t.Errorf("%s: error %q, want %q", tc.name, got, a.T(tc.key))
		}
		if got := p.Text("#opmerking"); got != note {
			t.Errorf("%s: the note is %q", tc.name, got)
		}
		if p.Doc.Find(`.error-summary a[href="#medicijnen"]`).Length() != 1 || p.Doc.Find("#medicijnen").Length() != 1 {
			t.Errorf("%s: the summary does not lead to the list", tc.name)
		}
	}
	// Another patient's medication.
	other := a.number(`SELECT min(id) FROM medication WHERE patient_id = ?`, a.people[1].ID)
	p := c.post("/herhaalrecepten", repeatForm(page, note, meds.metformine, other))
	if p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title") {
		t.Errorf("another patient's medication: %d %q", p.StatusCode, p.Text("main h1"))
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND object_type = 'medication' AND object_id = ? AND patient_id = ?`, other, a.people[0].ID); n != "1" {
		t.Errorf("%s denials logged", n)
	}
	if n := a.scalar(`SELECT count(*) FROM repeat_requests WHERE patient_id = ?`, a.people[0].ID); n != "0" {
		t.Errorf("%s requests stored from refused forms", n)
	}
	// One that is waiting already, sent again (a second tab).
	wantStatus(t, c.post("/herhaalrecepten", repeatForm(page, "", meds.metformine)), http.StatusSeeOther)
	p = c.post("/herhaalrecepten", repeatForm(page, note, meds.metformine))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#medicijnen-error"); got != a.T("herhaalrecepten.error_already_requested") {
		t.Errorf("twice: %q", got)
	}
}

// The database itself refuses a second open request for a medication, and another patient's medication,
// whoever writes them; once the first is handled, a new one may ask for it.
func TestRepeatDatabaseRefusesASecondOpenRequest(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	meds := a.repeatSetup()
	p := a.people[0].ID
	pharmacy := a.number(`SELECT min(id) FROM pharmacies`)
	request := func() int64 {
		return a.number(`INSERT INTO repeat_requests (patient_id, pharmacy_id, requested_at, ready_on) VALUES (?, ?, ?, '2026-03-03') RETURNING id`,
			p, pharmacy, testStart)
	}
	item := func(r, m int64) error {
		_, err := a.db.Write.Exec(`INSERT INTO repeat_request_items (request_id, medication_id) VALUES (?, ?)`, r, m)
		return err
	}
	first, second := request(), request()
	if err := item(first, meds.metformine); err != nil {
		t.Fatal(err)
	}
	if err := item(second, meds.metformine); err == nil || !strings.Contains(err.Error(), "already requested") {
		t.Errorf("a second open request: %v", err)
	}
	if err := item(second, a.number(`SELECT min(id) FROM medication WHERE patient_id = ?`, a.people[1].ID)); err == nil {
		t.Error("another patient's medication was accepted")
	}
	if _, err := a.db.Write.Exec(`UPDATE repeat_requests SET state = 'naar_apotheek', handled_at = ? WHERE id = ?`, testStart, first); err != nil {
		t.Fatal(err)
	}
	if err := item(second, meds.metformine); err != nil {
		t.Errorf("after the first was handled: %v", err)
	}
}

// The page works the ready date out with the practice's clock and settings: Friday 12:00 is Tuesday,
// and a later cut-off the administrator sets moves it.
func TestRepeatReadyDateFollowsClockAndSettings(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	a.repeatSetup()
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	// Friday 6 March 2026, signed in then (a session does not outlive the clock's jumps).
	a.fixed.Set(time.Date(2026, 3, 6, 11, 50, 0, 0, ams))
	c := a.patientClient(0)
	admin := a.staffClient("admin")
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 3, 6, 11, 59, 0, 0, ams), "maandag 9 maart"},
		{time.Date(2026, 3, 6, 12, 0, 0, 0, ams), "dinsdag 10 maart"},
	} {
		a.fixed.Set(tc.now)
		if got := c.get("/herhaalrecepten").Text(".repeat-ready"); got != a.T("herhaalrecepten.ready", "Day", tc.want) {
			t.Errorf("%s: %q", tc.now.Format("Mon 15:04"), got)
		}
	}
	a.fixed.Set(time.Date(2026, 3, 6, 12, 1, 0, 0, ams))
	form := url.Values{"afsluittijd": {"13:00"}}
	for d := 1; d <= 5; d++ {
		form.Set(fmt.Sprintf("dag-%d", d), "1")
	}
	wantStatus(t, admin.post("/praktijk/beheer/herhaalrecepten", form), http.StatusSeeOther)
	if got := c.get("/herhaalrecepten").Text(".repeat-ready"); got != a.T("herhaalrecepten.ready", "Day", "maandag 9 maart") {
		t.Errorf("12:01 with a 13:00 cut-off: %q", got)
	}
	// A time that is not one, and no working day: said, and what was typed kept.
	p := admin.post("/praktijk/beheer/herhaalrecepten", url.Values{"afsluittijd": {"25:00"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#afsluittijd-error") != a.T("beheer_herhaalrecepten.cutoff_invalid") || p.Problem("#dag-1-error") != a.T("beheer_herhaalrecepten.days_required") {
		t.Errorf("errors: %q, %q", p.Problem("#afsluittijd-error"), p.Problem("#dag-1-error"))
	}
	if p.Doc.Find("#afsluittijd").AttrOr("value", "") != "25:00" {
		t.Error("the typed time is lost")
	}
}

// The administrator's pharmacies: added ones are offered to patients, switched-off ones no longer.
func TestRepeatPharmaciesAreTheAdministrators(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	a.repeatSetup()
	c := a.patientClient(0)
	admin := a.staffClient("admin")
	p := admin.post("/praktijk/beheer/herhaalrecepten/apotheken", url.Values{"naam": {""}, "plaats": {"Utrecht"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#naam-error") != a.T("beheer_herhaalrecepten.name_required") || p.Doc.Find("#plaats").AttrOr("value", "") != "Utrecht" {
		t.Errorf("an unnamed pharmacy: %q", p.Problem("#naam-error"))
	}
	wantStatus(t, admin.post("/praktijk/beheer/herhaalrecepten/apotheken", url.Values{"naam": {"Apotheek Het Wilhelminapark"}, "plaats": {"Utrecht"}}), http.StatusSeeOther)
	offered := func() string { return c.get("/herhaalrecepten").Text("#apotheek") }
	if !strings.Contains(offered(), "Apotheek Het Wilhelminapark, Utrecht") {
		t.Fatalf("the new pharmacy is not offered: %q", offered())
	}
	id := a.scalar(`SELECT id FROM pharmacies WHERE name = 'Apotheek Het Wilhelminapark'`)
	wantStatus(t, admin.post("/praktijk/beheer/herhaalrecepten/apotheken/"+id, url.Values{"actief": {"0"}}), http.StatusSeeOther)
	if strings.Contains(offered(), "Wilhelminapark") {
		t.Error("a pharmacy switched off is still offered")
	}
	// A form that names it anyway is told to choose.
	meds := a.number(`SELECT min(id) FROM medication WHERE patient_id = ? AND chronic = 1`, a.people[0].ID)
	p = c.post("/herhaalrecepten", url.Values{tick(meds): {"1"}, "apotheek": {id}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#apotheek-error"); got != a.T("herhaalrecepten.error_pharmacy") {
		t.Errorf("a pharmacy switched off: %q", got)
	}
}

// The overview counts the open re-orders and leads to them; the staff menu counts the open requests
// that are the staff member's or no one's.
func TestRepeatCountsOnTheOverviewAndInTheMenu(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	meds := a.repeatSetup()
	c := a.patientClient(0)
	tile := func() string {
		return c.get("/overzicht").Doc.Find(`.tile a[href="/herhaalrecepten"] .tile-number`).Text()
	}
	if got := tile(); got != "0" {
		t.Errorf("before: %q", got)
	}
	staff := a.staffClient("assistant")
	badge := func() int64 {
		var n int64
		fmt.Sscan(staff.get("/praktijk/patienten").Doc.Find(`nav a[href="/praktijk/herhaalrecepten"] .badge`).First().Text(), &n)
		return n
	}
	before := badge()
	wantStatus(t, c.post("/herhaalrecepten", repeatForm(c.get("/herhaalrecepten"), "", meds.metformine)), http.StatusSeeOther)
	if got := tile(); got != "1" {
		t.Errorf("after a request: %q", got)
	}
	if got := badge(); got != before+1 {
		t.Errorf("the menu's number: %d, want %d", got, before+1)
	}
	id := a.scalar(`SELECT id FROM repeat_requests WHERE patient_id = ?`, a.people[0].ID)
	wantStatus(t, a.staffClient("practitioner").post("/praktijk/herhaalrecepten/"+id+"/goedkeuren", nil), http.StatusSeeOther)
	if got := tile(); got != "0" {
		t.Errorf("after it went to the pharmacy: %q", got)
	}
}

// BenchmarkRepeatQueue: the practice's queue with 2,000 open requests (one per patient, each beside the
// patient's three current medicines): its first page, a page after the 1,000th request, and the whole
// list with the handled ones.
func BenchmarkRepeatQueue(b *testing.B) {
	a := newTestApp(b, withPatientsOnly(2000))
	pharmacy := a.number(`INSERT INTO pharmacies (name, city) VALUES ('Apotheek De Linde', 'Utrecht') RETURNING id`)
	tx, err := a.db.Write.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i, p := range a.ids(`SELECT id FROM users WHERE role = 'patient'`) {
		var med int64
		for k, name := range []string{"Metformine", "Lisinopril", "Amoxicilline"} {
			var id int64
			if err := tx.QueryRow(`INSERT INTO medication (patient_id, name, strength, form, dosage, chronic, started_on)
				VALUES (?, ?, '10 mg', 'tablet', '1x per dag 1 tablet', ?, '2024-01-10') RETURNING id`, p, name, boolInt(k < 2)).Scan(&id); err != nil {
				b.Fatal(err)
			}
			if k == 0 {
				med = id
			}
		}
		at := testStart.Add(-time.Duration(i) * time.Minute)
		var r int64
		if err := tx.QueryRow(`INSERT INTO repeat_requests (patient_id, pharmacy_id, requested_at, ready_on) VALUES (?, ?, ?, '2026-03-03') RETURNING id`,
			p, pharmacy, at).Scan(&r); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO repeat_request_items (request_id, medication_id) VALUES (?, ?)`, r, med); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if n := a.scalar(`SELECT count(*) FROM repeat_requests WHERE handled_at IS NULL`); n != "2000" {
		b.Fatalf("%s open requests", n)
	}
	staff := a.staffClient("assistant")
	deep := mustInt(b, a.scalar(`SELECT id FROM repeat_requests WHERE handled_at IS NULL ORDER BY requested_at, id LIMIT 1 OFFSET 1000`))
	for _, bc := range []struct{ name, path string }{
		{"first", "/praktijk/herhaalrecepten?lijst=alle"},
		{"deep", "/praktijk/herhaalrecepten?lijst=alle&na=" + patientCursor(deep)},
		{"team", "/praktijk/herhaalrecepten?lijst=team"},
		{"with_handled", "/praktijk/herhaalrecepten?lijst=alle&ook=afgehandeld"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if p := staff.get(bc.path); p.StatusCode != http.StatusOK || p.Doc.Find(".repeat-queue li").Length() != 25 {
				b.Fatalf("%s: %d, %d rows", bc.path, p.StatusCode, p.Doc.Find(".repeat-queue li").Length())
			}
			b.ResetTimer()
			for range b.N {
				staff.get(bc.path)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
