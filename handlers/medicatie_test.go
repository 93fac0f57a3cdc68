package handlers_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// testMedication is a medicine of a patient as the practice recorded it; days are relative to the test's
// today (negative: in the past).
type testMedication struct {
	patient                                    int64
	name, strength, form, dosage, instructions string
	chronic                                    bool
	startDays                                  int
	endDays                                    *int
	stopReason                                 string
}

func days(n int) *int { return &n }

// addMedication writes a medicine as the practice's system would, prescribed by the practitioner.
func (a *testApp) addMedication(m testMedication) int64 {
	a.t.Helper()
	if m.dosage == "" {
		m.dosage = "1x per dag 1 tablet"
	}
	today := a.clock.Now().UTC().Truncate(24 * time.Hour)
	var ended sql.NullTime
	if m.endDays != nil {
		ended = sql.NullTime{Time: today.AddDate(0, 0, *m.endDays), Valid: true}
	}
	var id int64
	if err := a.db.Write.QueryRow(`INSERT INTO medication (patient_id, prescriber_id, name, strength, form, dosage, instructions,
		chronic, started_on, ended_on, stop_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.patient, a.staff["practitioner"].ID, m.name, m.strength, m.form, m.dosage, m.instructions, m.chronic,
		today.AddDate(0, 0, m.startDays), ended, m.stopReason).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	return id
}

// clearMedication leaves the patient without the demo's medication, so that a test knows the whole list.
func (a *testApp) clearMedication(patient int64) {
	a.t.Helper()
	if _, err := a.db.Write.Exec(`DELETE FROM medication WHERE patient_id = ?`, patient); err != nil {
		a.t.Fatal(err)
	}
}

func texts(s *goquery.Selection) []string {
	var out []string
	s.Each(func(_ int, e *goquery.Selection) { out = append(out, strings.Join(strings.Fields(e.Text()), " ")) })
	return out
}

// The patient sees what they take now, chronic first and then by name, with how to take it, since when
// and who prescribed it; a course says until when. Ended courses and stopped medicines are under
// "Gestopte medicatie" with the day and the reason. The overview counts the current ones.
func TestMedicationListShowsCurrentAndStopped(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	a.clearMedication(me.ID)
	a.addMedication(testMedication{patient: me.ID, name: "Metformine", strength: "500 mg", form: "tablet", chronic: true,
		dosage: "2x per dag 1 tablet", instructions: "Innemen tijdens de maaltijd.", startDays: -400})
	a.addMedication(testMedication{patient: me.ID, name: "Amoxicilline", strength: "500 mg", form: "capsule",
		dosage: "3x per dag 1 capsule", startDays: -2, endDays: days(5)})
	a.addMedication(testMedication{patient: me.ID, name: "Amlodipine", strength: "5 mg", form: "tablet", chronic: true, startDays: -800})
	a.addMedication(testMedication{patient: me.ID, name: "Prednison", strength: "30 mg", form: "tablet", startDays: -20, endDays: days(-1)})
	a.addMedication(testMedication{patient: me.ID, name: "Simvastatine", strength: "40 mg", form: "tablet", chronic: true,
		startDays: -900, endDays: days(-30), stopReason: "Spierpijn; vervangen door atorvastatine"})
	a.addMedication(testMedication{patient: a.people[1].ID, name: "Van een ander", chronic: true, startDays: -10})

	c := a.patientClient(0)
	p := c.get("/medicatie")
	wantStatus(t, p, http.StatusOK)
	names := texts(p.Doc.Find(".medication-list .medication-name"))
	if want := []string{"Amlodipine 5 mg tablet", "Metformine 500 mg tablet", "Amoxicilline 500 mg capsule"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Fatalf("current medication %q, want %q", names, want)
	}
	tr := a.tr["nl"]
	course := p.Doc.Find(".medication").Eq(2)
	if got, want := strings.TrimSpace(course.Find(".medication-kind").Text()), a.T("medicatie.short_until", "Date", tr.LongDay(testStart.AddDate(0, 0, 5))); got != want {
		t.Errorf("course mark %q, want %q", got, want)
	}
	metformine := p.Doc.Find(".medication").Eq(1)
	text := strings.Join(strings.Fields(metformine.Text()), " ")
	for _, want := range []string{a.T("medicatie.chronic"), "2x per dag 1 tablet", "Innemen tijdens de maaltijd.",
		tr.LongDay(testStart.AddDate(0, 0, -400)), a.staff["practitioner"].FullName() + ", " + a.T("role.practitioner")} {
		if !strings.Contains(text, want) {
			t.Errorf("Metformine's entry %q lacks %q", text, want)
		}
	}
	stopped := texts(p.Doc.Find(".medication-stopped li"))
	if len(stopped) != 2 || !strings.HasPrefix(stopped[0], "Prednison 30 mg tablet") || !strings.HasPrefix(stopped[1], "Simvastatine 40 mg tablet") {
		t.Fatalf("stopped medication %q", stopped)
	}
	if !strings.Contains(stopped[0], a.T("medicatie.ended_on", "Date", tr.LongDay(testStart.AddDate(0, 0, -1)))) ||
		!strings.Contains(stopped[1], a.T("medicatie.stopped_on", "Date", tr.LongDay(testStart.AddDate(0, 0, -30)))) ||
		!strings.Contains(stopped[1], a.T("medicatie.stop_reason", "Reason", "Spierpijn; vervangen door atorvastatine")) {
		t.Errorf("stopped medication %q", stopped)
	}
	if strings.Contains(p.Doc.Text(), "Van een ander") {
		t.Error("the list shows another patient's medicine")
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND object_type = 'medication' AND action = 'list' AND patient_id = ?`, me.ID, me.ID); n != "1" {
		t.Errorf("%s list rows in the access log, want 1", n)
	}
	o := c.get("/overzicht")
	tile := o.Doc.Find(`.tile a[href="/medicatie"]`)
	if got := tile.Find(".tile-number").Text(); got != "3" || strings.TrimSpace(tile.Find(".tile-label").Text()) != a.T("overview.count_medication") {
		t.Errorf("overview's medication tile %q %q, want 3", got, tile.Text())
	}
	if p.Doc.Find(`nav a[href="/medicatie"]`).Length() == 0 {
		t.Error("the menu has no Medicatie")
	}
}

