package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"balie/internal/agenda"
)

// parseCalendar reads a calendar file back with the library, as a calendar app would.
func parseCalendar(t *testing.T, p *page) *ics.Calendar {
	t.Helper()
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("%s: Content-Type %q", p.Request.URL.Path, ct)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(p.Body))
	if err != nil {
		t.Fatalf("%s: %v\n%s", p.Request.URL.Path, err, p.Body)
	}
	return cal
}

// eventIDs are the appointment ids of a calendar's events (their stable UIDs), with their status.
func eventIDs(t *testing.T, cal *ics.Calendar) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, e := range cal.Events() {
		id, _, _ := strings.Cut(strings.TrimPrefix(e.Id(), "appointment-"), "@")
		got[id] = e.GetProperty(ics.ComponentPropertyStatus).Value
	}
	return got
}

// TestAppointmentCalendarFile: "Zet in mijn agenda" is one event in a file to save, at Amsterdam's
// clock time, titled without medical detail.
func TestAppointmentCalendarFile(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	// After the clocks go forward (29 March 2026): 10:00 in Amsterdam is 08:00 UTC.
	start := time.Date(2026, 3, 31, 8, 0, 0, 0, time.UTC)
	id := a.addAppointment(testAppointment{patient: me.ID, start: start, minutes: 30})
	p := c.get(fmt.Sprintf("/afspraken/%d/afspraak.ics", id))
	wantStatus(t, p, http.StatusOK)
	if cd := p.Header.Get("Content-Disposition"); cd != `attachment; filename="afspraak.ics"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	cal := parseCalendar(t, p)
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	begin, err := e.GetStartAt()
	if err != nil || !begin.Equal(start) || begin.In(agenda.Zone).Hour() != 10 {
		t.Errorf("starts %v (%v), want 10:00 in Amsterdam", begin, err)
	}
	end, _ := e.GetEndAt()
	if !end.Equal(start.Add(30 * time.Minute)) {
		t.Errorf("ends %v", end)
	}
	clinic, _ := a.db.R.GetClinic(context.Background())
	if got, want := e.GetProperty(ics.ComponentPropertySummary).Value, a.T("agenda_calendar.event_title", "Clinic", clinic.Name); got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if strings.Contains(p.Body, "Bloedprikken") || strings.Contains(p.Body, "Nuchter") {
		t.Errorf("the file tells what the appointment is:\n%s", p.Body)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND object_id = ? AND action = 'read' AND actor_id = ?`, id, me.ID); n != "1" {
		t.Errorf("%s reads logged", n)
	}
}

// feedAddress makes (or renews) the patient's subscription address on the settings page and returns
// the path of the address the page shows once.
func feedAddress(t *testing.T, c *client) string {
	t.Helper()
	p := c.post("/afspraken/instellingen/agenda", nil)
	wantStatus(t, p, http.StatusOK)
	shown := p.Text("textarea#adres")
	u, err := url.Parse(shown)
	if err != nil || !strings.HasPrefix(u.Path, "/agenda/") || len(u.Path) < len("/agenda/")+40 {
		t.Fatalf("the page shows no address: %q\n%s", shown, p.Text("main"))
	}
	return u.Path
}

