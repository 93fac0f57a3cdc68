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

// agendaFixture is what the agenda tests make for themselves: a practitioner with an empty agenda, a
// place and two kinds, one shown to the patient at once and one from 13:00 the day before.
type agendaFixture struct {
	doctor, place, kindNow, kindDayBefore int64
}

func newAgendaFixture(t *testing.T, a *testApp) agendaFixture {
	t.Helper()
	exec := func(q string, args ...any) int64 {
		t.Helper()
		r, err := a.db.Write.Exec(q, args...)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := r.LastInsertId()
		return id
	}
	var f agendaFixture
	f.doctor = exec(`INSERT INTO users (role, email, given_name, family_name, created_at) VALUES ('practitioner', 'p.bakker@delinde.example', 'Pieter', 'Bakker', ?)`, testStart)
	f.place = exec(`INSERT INTO places (name) VALUES ('Kamer 9')`)
	f.kindNow = exec(`INSERT INTO appointment_kinds (name_nl, name_en, minutes, publish, place_id, instructions_nl, instructions_en)
		VALUES ('Testconsult', 'Test consultation', 20, 'now', ?, 'Neem uw pas mee.', 'Bring your card.')`, f.place)
	f.kindDayBefore = exec(`INSERT INTO appointment_kinds (name_nl, name_en, minutes, publish, publish_time)
		VALUES ('Testbehandeling', 'Test treatment', 45, 'day_before', '13:00')`)
	return f
}

// appointmentForm is a filled-in form of a new appointment with the fixture's practitioner.
func (f agendaFixture) form(kind int64, day, at string) url.Values {
	return url.Values{"soort": {fmt.Sprint(kind)}, "behandelaar": {fmt.Sprint(f.doctor)}, "extra": {""},
		"datum": {day}, "tijd": {at}, "duur": {""}, "plaats": {""}, "instructies": {""}}
}

// makeAppointment makes an appointment for the patient through the form and returns its id.
func makeAppointment(t *testing.T, c *client, patient int64, form url.Values) string {
	t.Helper()
	p := c.post(fmt.Sprintf("/praktijk/patienten/%d/afspraken", patient), form)
	if p.StatusCode != http.StatusSeeOther {
		t.Fatalf("making the appointment: status %d: %s", p.StatusCode, p.Text(".error-summary"))
	}
	loc := p.Header.Get("Location")
	if !strings.HasPrefix(loc, "/praktijk/agenda/afspraken/") {
		t.Fatalf("after making: %q", loc)
	}
	return strings.Split(strings.TrimPrefix(loc, "/praktijk/agenda/afspraken/"), "?")[0]
}

// mailsTo are the subjects of the mails the address received.
func (a *testApp) mailSubjectsTo(address string) []string {
	a.t.Helper()
	a.deliver()
	var subjects []string
	for _, m := range a.smtp.To(address) {
		subjects = append(subjects, m.Subject)
	}
	return subjects
}

