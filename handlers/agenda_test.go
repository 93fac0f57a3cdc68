package handlers_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/agenda"
)

// local is a clock time in the practice's zone, as UTC.
func local(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, agenda.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// itemLinks are the appointments a list or week shows, by the address of each one's page.
func itemLinks(p *page) []string {
	var links []string
	p.Doc.Find("a[data-dialog]").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
	return links
}

// The list shows every upcoming appointment the practice has published (not three), booked ones only,
// grouped by day, each with time, duration, kind, practitioners, place with address and instructions;
// the overview links to it.
func TestAgendaListsEveryUpcomingAppointmentByDay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	// Five more in one day next week, one with the administrator taking part, one next year, one cancelled.
	var added []int64
	for i := range 5 {
		added = append(added, a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", minutes: 30,
			start: local(t, fmt.Sprintf("2026-03-10 %02d:00", 7+i*2)), instructions: "Neem een handdoek mee."}))
	}
	team := a.addAppointment(testAppointment{patient: me.ID, kind: "Intakegesprek", minutes: 45, start: local(t, "2026-03-11 07:00"),
		others: []int64{a.staff["admin"].ID}})
	nextYear := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2027-01-05 07:00")})
	cancelled := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-03-12 07:00"), status: "cancelled"})

	c := a.patientClient(0)
	p := c.get("/afspraken")
	wantStatus(t, p, http.StatusOK)
	want := a.ids(`SELECT id FROM appointments WHERE patient_id = ? AND status = 'booked' AND starts_at >= ? AND visible_from <= ?
		ORDER BY starts_at, id`, me.ID, testStart, testStart)
	links := itemLinks(p)
	if len(links) != len(want) || len(want) < 8 {
		t.Fatalf("the list shows %d appointments, want %d: %v", len(links), len(want), links)
	}
	for i, id := range want {
		if links[i] != fmt.Sprintf("/afspraken/%d", id) {
			t.Errorf("appointment %d is %s, want /afspraken/%d (in time order)", i, links[i], id)
		}
	}
	if slices.Contains(links, appointmentPath(cancelled)) {
		t.Error("a cancelled appointment is among the upcoming ones")
	}
	// One heading per day: the five on 10 March under one, the next year's with its year.
	day := p.Doc.Find(".agenda-day").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find(`a[href="`+appointmentPath(added[0])+`"]`).Length() > 0
	})
	if got, want := strings.TrimSpace(day.Find("h2").Text()), a.tr["nl"].DayHeading(local(t, "2026-03-10 07:00")); got != want || want != "dinsdag 10 maart" {
		t.Errorf("day heading %q, want %q", got, want)
	}
	if n := day.Find(".agenda-item").Length(); n != 5 {
		t.Errorf("10 March shows %d appointments, want 5", n)
	}
	item := day.Find(".agenda-item").First()
	for _, w := range []string{"07:00 – 07:30 uur", "Fysiotherapie", a.T("date.minutes", "Count", 30),
		a.T("agenda.with", "Names", a.staff["practitioner"].FullName()), "Oefenzaal", "Neem een handdoek mee."} {
		if !strings.Contains(collapse(item.Text()), w) {
			t.Errorf("the appointment says %q, not %q", collapse(item.Text()), w)
		}
	}
	teamItem := p.Doc.Find(`a[href="` + appointmentPath(team) + `"]`).Closest(".agenda-item")
	both := a.staff["practitioner"].FullName() + ", " + a.staff["admin"].FullName()
	if !strings.Contains(collapse(teamItem.Text()), a.T("agenda.with", "Names", both)) {
		t.Errorf("the appointment with two practitioners says %q, want both (%s)", collapse(teamItem.Text()), both)
	}
	if !strings.Contains(collapse(teamItem.Text()), "Gezondheidscentrum") && teamItem.Find(".meta").Length() < 3 {
		t.Errorf("the place has no address: %q", collapse(teamItem.Text()))
	}
	yearHeading := p.Doc.Find(`a[href="` + appointmentPath(nextYear) + `"]`).Closest(".agenda-day").Find("h2").Text()
	if strings.TrimSpace(yearHeading) != "dinsdag 5 januari 2027" {
		t.Errorf("next year's day is headed %q", yearHeading)
	}
	if a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND patient_id = ? AND object_type = 'agenda' AND action = 'list'`,
		me.ID, me.ID) != "1" {
		t.Error("the list is not in the access log")
	}

	// The overview: its appointments open their page, its tile the list.
	o := c.get("/overzicht")
	if href := o.Doc.Find(".appointment a").First().AttrOr("href", ""); href != links[0] {
		t.Errorf("the overview's first appointment links to %q, want %q", href, links[0])
	}
	if o.Doc.Find(`.tile a[href="/afspraken"]`).Length() != 1 {
		t.Error("the overview's appointments tile does not lead to /afspraken")
	}
	if got := c.get("/afspraken").Doc.Find(`nav a[href="/afspraken"][aria-current=page]`).Length(); got == 0 {
		t.Error("the menu has no current item Afspraken")
	}
}

// A patient without upcoming appointments reads what to do: wait for the practice, or call it.
func TestAgendaEmptyStateHelps(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[2]
	if _, err := a.db.Write.Exec(`DELETE FROM appointments WHERE patient_id = ? AND starts_at >= ?`, me.ID, testStart); err != nil {
		t.Fatal(err)
	}
	p := a.patientClient(2).get("/afspraken")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(".agenda-item").Length() != 0 || p.Text(".agenda-empty p") != a.T("agenda.empty") {
		t.Errorf("empty list: %q", p.Text(".agenda-empty"))
	}
	phone := a.scalar(`SELECT phone FROM clinic_settings`)
	if !strings.Contains(p.Text(".agenda-empty"), strings.ReplaceAll(phone, " ", "\u00a0")) {
		t.Errorf("the empty list does not give the phone number %s: %q", phone, p.Text(".agenda-empty"))
	}
}

// "Eerdere afspraken": newest first, a page at a time by keyset, cancelled and missed ones marked.
func TestAgendaPastAppointmentsArePagedNewestFirst(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	for i := range 30 {
		status := "booked"
		switch i {
		case 3:
			status = "cancelled"
		case 4:
			status = "noshow"
		}
		a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, status: status,
			start: local(t, "2026-02-27 07:00").Add(-time.Duration(i) * 24 * time.Hour)})
	}
	want := a.ids(`SELECT id FROM appointments WHERE patient_id = ? AND starts_at < ? AND visible_from <= ?
		ORDER BY starts_at DESC, id DESC`, me.ID, testStart, testStart)
	c := a.patientClient(0)
	first := c.get("/afspraken/eerder")
	wantStatus(t, first, http.StatusOK)
	if got := first.Text(".agenda [role=status]"); got != a.T("agenda.past.count", "Count", len(want)) {
		t.Errorf("count %q, want %q", got, a.T("agenda.past.count", "Count", len(want)))
	}
	var seen []string
	p := first
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("the pages do not end")
		}
		seen = append(seen, itemLinks(p)...)
		next := p.Doc.Find("a[rel=next]").AttrOr("href", "")
		if next == "" {
			break
		}
		p = c.get(next)
		wantStatus(t, p, http.StatusOK)
	}
	if len(seen) != len(want) {
		t.Fatalf("the pages show %d appointments, want %d", len(seen), len(want))
	}
	for i, id := range want {
		if seen[i] != fmt.Sprintf("/afspraken/%d", id) {
			t.Fatalf("appointment %d is %s, want /afspraken/%d (newest first)", i, seen[i], id)
		}
	}
	// Back from the last page to the first.
	back := c.get(p.Doc.Find("a[rel=prev]").AttrOr("href", ""))
	if got := itemLinks(back); len(got) == 0 || got[0] != seen[len(seen)-len(itemLinks(p))-len(got)] {
		t.Errorf("the page before the last starts with %v", got)
	}
	marks := map[string]string{}
	first.Doc.Find(".agenda-item").Each(func(_ int, s *goquery.Selection) {
		marks[s.Find("a").AttrOr("href", "")] = s.Find(".agenda-mark").Text()
	})
	cancelled := a.scalar(`SELECT id FROM appointments WHERE patient_id = ? AND starts_at = ?`, me.ID, local(t, "2026-02-24 07:00"))
	noshow := a.scalar(`SELECT id FROM appointments WHERE patient_id = ? AND starts_at = ?`, me.ID, local(t, "2026-02-23 07:00"))
	if marks["/afspraken/"+cancelled] != a.T("agenda.status_cancelled") || marks["/afspraken/"+noshow] != a.T("agenda.status_noshow") {
		t.Errorf("marks: cancelled %q, missed %q", marks["/afspraken/"+cancelled], marks["/afspraken/"+noshow])
	}
	// An unreadable cursor shows the first page; one past the end leads there.
	if got := itemLinks(c.get("/afspraken/eerder?na=zzz")); len(got) == 0 || got[0] != seen[0] {
		t.Errorf("an unreadable cursor shows %v first", got)
	}
	oldest := want[len(want)-1]
	if p := c.get(fmt.Sprintf("/afspraken/eerder?na=%s", patientCursor(oldest))); p.StatusCode != http.StatusSeeOther ||
		p.Header.Get("Location") != "/afspraken/eerder" {
		t.Errorf("a cursor past the end: %d to %q", p.StatusCode, p.Header.Get("Location"))
	}
}

// The week is in the address (ISO week); its arrows lead to the weeks around it, "Vandaag" to this week,
// and every day has its column, the appointments of the week under their day (cancelled ones marked).
func TestAgendaWeek(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	wed := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", minutes: 30, start: local(t, "2026-03-04 07:00")})
	sun := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-03-08 23:30"), status: "cancelled"})
	nextMon := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-03-09 00:00")})
	c := a.patientClient(0)

	p := c.get("/afspraken/week")
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/afspraken/week/2026-W10" {
		t.Fatalf("/afspraken/week: %d to %q", p.StatusCode, p.Header.Get("Location"))
	}
	p = c.follow(p)
	wantStatus(t, p, http.StatusOK)
	if a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND patient_id = ? AND object_type = 'agenda' AND action = 'list'`,
		me.ID, me.ID) != "1" {
		t.Error("the week is not in the access log")
	}
	days := p.Doc.Find(".week-day")
	if days.Length() != 7 {
		t.Fatalf("%d days in the week", days.Length())
	}
	if got := p.Text("h1"); !strings.Contains(got, a.T("agenda.week_title", "Week", 10)) || !strings.Contains(got, "2 – 8 maart 2026") {
		t.Errorf("week heading %q", got)
	}
	if days.Eq(0).AttrOr("aria-current", "") != "date" || days.Eq(1).AttrOr("aria-current", "") != "" {
		t.Error("Monday 2 March is not marked as today")
	}
	if days.Eq(2).Find(`a[href="`+appointmentPath(wed)+`"]`).Length() != 1 {
		t.Error("Wednesday's appointment is not under Wednesday")
	}
	if s := days.Eq(6).Find(`a[href="` + appointmentPath(sun) + `"]`).Closest(".week-item"); s.Find(".agenda-mark").Text() != a.T("agenda.status_cancelled") {
		t.Errorf("the cancelled one late on Sunday: %q", collapse(s.Text()))
	}
	if slices.Contains(itemLinks(p), appointmentPath(nextMon)) {
		t.Error("next Monday's midnight appointment is in this week")
	}
	if days.Eq(1).Find(".week-empty").Text() != a.T("agenda.week_day_empty") && days.Eq(1).Find(".week-item").Length() == 0 {
		t.Error("an empty day says nothing")
	}
	for sel, want := range map[string]string{"#week-prev": "/afspraken/week/2026-W09", "#week-next": "/afspraken/week/2026-W11",
		"#week-today": "/afspraken/week/2026-W10"} {
		if got := p.Doc.Find(sel).AttrOr("href", ""); got != want {
			t.Errorf("%s leads to %q, want %q", sel, got, want)
		}
	}
	if !slices.Contains(itemLinks(c.get("/afspraken/week/2026-W11")), appointmentPath(nextMon)) {
		t.Error("next week does not show its Monday's appointment")
	}
	// Around the turn of the year (2026 has 53 weeks) and across summer time (29 March).
	if got := c.get("/afspraken/week/2026-W01").Doc.Find("#week-prev").AttrOr("href", ""); got != "/afspraken/week/2025-W52" {
		t.Errorf("before 2026-W01: %q", got)
	}
	w53 := c.get("/afspraken/week/2026-W53")
	wantStatus(t, w53, http.StatusOK)
	if got := w53.Doc.Find("#week-next").AttrOr("href", ""); got != "/afspraken/week/2027-W01" {
		t.Errorf("after 2026-W53: %q", got)
	}
	dst := c.get("/afspraken/week/2026-W13")
	if got := dst.Doc.Find(".week-day h2").Last().Text(); got != "zondag 29 maart" {
		t.Errorf("the last day of the week summer time starts is %q", got)
	}
	for _, bad := range []string{"2026-W54", "2027-W53", "2026-W00", "2026-w10", "volgende", "2026-W10/extra", "2026-W1"} {
		if p := c.get("/afspraken/week/" + bad); p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title") {
			t.Errorf("week %q: status %d, h1 %q", bad, p.StatusCode, p.Text("main h1"))
		}
	}
}