// TestCalendarFeed: the private address lists the patient's published appointments (a cancelled one as
// cancelled), nothing of anyone else's and nothing unpublished; it is shown once, a read is logged with
// the patient as actor, and a renewed or revoked address is a 404.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	c := a.patientClient(0)
	now := a.clock.Now()
	booked := a.addAppointment(testAppointment{patient: me.ID, start: now.AddDate(0, 0, 3)})
	cancelled := a.addAppointment(testAppointment{patient: me.ID, start: now.AddDate(0, 0, 4)})
	wantStatus(t, c.post(cancelPath(cancelled), nil), http.StatusSeeOther)
	hidden := a.addAppointment(testAppointment{patient: me.ID, start: now.AddDate(0, 0, 9), visibleFrom: now.AddDate(0, 0, 8)})
	others := a.addAppointment(testAppointment{patient: other.ID, start: now.AddDate(0, 0, 5)})

	settings := c.get("/afspraken/instellingen")
	wantStatus(t, settings, http.StatusOK)
	if settings.Text("main h1") != a.T("agenda_calendar.title") || !strings.Contains(settings.Text("main"), a.T("agenda_calendar.feed_none")) {
		t.Fatalf("settings page:\n%s", settings.Text("main"))
	}
	path := feedAddress(t, c)
	if hash := a.scalar(`SELECT hex(token_hash) FROM calendar_feeds WHERE user_id = ?`, me.ID); strings.Contains(strings.ToLower(path), strings.ToLower(hash)) || hash == "" {
		t.Error("the secret is stored as it is, or not at all")
	}
	// Shown once: the page does not show it again.
	again := c.get("/afspraken/instellingen")
	if strings.Contains(again.Body, path) || !strings.Contains(again.Text("main"), a.T("agenda_calendar.feed_never_read")) {
		t.Errorf("the settings page shows the address again, or no address:\n%s", again.Text("main"))
	}

	calendarApp := a.newClient() // no session: a calendar app on the patient's phone
	p := calendarApp.get(path)
	wantStatus(t, p, http.StatusOK)
	cal := parseCalendar(t, p)
	got := eventIDs(t, cal)
	want := map[string]string{fmt.Sprint(booked): "CONFIRMED", fmt.Sprint(cancelled): "CANCELLED"}
	for id, status := range want {
		if got[id] != status {
			t.Errorf("appointment %s: %q in the feed, want %s", id, got[id], status)
		}
	}
	for _, id := range []int64{hidden, others} {
		if _, ok := got[fmt.Sprint(id)]; ok {
			t.Errorf("appointment %d (unpublished or another patient's) is in the feed", id)
		}
	}
	clinic, _ := a.db.R.GetClinic(context.Background())
	for _, e := range cal.Events() {
		if s := e.GetProperty(ics.ComponentPropertySummary).Value; s != a.T("agenda_calendar.event_title", "Clinic", clinic.Name) {
			t.Errorf("event titled %q", s)
		}
		if e.Id() == fmt.Sprintf("appointment-%d@localhost", cancelled) && e.GetProperty(ics.ComponentPropertySequence).Value != "1" {
			t.Error("the cancelled event's SEQUENCE is not raised")
		}
	}
	if strings.Contains(p.Body, "Bloedprikken") || strings.Contains(p.Body, "Nuchter") {
		t.Errorf("the feed tells what appointments are:\n%s", p.Body)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'calendar_feed' AND action = 'list' AND actor_id = ? AND patient_id = ? AND actor_role = 'patient'`, me.ID, me.ID); n != "1" {
		t.Errorf("%s feed reads logged", n)
	}
	if p.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("Referrer-Policy %q", p.Header.Get("Referrer-Policy"))
	}
	// Published later: there once it is published (the patient signs in again after the days pass).
	a.fixed.Set(now.AddDate(0, 0, 8))
	if _, ok := eventIDs(t, parseCalendar(t, calendarApp.get(path)))[fmt.Sprint(hidden)]; !ok {
		t.Error("a published appointment is not in the feed")
	}
	c = a.patientClient(0)
	if !strings.Contains(c.get("/afspraken/instellingen").Text("main"), a.T("agenda_calendar.feed_last_read", "When", a.tr["nl"].DayTime(a.clock.Now()))) {
		t.Error("the settings page does not say when the calendar last read the address")
	}

	// Renewed: the old address is gone, the new one works.
	renewed := feedAddress(t, c)
	wantStatus(t, calendarApp.get(path), http.StatusNotFound)
	wantStatus(t, calendarApp.get(renewed), http.StatusOK)
	// Revoked: gone too.
	p = c.post("/afspraken/instellingen/agenda/intrekken", nil)
	wantStatus(t, p, http.StatusSeeOther)
	if !strings.Contains(c.follow(p).Text(".notice"), a.T("agenda_calendar.notice_revoked")) {
		t.Error("no notice after revoking")
	}
	wantStatus(t, calendarApp.get(renewed), http.StatusNotFound)
	wantStatus(t, calendarApp.get("/agenda/niet-bestaand"), http.StatusNotFound)
}

// TestReminderChannelSetting: the patient chooses how reminders reach them; SMS needs a mobile number.
func TestReminderChannelSetting(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	p := c.get("/afspraken/instellingen")
	if got := p.Doc.Find("input[name=herinnering]:checked").AttrOr("value", ""); got != "email" {
		t.Errorf("the practice's default (email) is not chosen: %q", got)
	}
	p = c.post("/afspraken/instellingen", url.Values{"herinnering": {"both"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := a.scalar(`SELECT reminder_channel FROM users WHERE id = ?`, me.ID); got != "both" {
		t.Errorf("stored %q", got)
	}
	if got := c.follow(p).Doc.Find("input[name=herinnering]:checked").AttrOr("value", ""); got != "both" {
		t.Errorf("shown %q after saving", got)
	}
	p = c.post("/afspraken/instellingen", url.Values{"herinnering": {"fax"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#herinnering-group .field-error") != a.T("agenda_calendar.channel_required") {
		t.Errorf("error %q", p.Problem("#herinnering-group .field-error"))
	}
	// Without a mobile number, no SMS: the choice is kept, and said why.
	if _, err := a.db.Write.Exec(`UPDATE users SET mobile = '' WHERE id = ?`, me.ID); err != nil {
		t.Fatal(err)
	}
	p = c.post("/afspraken/instellingen", url.Values{"herinnering": {"sms"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#herinnering-group .field-error") != a.T("agenda_calendar.no_mobile") || p.Doc.Find("input[name=herinnering][value=sms]:checked").Length() != 1 {
		t.Errorf("error %q", p.Problem("#herinnering-group .field-error"))
	}
	if got := a.scalar(`SELECT reminder_channel FROM users WHERE id = ?`, me.ID); got != "both" {
		t.Errorf("stored %q after a refused choice", got)
	}
}