// Making an appointment from the patient's page: the kind gives what is left empty (duration, place,
// instructions), visible_from follows the kind's rule and the reminder is due the practice's 24 hours
// before; the appointment shows in the day and the week of its practitioner's agenda and of the whole
// practice, with time, patient, kind and place, and the page is access-logged.
func TestAgendaPraktijkMakeAndShowInDayAndWeek(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := newAgendaFixture(t, a)
	patient := a.people[0]
	c := a.staffClient("assistant")

	form := c.get(fmt.Sprintf("/praktijk/patienten/%d/afspraken/nieuw?datum=2026-03-11&behandelaar=%d", patient.ID, f.doctor))
	wantStatus(t, form, http.StatusOK)
	if got := form.Doc.Find("#datum").AttrOr("value", ""); got != "2026-03-11" {
		t.Errorf("the agenda's day is not in the form: %q", got)
	}
	id := makeAppointment(t, c, patient.ID, f.form(f.kindNow, "2026-03-11", "18:30"))
	start := local(t, "2026-03-11 18:30")
	row := a.scalar(`SELECT practitioner_id || '|' || place_id || '|' || instructions || '|' || booked_by || '|' || staff_seen
		FROM appointments WHERE id = ?`, id)
	if want := fmt.Sprintf("%d|%d|Neem uw pas mee.|%d|1", f.doctor, f.place, a.staff["assistant"].ID); row != want {
		t.Errorf("stored %q, want %q", row, want)
	}
	var starts, ends, visible, remind time.Time
	if err := a.db.Read.QueryRow(`SELECT starts_at, ends_at, visible_from, remind_at FROM appointments WHERE id = ?`, id).
		Scan(&starts, &ends, &visible, &remind); err != nil {
		t.Fatal(err)
	}
	if !starts.Equal(start) || !ends.Equal(start.Add(20*time.Minute)) || !visible.Equal(testStart) || !remind.Equal(start.Add(-24*time.Hour)) {
		t.Errorf("times %v %v, visible from %v, remind at %v", starts, ends, visible, remind)
	}

	timeText := a.T("date.time_range", "From", "18:30", "To", "18:50")
	for _, path := range []string{
		fmt.Sprintf("/praktijk/agenda?dag=2026-03-11&wie=%d", f.doctor),
		fmt.Sprintf("/praktijk/agenda?week=2026-W11&wie=%d", f.doctor),
		"/praktijk/agenda?week=2026-W11&wie=alle",
	} {
		p := c.get(path)
		wantStatus(t, p, http.StatusOK)
		item := p.Doc.Find(`.agenda-item a[href="/praktijk/agenda/afspraken/` + id + `"]`).Parent()
		if item.Length() != 1 {
			t.Fatalf("%s: the appointment is not in the agenda", path)
		}
		text := strings.Join(strings.Fields(item.Text()), " ")
		for _, want := range []string{timeText, patient.FullName(), "Testconsult", "Kamer 9"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q lacks %q", path, text, want)
			}
		}
	}
	week := c.get("/praktijk/agenda?week=2026-W11&wie=alle")
	if n := week.Doc.Find(".agenda-day").Length(); n != 7 {
		t.Errorf("the week shows %d days", n)
	}
	if got := week.Doc.Find(".agenda-owner").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "Pieter Bakker")
	}).Length(); got != 1 {
		t.Errorf("the whole practice's week has %d groups of Pieter Bakker", got)
	}
	if prev := week.Doc.Find(`a[rel=prev]`).AttrOr("href", ""); !strings.Contains(prev, "week=2026-W10") {
		t.Errorf("previous week: %q", prev)
	}
	if next := week.Doc.Find(`a[rel=next]`).AttrOr("href", ""); !strings.Contains(next, "week=2026-W12") {
		t.Errorf("next week: %q", next)
	}
	// Another day of the agenda does not show it.
	other := c.get(fmt.Sprintf("/praktijk/agenda?dag=2026-03-12&wie=%d", f.doctor))
	if other.Doc.Find(`a[href="/praktijk/agenda/afspraken/`+id+`"]`).Length() != 0 {
		t.Error("the appointment shows on another day")
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'agenda' AND action = 'list' AND patient_id = ? AND actor_id = ?`,
		patient.ID, a.staff["assistant"].ID); n == "0" {
		t.Error("the agenda's read of the patient is not logged")
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND object_id = ? AND action = 'change'`, id); n != "1" {
		t.Errorf("%s change rows for the new appointment", n)
	}
	// The appointment's page, access-logged as a read of the patient.
	p := c.get("/praktijk/agenda/afspraken/" + id)
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text(".details"), patient.FullName()) || !strings.Contains(p.Text(".details"), "Neem uw pas mee.") {
		t.Errorf("the appointment's page: %q", p.Text(".details"))
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND object_id = ? AND action = 'read' AND patient_id = ?`, id, patient.ID); n != "1" {
		t.Errorf("%s read rows for the appointment's page", n)
	}
}

// A practitioner's agenda is their own by default; other staff see the whole practice.
func TestAgendaPraktijkWhoseAgenda(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	doc := a.staffClient("practitioner")
	p := doc.get("/praktijk/agenda")
	wantStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#wie option[selected]").AttrOr("value", ""); got != fmt.Sprint(a.staff["practitioner"].ID) {
		t.Errorf("a practitioner's agenda shows %q", got)
	}
	p = a.staffClient("assistant").get("/praktijk/agenda?wie=nobody")
	if got := p.Doc.Find("#wie option[selected]").AttrOr("value", ""); got != "alle" {
		t.Errorf("an assistant's agenda shows %q", got)
	}
	// The demo's practitioner has appointments in the coming weeks: the weeks list them.
	found := 0
	for w := 10; w < 14; w++ {
		found += a.staffClient("admin").get(fmt.Sprintf("/praktijk/agenda?week=2026-W%d", w)).Doc.Find(".agenda-item").Length()
	}
	if found == 0 {
		t.Error("the whole practice's agenda is empty")
	}
}

// The patient gets a mail when an appointment is made, moved or cancelled only while it exists for
// them: one not yet published (the afternoon before) is made, moved and cancelled without a word, and
// no mail names the kind or the instructions.
func TestAgendaPraktijkMailsOnlyWhenVisible(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := newAgendaFixture(t, a)
	patient := a.people[0]
	c := a.staffClient("assistant")
	tr := a.tr[patient.Locale]
	clinic := a.scalar(`SELECT name FROM clinic_settings`)
	subject := func(kind string, pairs ...any) string {
		return tr.T("mail."+kind+".subject", append([]any{"Clinic", clinic}, pairs...)...)
	}

	// Published at once: a mail with date and time.
	shown := makeAppointment(t, c, patient.ID, f.form(f.kindNow, "2026-03-11", "18:30"))
	when := tr.DayTime(local(t, "2026-03-11 18:30"))
	mails := a.mailSubjectsTo(patient.Email)
	if len(mails) != 1 || mails[0] != subject("appointment_made", "When", when) {
		t.Fatalf("after making a published appointment: %q", mails)
	}
	for _, m := range a.smtp.To(patient.Email) {
		if strings.Contains(m.Text, "Testconsult") || strings.Contains(m.Text, "Neem uw pas mee") {
			t.Errorf("the mail tells what the appointment is: %s", m.Text)
		}
	}

	// Shown from 13:00 the day before: nothing now, not when moved, not when cancelled.
	hidden := makeAppointment(t, c, patient.ID, f.form(f.kindDayBefore, "2026-03-20", "18:00"))
	if got := a.scalar(`SELECT visible_from = ? FROM appointments WHERE id = ?`, local(t, "2026-03-19 13:00"), hidden); got != "1" {
		t.Errorf("visible_from of the day-before kind is not 13:00 the day before")
	}
	move := url.Values{"behandelaar": {fmt.Sprint(f.doctor)}, "extra": {""}, "datum": {"2026-03-21"}, "tijd": {"18:00"},
		"duur": {"45"}, "plaats": {""}, "instructies": {""}}
	wantStatus(t, c.post("/praktijk/agenda/afspraken/"+hidden+"/verplaatsen", move), http.StatusSeeOther)
	if got := a.scalar(`SELECT visible_from = ? FROM appointments WHERE id = ?`, local(t, "2026-03-20 13:00"), hidden); got != "1" {
		t.Errorf("a move of an unpublished appointment does not follow the rule from the new day")
	}
	wantStatus(t, c.post("/praktijk/agenda/afspraken/"+hidden+"/afzeggen", url.Values{"reden": {"Behandelaar ziek"}}), http.StatusSeeOther)
	if got := a.mailSubjectsTo(patient.Email); len(got) != 1 {
		t.Fatalf("an unpublished appointment was mailed about: %q", got)
	}
	if got := a.scalar(`SELECT status || '|' || cancel_reason FROM appointments WHERE id = ?`, hidden); got != "cancelled|Behandelaar ziek" {
		t.Errorf("cancelled: %q", got)
	}

	// The published one: moved (old and new time), then cancelled.
	move.Set("datum", "2026-03-12")
	move.Set("duur", "20")
	wantStatus(t, c.post("/praktijk/agenda/afspraken/"+shown+"/verplaatsen", move), http.StatusSeeOther)
	wantStatus(t, c.post("/praktijk/agenda/afspraken/"+shown+"/afzeggen", url.Values{"reden": {""}}), http.StatusSeeOther)
	got := a.mailSubjectsTo(patient.Email)
	want := []string{subject("appointment_made", "When", when), subject("appointment_moved"), subject("appointment_cancelled_by_practice")}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("mails:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	moved := a.smtp.To(patient.Email)[1].Text
	if !strings.Contains(moved, when) || !strings.Contains(moved, tr.DayTime(local(t, "2026-03-12 18:00"))) {
		t.Errorf("the move's mail lacks the old or new time: %s", moved)
	}
	if strings.Contains(a.smtp.To(patient.Email)[2].Text, "Behandelaar ziek") {
		t.Error("the cancel mail holds the practice's reason")
	}
	// The cancelled appointment's time is free again: the same time can be booked.
	makeAppointment(t, c, patient.ID, f.form(f.kindNow, "2026-03-12", "18:00"))
}

// A move never hides what the patient has already seen, sets the reminder anew and clears its sent mark;
// a move to a later day is mailed.
func TestAgendaPraktijkMoveKeepsWhatThePatientSaw(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := newAgendaFixture(t, a)
	patient := a.people[1]
	c := a.staffClient("practitioner")
	// Made after its publication moment (today, the day-before kind): the patient sees it at once.
	id := makeAppointment(t, c, patient.ID, f.form(f.kindDayBefore, "2026-03-02", "18:00"))
	if got := a.scalar(`SELECT visible_from = ? FROM appointments WHERE id = ?`, testStart, id); got != "1" {
		t.Fatal("an appointment made after its publication moment is not visible at once")
	}
	if _, err := a.db.Write.Exec(`UPDATE appointments SET reminded_at = ? WHERE id = ?`, testStart, id); err != nil {
		t.Fatal(err)
	}
	move := url.Values{"behandelaar": {fmt.Sprint(f.doctor)}, "extra": {""}, "datum": {"2026-03-17"}, "tijd": {"18:00"},
		"duur": {"45"}, "plaats": {fmt.Sprint(f.place)}, "instructies": {"Kom 10 minuten eerder."}}
	p := c.post("/praktijk/agenda/afspraken/"+id+"/verplaatsen", move)
	wantStatus(t, p, http.StatusSeeOther)
	var visible, remind time.Time
	var reminded *time.Time
	if err := a.db.Read.QueryRow(`SELECT visible_from, remind_at, reminded_at FROM appointments WHERE id = ?`, id).Scan(&visible, &remind, &reminded); err != nil {
		t.Fatal(err)
	}
	if !visible.Equal(testStart) {
		t.Errorf("the move hid the appointment until %v", visible)
	}
	if want := local(t, "2026-03-16 18:00"); !remind.Equal(want) || reminded != nil {
		t.Errorf("reminder at %v (want %v), sent mark %v", remind, want, reminded)
	}
	page := c.follow(p)
	if page.Text(".notice") != a.T("agenda_praktijk.notice_moved") || !strings.Contains(page.Text(".details"), "Kom 10 minuten eerder.") {
		t.Errorf("after the move: %q / %q", page.Text(".notice"), page.Text(".details"))
	}
	if got := a.mailSubjectsTo(patient.Email); len(got) != 2 {
		t.Errorf("made and moved: %q", got)
	}
	// The patient's calendar file of it says it changed (SEQUENCE), so that a calendar that imported it
	// takes the new time.
	ics := a.patientClient(1).get("/afspraken/" + id + "/afspraak.ics")
	wantStatus(t, ics, http.StatusOK)
	if !strings.Contains(ics.Body, "SEQUENCE:1") {
		t.Errorf("the moved appointment's calendar file:\n%s", ics.Body)
	}
}

// A time that double-books the practitioner is refused at the time field, with everything typed kept.
func TestAgendaPraktijkOverlapKeepsInput(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := newAgendaFixture(t, a)
	c := a.staffClient("assistant")
	makeAppointment(t, c, a.people[0].ID, f.form(f.kindNow, "2026-03-11", "18:30"))
	before := a.scalar(`SELECT count(*) FROM appointments`)
	form := f.form(f.kindDayBefore, "2026-03-11", "18:00") // 45 minutes: until 18:45
	form.Set("instructies", "Nuchter komen, niet eten na middernacht.")
	form.Set("duur", "40")
	p := c.post(fmt.Sprintf("/praktijk/patienten/%d/afspraken", a.people[1].ID), form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#tijd-error"); got != a.T("agenda_praktijk.overlap") {
		t.Errorf("error at the time: %q", got)
	}
	if p.Doc.Find(`.error-summary a[href="#tijd"]`).Length() != 1 {
		t.Error("the summary does not link to the time")
	}
	for sel, want := range map[string]string{"#datum": "2026-03-11", "#tijd": "18:00", "#duur": "40"} {
		if got := p.Doc.Find(sel).AttrOr("value", ""); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if got := p.Doc.Find("#soort option[selected]").AttrOr("value", ""); got != fmt.Sprint(f.kindDayBefore) {
		t.Errorf("kind %q", got)
	}
	if got := p.Text("#instructies"); got != "Nuchter komen, niet eten na middernacht." {
		t.Errorf("instructions %q", got)
	}
	if after := a.scalar(`SELECT count(*) FROM appointments`); after != before {
		t.Errorf("appointments %s → %s", before, after)
	}
	// Bad input is said at its field, and kept too.
	form = f.form(0, "2026-02-30", "25:00")
	form.Set("duur", "3")
	p = c.post(fmt.Sprintf("/praktijk/patienten/%d/afspraken", a.people[1].ID), form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for sel, key := range map[string]string{"#soort-error": "agenda_praktijk.kind_required", "#datum-error": "agenda_praktijk.date_invalid",
		"#tijd-error": "agenda_praktijk.time_invalid", "#duur-error": "agenda_praktijk.minutes_invalid"} {
		if got := p.Problem(sel); got != a.T(key) {
			t.Errorf("%s: %q", sel, got)
		}
	}
	if got := p.Doc.Find("#tijd").AttrOr("value", ""); got != "25:00" {
		t.Errorf("the time typed is lost: %q", got)
	}
	// A time that has passed.
	p = c.post(fmt.Sprintf("/praktijk/patienten/%d/afspraken", a.people[1].ID), f.form(f.kindNow, "2026-03-02", "08:00"))
	if got := p.Problem("#tijd-error"); got != a.T("agenda_praktijk.time_past") {
		t.Errorf("a time in the past: %q", got)
	}
}

// "Niet verschenen" only once the appointment has started.
func TestAgendaPraktijkNoShowOnceStarted(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := newAgendaFixture(t, a)
	c := a.staffClient("assistant")
	id := makeAppointment(t, c, a.people[0].ID, f.form(f.kindNow, "2026-03-02", "09:45"))
	p := c.post("/praktijk/agenda/afspraken/"+id+"/niet-verschenen", nil)
	if p = c.follow(p); p.Text(".notice") != a.T("agenda_praktijk.notice_not_started") {
		t.Errorf("before the start: %q", p.Text(".notice"))
	}
	if p.Doc.Find(`form[action$="/niet-verschenen"]`).Length() != 0 {
		t.Error("the no-show button shows before the start")
	}
	a.fixed.Set(local(t, "2026-03-02 09:46"))
	p = c.get("/praktijk/agenda/afspraken/" + id)
	if p.Doc.Find(`form[action$="/niet-verschenen"]`).Length() != 1 {
		t.Fatal("no no-show button once started")
	}
	p = c.follow(c.post("/praktijk/agenda/afspraken/"+id+"/niet-verschenen", nil))
	if p.Text(".notice") != a.T("agenda_praktijk.notice_noshow") || a.scalar(`SELECT status FROM appointments WHERE id = ?`, id) != "noshow" {
		t.Errorf("after no-show: %q", p.Text(".notice"))
	}
	// Marked once: a second time changes nothing.
	p = c.follow(c.post("/praktijk/agenda/afspraken/"+id+"/niet-verschenen", nil))
	if p.Text(".notice") != a.T("agenda_praktijk.notice_not_booked") {
		t.Errorf("again: %q", p.Text(".notice"))
	}
}

// The count beside "Agenda": the practitioner's appointments that patients booked or cancelled
// themselves and staff have not seen, at once; "Gezien" and opening the appointment take it off.
func TestAgendaPraktijkBadgeAndSeen(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	doc := a.staff["practitioner"]
	c := a.staffClient("practitioner")
	badge := func() string {
		t.Helper()
		p := c.get("/praktijk/patienten")
		return strings.TrimSpace(p.Doc.Find(`.sidebar .menu a[href="/praktijk/agenda"] .badge`).Contents().First().Text())
	}
	if got := badge(); got != "" {
		t.Fatalf("a badge before any booking: %q", got)
	}
	kind := a.number(`SELECT id FROM appointment_kinds WHERE bookable = 1 LIMIT 1`)
	book := func(patient int64, at, status string) string {
		t.Helper()
		// The patient's own booking, not yet seen by the practice.
		return fmt.Sprint(a.addAppointment(testAppointment{patient: patient, bookedBy: patient, kindID: kind, practitioner: doc.ID,
			start: local(t, at), minutes: 15, status: status}))
	}
	first := book(a.people[0].ID, "2026-03-05 20:00", "booked")
	second := book(a.people[1].ID, "2026-03-06 20:00", "cancelled")
	if got := badge(); got != "2" {
		t.Fatalf("badge %q, want 2", got)
	}
	// Another staff member's menu has no such count.
	if p := a.staffClient("assistant").get("/praktijk/patienten"); p.Doc.Find(`.sidebar .menu a[href="/praktijk/agenda"] .badge`).Length() != 0 {
		t.Error("the assistant's menu counts the practitioner's bookings")
	}
	p := c.get("/praktijk/agenda")
	list := p.Doc.Find(".agenda-unseen li")
	if p.Text(".agenda-unseen h2") != a.T("agenda_praktijk.unseen_title") || list.Length() != 2 {
		t.Fatalf("the unseen list: %q, %d items", p.Text(".agenda-unseen h2"), list.Length())
	}
	if !strings.Contains(list.Eq(0).Text(), a.people[0].FullName()) || !strings.Contains(list.Eq(0).Text(), a.T("agenda_praktijk.unseen_booked")) ||
		!strings.Contains(list.Eq(1).Text(), a.T("agenda_praktijk.status_cancelled")) {
		t.Errorf("the list: %q", list.Text())
	}
	back := list.Eq(0).Find(`input[name=terug]`).AttrOr("value", "")
	seen := c.post("/praktijk/agenda/afspraken/"+first+"/gezien", url.Values{"terug": {back}})
	wantStatus(t, seen, http.StatusSeeOther)
	if p = c.follow(seen); p.Text(".notice") != a.T("agenda_praktijk.notice_seen") || p.Doc.Find(".agenda-unseen li").Length() != 1 {
		t.Errorf("after Gezien: %q, %d left", p.Text(".notice"), p.Doc.Find(".agenda-unseen li").Length())
	}
	if got := badge(); got != "1" {
		t.Errorf("badge %q after Gezien", got)
	}
	wantStatus(t, c.get("/praktijk/agenda/afspraken/"+second), http.StatusOK)
	if got := badge(); got != "" {
		t.Errorf("badge %q after opening the appointment", got)
	}
	if p := c.get("/praktijk/agenda"); p.Doc.Find(".agenda-unseen").Length() != 0 {
		t.Error("the list stays after everything was seen")
	}
}

// An appointment id that names nothing is a 404, on every page of an appointment.
func TestAgendaPraktijkUnknownIDsAre404(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.staffClient("assistant")
	for _, id := range []string{"999999", "abc", "-1", fmt.Sprint(a.people[0].ID * 1000)} {
		for _, path := range []string{"", "/verplaatsen", "/afzeggen"} {
			p := c.get("/praktijk/agenda/afspraken/" + id + path)
			wantStatus(t, p, http.StatusNotFound)
		}
		for _, path := range []string{"/verplaatsen", "/afzeggen", "/niet-verschenen", "/gezien"} {
			wantStatus(t, c.post("/praktijk/agenda/afspraken/"+id+path, url.Values{}), http.StatusNotFound)
		}
	}
	// A patient id that is no patient: no form.
	wantStatus(t, c.get(fmt.Sprintf("/praktijk/patienten/%d/afspraken/nieuw", a.staff["admin"].ID)), http.StatusNotFound)
	// Patients have no way in.
	wantStatus(t, a.patientClient(0).get("/praktijk/agenda"), http.StatusForbidden)
}

// The patient's page has an agenda panel: what is to come (also what the patient does not see yet,
// said so) and the last appointments that are over, with "Afspraak maken".
func TestAgendaPraktijkPatientPanel(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := newAgendaFixture(t, a)
	patient := a.people[2]
	c := a.staffClient("assistant")
	hidden := makeAppointment(t, c, patient.ID, f.form(f.kindDayBefore, "2026-03-20", "18:00"))
	p := c.get(fmt.Sprintf("/praktijk/patienten/%d", patient.ID))
	wantStatus(t, p, http.StatusOK)
	panel := p.Doc.Find(`section[aria-labelledby=agenda-title]`)
	if panel.Find(fmt.Sprintf(`a[href="/praktijk/patienten/%d/afspraken/nieuw"]`, patient.ID)).Length() != 1 {
		t.Error("no 'Afspraak maken' on the patient's page")
	}
	item := panel.Find(`a[href="/praktijk/agenda/afspraken/` + hidden + `"]`).Parent()
	want := a.T("agenda_praktijk.not_visible_until", "When", a.tr["nl"].DayTime(local(t, "2026-03-19 13:00")))
	if !strings.Contains(item.Text(), want) {
		t.Errorf("the unpublished appointment: %q, want %q", item.Text(), want)
	}
	// The demo's history: past appointments, newest first, at most five.
	past := panel.Find("h3").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == a.T("agenda_praktijk.panel_past") })
	if past.Length() != 1 || past.Next().Find("li").Length() == 0 || past.Next().Find("li").Length() > 5 {
		t.Errorf("past appointments: %d headings", past.Length())
	}
}

// "Afspraak maken" in the agenda: find the patient with the patient list's search, then the form with the
// agenda's day and practitioner.
func TestAgendaPraktijkChoosePatient(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	patient := a.people[0]
	c := a.staffClient("practitioner")
	agendaPage := c.get("/praktijk/agenda?dag=2026-03-10")
	link := agendaPage.Doc.Find(`a[href^="/praktijk/agenda/nieuw"]`).AttrOr("href", "")
	if link == "" {
		t.Fatal("no 'Afspraak maken' in the agenda")
	}
	p := c.get(link)
	wantStatus(t, p, http.StatusOK)
	u, _ := url.Parse(link)
	q := u.Query()
	q.Set("q", patient.PatientNumber.String)
	p = c.get("/praktijk/agenda/nieuw?" + q.Encode())
	wantStatus(t, p, http.StatusOK)
	to := p.Doc.Find(".entry-list a").AttrOr("href", "")
	if !strings.HasPrefix(to, fmt.Sprintf("/praktijk/patienten/%d/afspraken/nieuw?", patient.ID)) || !strings.Contains(to, "datum=2026-03-10") {
		t.Fatalf("the found patient leads to %q", to)
	}
	form := c.get(to)
	if form.Doc.Find("#datum").AttrOr("value", "") != "2026-03-10" ||
		form.Doc.Find("#behandelaar option[selected]").AttrOr("value", "") != fmt.Sprint(a.staff["practitioner"].ID) {
		t.Errorf("the form does not carry the agenda's day and practitioner")
	}
}