// An appointment's page says who, when, where and what to bring; it offers the calendar file while the
// appointment is to come, and "Afzeggen" while the practice allows (agenda.CanCancel), else the
// practice's phone number. Another patient's or an unpublished appointment is a 404, logged as denied.
func TestAppointmentPage(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	nextWeek := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", minutes: 30, start: local(t, "2026-03-09 07:00"),
		instructions: "Neem een handdoek mee.", others: []int64{a.staff["admin"].ID}})
	tomorrow := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-03-03 07:00")})
	exactly24 := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: testStart.Add(24 * time.Hour)})
	intake := a.addAppointment(testAppointment{patient: me.ID, kind: "Intakegesprek", minutes: 45, start: local(t, "2026-03-16 07:00")}) // not cancellable
	past := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-02-20 07:00")})
	cancelled := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-03-17 07:00"), status: "cancelled"})
	hidden := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", minutes: 30, start: local(t, "2026-03-18 07:00"),
		visibleFrom: local(t, "2026-03-17 13:00")})
	others := a.addAppointment(testAppointment{patient: other.ID, kind: "Consult huisarts", minutes: 15, start: local(t, "2026-03-19 07:00")})
	c := a.patientClient(0)
	phone := strings.ReplaceAll(a.scalar(`SELECT phone FROM clinic_settings`), " ", "\u00a0")

	p := c.get(appointmentPath(nextWeek))
	wantStatus(t, p, http.StatusOK)
	if p.Text("h1") != "Fysiotherapie" {
		t.Errorf("title %q", p.Text("h1"))
	}
	facts := collapse(p.Doc.Find(".details").Text())
	for _, w := range []string{"maandag 9 maart", "07:00 – 07:30 uur", a.T("date.minutes", "Count", 30),
		a.staff["practitioner"].FullName() + ", " + a.staff["admin"].FullName(), "Oefenzaal", "Neem een handdoek mee."} {
		if !strings.Contains(facts, w) {
			t.Errorf("the page says %q, not %q", facts, w)
		}
	}
	if a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND object_type = 'appointment' AND object_id = ? AND action = 'read' AND outcome = 'ok'`,
		me.ID, nextWeek) != "1" {
		t.Error("reading the appointment is not in the access log")
	}
	actions := func(p *page) (ics, cancel bool, call string) {
		return p.Doc.Find(`a[href$="/afspraak.ics"]`).Length() == 1, p.Doc.Find(`a[href$="/afzeggen"]`).Length() == 1, p.Text(".agenda-call")
	}
	callLine := a.T("agenda.call_to_cancel", "Phone", phone)
	for _, tc := range []struct {
		name        string
		id          int64
		ics, cancel bool
		call        string
	}{
		{"next week", nextWeek, true, true, ""},
		{"exactly 24 hours before", exactly24, true, true, ""},
		{"tomorrow, within 24 hours", tomorrow, true, false, callLine},
		{"a kind the patient may not cancel", intake, true, false, callLine},
		{"over", past, false, false, ""},
		{"cancelled", cancelled, false, false, ""},
	} {
		p := c.get(appointmentPath(tc.id))
		wantStatus(t, p, http.StatusOK)
		ics, cancel, call := actions(p)
		if ics != tc.ics || cancel != tc.cancel || call != tc.call {
			t.Errorf("%s: calendar %v, cancel %v, call %q; want %v, %v, %q", tc.name, ics, cancel, call, tc.ics, tc.cancel, tc.call)
		}
		if cancel && p.Doc.Find(`a[href="`+appointmentPath(tc.id)+`/afzeggen"]`).Text() != a.T("agenda.cancel") {
			t.Errorf("%s: the cancel link is not %q", tc.name, a.T("agenda.cancel"))
		}
	}
	if got := c.get(appointmentPath(cancelled)).Text(".agenda-mark"); got != a.T("agenda.status_cancelled") {
		t.Errorf("a cancelled appointment is marked %q", got)
	}
	for name, path := range map[string]string{"another patient's": appointmentPath(others), "not yet published": appointmentPath(hidden),
		"no number": "/afspraken/volgende"} {
		p := c.get(path)
		if p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title") {
			t.Errorf("%s appointment: status %d, h1 %q", name, p.StatusCode, p.Text("main h1"))
		}
	}
	if a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND object_type = 'appointment' AND object_id IN (?, ?) AND outcome = 'denied'`,
		me.ID, others, hidden) != "2" {
		t.Error("the refusals are not logged as denied")
	}
	// With htmx (the dialog), the page's content only.
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+appointmentPath(nextWeek), nil)
	req.Header.Set("HX-Request", "true")
	frag := c.do(req)
	wantStatus(t, frag, http.StatusOK)
	if frag.Doc.Find("nav, footer").Length() != 0 || frag.Text("h1#appointment-title") != "Fysiotherapie" {
		t.Errorf("the fragment for the dialog: %q", frag.Body[:min(len(frag.Body), 300)])
	}
}