// "Klopt dit niet?" opens a new message whose subject names the medicine, to who prescribed it; nothing
// is sent until the patient sends it. Another patient's medicine is a 404.
func TestMedicationQuestionStartsAMessage(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	id := a.addMedication(testMedication{patient: me.ID, name: "Metformine", strength: "500 mg", form: "tablet", chronic: true, startDays: -40})
	other := a.addMedication(testMedication{patient: a.people[1].ID, name: "Metformine", chronic: true, startDays: -40})
	c := a.patientClient(0)
	threads := a.scalar(`SELECT count(*) FROM message_threads WHERE patient_id = ?`, me.ID)

	list := c.get("/medicatie")
	link := list.Doc.Find(fmt.Sprintf(`a[href="/medicatie/%d/klopt-niet"]`, id))
	if link.Length() != 1 {
		t.Fatal("no \"Klopt dit niet?\" for the medicine")
	}
	p := c.get(fmt.Sprintf("/medicatie/%d/klopt-niet", id))
	wantStatus(t, p, http.StatusOK)
	if got, want := p.Doc.Find("#titel").AttrOr("value", ""), a.T("medicatie.question_subject", "Medicine", "Metformine 500 mg tablet"); got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	if got := p.Doc.Find("#aan option[selected]").AttrOr("value", ""); got != fmt.Sprint(a.staff["practitioner"].ID) {
		t.Errorf("addressed to %q, want the prescriber %d", got, a.staff["practitioner"].ID)
	}
	if p.Doc.Find(`form[action="/berichten"]`).Length() != 1 {
		t.Error("the page is not the form of a new message")
	}
	if n := a.scalar(`SELECT count(*) FROM message_threads WHERE patient_id = ?`, me.ID); n != threads {
		t.Errorf("opening the form made a conversation: %s, was %s", n, threads)
	}
	wantStatus(t, c.get(fmt.Sprintf("/medicatie/%d/klopt-niet", other)), http.StatusNotFound)
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND object_type = 'medication' AND object_id = ? AND outcome = 'denied'`, me.ID, other); n != "1" {
		t.Errorf("%s denied rows for another patient's medicine, want 1", n)
	}
	// Sent, it is a message like any other.
	sent := c.post("/berichten", url.Values{"aan": {fmt.Sprint(a.staff["practitioner"].ID)}, "titel": {p.Doc.Find("#titel").AttrOr("value", "")}, "tekst": {"Ik gebruik 1 tablet per dag."}})
	wantStatus(t, sent, http.StatusSeeOther)
	if n := a.scalar(`SELECT count(*) FROM message_threads WHERE patient_id = ? AND subject = ?`, me.ID, a.T("medicatie.question_subject", "Medicine", "Metformine 500 mg tablet")); n != "1" {
		t.Errorf("%s conversations about the medicine, want 1", n)
	}
}

// With 120 stopped medicines, /medicatie shows the 50 most recent and links to every one: the stopped
// list a page of 50 at a time, newest end first (ties by id), with its count, each medicine once across
// the pages and back again; the practice's panel links to the same list for the patient in view.
func TestMedicationStoppedBeyondFifty(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	for i := range 120 {
		a.addMedication(testMedication{patient: me.ID, name: fmt.Sprintf("Gestopt %03d", i), startDays: -400, endDays: days(-1 - i/2), stopReason: "Klaar"})
	}
	stopped := a.number(`SELECT count(*) FROM medication WHERE patient_id = ? AND (stop_reason <> '' OR ended_on < ?)`, me.ID, a.clock.Now().UTC().Truncate(24*time.Hour))
	c := a.patientClient(1)
	p := c.get("/medicatie")
	if got := p.Doc.Find(".medication-stopped .entry-list li").Length(); got != 50 {
		t.Errorf("/medicatie shows %d stopped medicines, want 50", got)
	}
	if p.Doc.Find(`.medication-stopped a[href="/medicatie/gestopt"]`).Length() != 1 {
		t.Fatal("/medicatie does not link to every stopped medicine")
	}
	seen := map[string]int{}
	var first []string
	path, pages := "/medicatie/gestopt", 0
	for path != "" {
		p = c.get(path)
		wantStatus(t, p, http.StatusOK)
		pages++
		if got := p.Text(`h1 + p[role=status]`); got != a.T("medicatie.count", "Count", stopped) {
			t.Errorf("page %d counts %q", pages, got)
		}
		p.Doc.Find(".medication-stopped-all li strong").Each(func(_ int, s *goquery.Selection) {
			seen[s.Text()]++
			if pages == 1 {
				first = append(first, s.Text())
			}
		})
		path = p.Doc.Find(`.pager a[rel=next]`).AttrOr("href", "")
	}
	if want := int((stopped + 49) / 50); pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
	if int64(len(seen)) != stopped {
		t.Errorf("%d stopped medicines across the pages, want %d", len(seen), stopped)
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s shows %d times", name, n)
		}
	}
	if len(first) < 2 || first[0] != "Gestopt 001" || first[1] != "Gestopt 000" {
		t.Errorf("the first page starts %v, want the latest end first, ties newest first", first[:min(2, len(first))])
	}
	// Back from the last page to the one before.
	prev := p.Doc.Find(`.pager a[rel=prev]`).AttrOr("href", "")
	if prev == "" || c.get(prev).Doc.Find(".medication-stopped-all li").Length() != 50 {
		t.Errorf("the way back from the last page (%q) does not show a full page", prev)
	}

	staff := a.staffClient("practitioner")
	panel := staff.get(fmt.Sprintf("/praktijk/patienten/%d", me.ID))
	href := fmt.Sprintf("/praktijk/patienten/%d/medicatie/gestopt", me.ID)
	if panel.Doc.Find(fmt.Sprintf(`#medicatie a[href="%s"]`, href)).Length() != 1 {
		t.Fatal("the practice's panel does not link to every stopped medicine")
	}
	p = staff.get(href)
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(".medication-stopped-all li").Length() != 50 || p.Doc.Find(`.pager a[rel=next]`).Length() != 1 {
		t.Error("the practice's stopped list is not a page of 50 with the next page")
	}
	if p.Doc.Find(`a[href$="/klopt-niet"]`).Length() != 0 {
		t.Error("the practice's list offers the patient's 'Klopt dit niet?'")
	}
}
