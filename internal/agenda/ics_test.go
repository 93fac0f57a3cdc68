package agenda

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// TestAmsterdamRules holds the VTIMEZONE's rules (the last Sundays of March and October, at 01:00 UTC)
// against Go's zone database, for the years a calendar will show.
func TestAmsterdamRules(t *testing.T) {
	t.Parallel()
	lastSunday := func(year int, month time.Month) time.Time {
		d := time.Date(year, month+1, 0, 1, 0, 0, 0, time.UTC) // the month's last day, 01:00 UTC
		return d.AddDate(0, 0, -int(d.Weekday()))
	}
	offset := func(at time.Time) int { _, o := at.In(Zone).Zone(); return o / 3600 }
	for year := 2026; year <= 2040; year++ {
		for _, change := range []struct {
			month         time.Month
			before, after int
		}{{time.March, 1, 2}, {time.October, 2, 1}} {
			at := lastSunday(year, change.month)
			if offset(at.Add(-time.Second)) != change.before || offset(at) != change.after {
				t.Errorf("%d-%02d: the zone database changes the clock on another moment than %v", year, change.month, at)
			}
		}
	}
}

// TestWriteCalendar writes a file and reads it back with the library: local times in Amsterdam on
// both sides of a clock change, stable UIDs, the cancelled one marked, and the shared title.
func TestWriteCalendar(t *testing.T) {
	t.Parallel()
	local := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	events := []Event{
		{ID: 7, Start: local("2026-03-27 10:00"), End: local("2026-03-27 10:15"), Created: local("2026-03-01 09:00")},
		{ID: 8, Start: local("2026-03-30 10:00"), End: local("2026-03-30 10:30"), Created: local("2026-03-01 09:00"), Cancelled: true},
	}
	var b strings.Builder
	info := CalendarInfo{Name: "Afspraken", Title: "Afspraak bij De Linde", Location: "Lindelaan 1, Utrecht", UIDHost: "portaal.example",
		Link: func(id int64) string { return "https://portaal.example/afspraken/" + strconv.FormatInt(id, 10) }}
	if err := WriteCalendar(&b, info, events, local("2026-03-02 09:30")); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	got := cal.Events()
	if len(got) != 2 || len(cal.Timezones()) != 1 {
		t.Fatalf("%d events, %d time zones:\n%s", len(got), len(cal.Timezones()), b.String())
	}
	for i, e := range got {
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(events[i].Start) || start.In(Zone).Hour() != 10 {
			t.Errorf("event %d starts %v (%v), want %v", i, start, err, events[i].Start)
		}
		if e.Id() != fmt.Sprintf("appointment-%d@portaal.example", events[i].ID) {
			t.Errorf("event %d has UID %q", i, e.Id())
		}
		if s := e.GetProperty(ics.ComponentPropertySummary).Value; s != info.Title {
			t.Errorf("event %d is titled %q", i, s)
		}
	}
	if s := got[1].GetProperty(ics.ComponentPropertyStatus).Value; s != "CANCELLED" {
		t.Errorf("the cancelled one has status %q", s)
	}
	if !strings.Contains(b.String(), "DTSTART;TZID=Europe/Amsterdam:20260330T100000") {
		t.Errorf("no local start time in Amsterdam:\n%s", b.String())
	}
}