// Released or not at all: an appointment the practice publishes "the afternoon before" (13:00) is
// nowhere at 12:59 — list, week, page, the overview's list and count — and everywhere at 13:00.
func TestAgendaShowsAnAppointmentFromTheAfternoonBefore(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	start := local(t, "2026-03-03 07:00") // Tuesday, before anything else of the day
	visible, err := agenda.VisibleFrom(agenda.Rule{Publish: agenda.PublishDayBefore, Time: "13:00"}, start, testStart.Add(-7*24*time.Hour))
	if err != nil || !visible.Equal(local(t, "2026-03-02 13:00")) {
		t.Fatalf("visible from %v (%v)", visible, err)
	}
	id := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", minutes: 30, start: start, visibleFrom: visible})
	link := appointmentPath(id)

	a.fixed.Set(local(t, "2026-03-02 12:59"))
	c := a.patientClient(0) // signed in now: the session lives on the moved clock
	countAt := func(now time.Time) string {
		return a.scalar(`SELECT count(*) FROM appointments WHERE patient_id = ? AND status = 'booked' AND starts_at >= ? AND visible_from <= ?`,
			me.ID, now, now)
	}
	check := func(shown bool) {
		t.Helper()
		now := a.clock.Now()
		where := map[string]bool{
			"list": slices.Contains(itemLinks(c.get("/afspraken")), link),
			"week": slices.Contains(itemLinks(c.get("/afspraken/week/2026-W10")), link),
		}
		where["page"] = c.get(link).StatusCode == http.StatusOK
		o := c.get("/overzicht")
		where["overview"] = o.Doc.Find(`.appointment a[href="`+link+`"]`).Length() == 1
		for place, there := range where {
			if there != shown {
				t.Errorf("at %s the appointment is in the %s: %v, want %v", now.In(agenda.Zone).Format("15:04"), place, there, shown)
			}
		}
		if got, want := o.Doc.Find(".tile-number").First().Text(), countAt(now); got != want {
			t.Errorf("at %s the overview counts %s upcoming, want %s", now.In(agenda.Zone).Format("15:04"), got, want)
		}
	}
	check(false)
	before := countAt(a.clock.Now())
	a.fixed.Set(local(t, "2026-03-02 13:00"))
	check(true)
	if after := countAt(a.clock.Now()); after == before {
		t.Errorf("the count did not change at 13:00 (%s)", after)
	}
}

// Released or not at all, also after a cancellation: an appointment the practice cancelled before it
// was published never existed for the patient, not even once its publication moment has passed (week,
// page, calendar file, cancel page, earlier appointments). One cancelled after the patient saw it
// stays in the week and the history, marked as cancelled.
func TestAgendaNeverShowsAnAppointmentCancelledBeforeItWasPublished(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	start := local(t, "2026-03-04 07:00") // Wednesday
	visible := local(t, "2026-03-03 13:00")
	never := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", start: start, visibleFrom: visible,
		status: "cancelled", cancelledAt: testStart})
	seen := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", start: start.Add(time.Hour), visibleFrom: visible,
		status: "cancelled", cancelledAt: visible.Add(time.Minute)})

	a.fixed.Set(local(t, "2026-03-04 12:00")) // both published and begun
	c := a.patientClient(0)
	week := itemLinks(c.get("/afspraken/week/2026-W10"))
	past := itemLinks(c.get("/afspraken/eerder"))
	if slices.Contains(week, appointmentPath(never)) || slices.Contains(past, appointmentPath(never)) {
		t.Errorf("cancelled before its publication, the appointment shows: week %v, earlier %v", week, past)
	}
	if !slices.Contains(week, appointmentPath(seen)) || !slices.Contains(past, appointmentPath(seen)) {
		t.Errorf("cancelled after the patient saw it, the appointment is gone: week %v, earlier %v", week, past)
	}
	for _, path := range []string{appointmentPath(never), appointmentPath(never) + "/afspraak.ics", cancelPath(never)} {
		wantStatus(t, c.get(path), http.StatusNotFound)
	}
	wantStatus(t, c.get(appointmentPath(seen)), http.StatusOK)
}
