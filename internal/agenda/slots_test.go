package agenda

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// local is a local (Amsterdam) clock time written "2006-01-02 15:04".
func local(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// weekdays are hours from 08:00 to 12:00 on Monday to Saturday, for every kind.
var weekdays = func() []WeeklyHours {
	var h []WeeklyHours
	for d := 1; d <= 6; d++ {
		h = append(h, WeeklyHours{Weekday: d, Starts: "08:00", Ends: "12:00"})
	}
	return h
}()

// times lists the local start times of slots, "2006-01-02 15:04".
func times(slots []Slot) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.Start.In(Zone).Format("2006-01-02 15:04")
	}
	return out
}

// dayTimes are the slots' local clock times on one local date.
func dayTimes(slots []Slot, day string) []string {
	var out []string
	for _, s := range slots {
		if l := s.Start.In(Zone); l.Format(time.DateOnly) == day {
			out = append(out, l.Format("15:04"))
		}
	}
	return out
}

// free asks for the slots of a 60-minute kind 1 between two local dates (from the first's midnight to
// the second's), with the given schedules and closures.
func free(t *testing.T, from, to string, holidays bool, closed map[string]bool, schedules ...Schedule) []Slot {
	t.Helper()
	slots, err := FreeTimes(Request{Kind: 1, Minutes: 60, From: local(t, from+" 00:00"), To: local(t, to+" 00:00"),
		ClosedDays: closed, Holidays: holidays, Schedules: schedules})
	if err != nil {
		t.Fatal(err)
	}
	return slots
}

func TestFreeTimesStepThroughTheHoursOfEachDay(t *testing.T) {
	t.Parallel()
	// Monday 2 March 2026 and Tuesday 3 March.
	got := times(free(t, "2026-03-02", "2026-03-04", true, nil, Schedule{Practitioner: 7, Hours: weekdays}))
	want := []string{"2026-03-02 08:00", "2026-03-02 09:00", "2026-03-02 10:00", "2026-03-02 11:00",
		"2026-03-03 08:00", "2026-03-03 09:00", "2026-03-03 10:00", "2026-03-03 11:00"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("free times %v, want %v", got, want)
	}
}

func TestFreeTimesClosedOnPublicHolidays(t *testing.T) {
	t.Parallel()
	sc := Schedule{Practitioner: 7, Hours: weekdays}
	for _, tc := range []struct{ name, day string }{
		{"Koningsdag 2026 (a Monday)", "2026-04-27"},
		{"Koningsdag 2027 (a Tuesday)", "2027-04-27"},
		{"Hemelvaartsdag 2026", "2026-05-14"},
		{"Tweede Pinksterdag 2026", "2026-05-25"},
		{"Koningsdag 2025 on Saturday the 26th (the 27th is a Sunday)", "2025-04-26"},
	} {
		d := local(t, tc.day+" 00:00")
		next := d.AddDate(0, 0, 1).Format(time.DateOnly)
		if got := free(t, tc.day, next, true, nil, sc); len(got) != 0 {
			t.Errorf("%s: free times %v on a public holiday", tc.name, times(got))
		}
		if got := free(t, tc.day, next, false, nil, sc); len(got) != 4 {
			t.Errorf("%s: a practice open on holidays has %d free times, want 4", tc.name, len(got))
		}
	}
	// The days around them are working days; Good Friday is one (the law does not count it).
	for _, day := range []string{"2026-04-28", "2027-04-26", "2026-05-13", "2026-05-15", "2026-04-03"} {
		next := local(t, day+" 00:00").AddDate(0, 0, 1).Format(time.DateOnly)
		if got := free(t, day, next, true, nil, sc); len(got) != 4 {
			t.Errorf("%s: %d free times, want 4", day, len(got))
		}
	}
}

// Both changes of daylight-saving time: the hours are the practice's clock times on either side, and a
// night with hours across the change has each real hour once.
func TestFreeTimesAcrossDaylightSavingChanges(t *testing.T) {
	t.Parallel()
	sc := Schedule{Practitioner: 7, Hours: append(weekdays, WeeklyHours{Weekday: 7, Starts: "01:00", Ends: "04:00"})}
	utc := func(slots []Slot, day string) []string {
		var out []string
		for _, s := range slots {
			if s.Start.In(Zone).Format(time.DateOnly) == day {
				out = append(out, s.Start.UTC().Format("15:04"))
			}
		}
		return out
	}
	// Summer time starts in the night of Sunday 29 March 2026 (02:00 becomes 03:00).
	spring := free(t, "2026-03-27", "2026-03-31", false, nil, sc)
	for day, want := range map[string]string{
		"2026-03-27": "[08:00 09:00 10:00 11:00]", "2026-03-30": "[08:00 09:00 10:00 11:00]",
		"2026-03-29": "[01:00 03:00]", // 01:00–02:00 and 03:00–04:00: two real hours
	} {
		if got := fmt.Sprint(dayTimes(spring, day)); got != want {
			t.Errorf("%s: local times %s, want %s", day, got, want)
		}
	}
	if got := fmt.Sprint(utc(spring, "2026-03-27")); got != "[07:00 08:00 09:00 10:00]" {
		t.Errorf("Friday before summer time: UTC %s", got)
	}
	if got := fmt.Sprint(utc(spring, "2026-03-30")); got != "[06:00 07:00 08:00 09:00]" {
		t.Errorf("Monday in summer time: UTC %s", got)
	}
	// Winter time starts in the night of Sunday 25 October 2026 (03:00 becomes 02:00 again).
	autumn := free(t, "2026-10-23", "2026-10-27", false, nil, sc)
	if got := fmt.Sprint(utc(autumn, "2026-10-23")); got != "[06:00 07:00 08:00 09:00]" {
		t.Errorf("Friday in summer time: UTC %s", got)
	}
	if got := fmt.Sprint(utc(autumn, "2026-10-26")); got != "[07:00 08:00 09:00 10:00]" {
		t.Errorf("Monday in winter time: UTC %s", got)
	}
	// 01:00 summer time to 04:00 winter time is four real hours; 02:00 comes twice, an hour apart.
	if got := fmt.Sprint(utc(autumn, "2026-10-25")); got != "[23:00 00:00 01:00 02:00]" {
		t.Errorf("the night of the change: UTC %s", got)
	}
}

func TestFreeTimesLeaveOutAbsenceClosureAndBookedTime(t *testing.T) {
	t.Parallel()
	sc := Schedule{Practitioner: 7, Hours: weekdays,
		Exceptions: []Exception{
			{Span: Span{local(t, "2026-03-02 09:30"), local(t, "2026-03-02 10:00")}, Absent: true}, // a half hour away
			{Span: Span{local(t, "2026-03-02 13:00"), local(t, "2026-03-02 15:00")}},               // extra hours
			{Span: Span{local(t, "2026-03-02 16:00"), local(t, "2026-03-02 17:00")}, Kind: 2},      // for another kind
			{Span: Span{local(t, "2026-03-05 00:00"), local(t, "2026-03-07 00:00")}, Absent: true}, // Thursday and Friday off
		},
		Busy: []Span{{local(t, "2026-03-03 10:15"), local(t, "2026-03-03 10:30")}},
	}
	got := free(t, "2026-03-02", "2026-03-07", false, map[string]bool{"2026-03-04": true}, sc)
	for day, want := range map[string]string{
		"2026-03-02": "[08:00 10:00 11:00 13:00 14:00]", // not 09:00 (absent at 09:30), extra hours after noon
		"2026-03-03": "[08:00 09:00 11:00]",             // 10:00 is partly booked
		"2026-03-04": "[]",                              // closure day
		"2026-03-05": "[]", "2026-03-06": "[]",          // absent
	} {
		if s := fmt.Sprint(dayTimes(got, day)); s != want {
			t.Errorf("%s: free times %s, want %s", day, s, want)
		}
	}
}

func TestFreeTimesGoToTheFirstPractitionerFree(t *testing.T) {
	t.Parallel()
	own := Schedule{Practitioner: 7, Hours: []WeeklyHours{{Weekday: 1, Starts: "08:00", Ends: "10:00"}},
		Busy: []Span{{local(t, "2026-03-02 08:00"), local(t, "2026-03-02 09:00")}}}
	other := Schedule{Practitioner: 8, Hours: []WeeklyHours{{Weekday: 1, Starts: "08:00", Ends: "11:00", Kind: 1},
		{Weekday: 1, Starts: "11:00", Ends: "12:00", Kind: 2}}}
	var got []string
	for _, s := range free(t, "2026-03-02", "2026-03-03", false, nil, own, other) {
		got = append(got, fmt.Sprintf("%s:%d", s.Start.In(Zone).Format("15:04"), s.Practitioner))
	}
	if want := "[08:00:8 09:00:7 10:00:8]"; fmt.Sprint(got) != want {
		t.Errorf("free times %v, want %s", got, want)
	}
}

func TestWindowKeepsNoticeAndHorizon(t *testing.T) {
	t.Parallel()
	now := local(t, "2026-03-02 09:30") // Monday
	from, to := Window(now, 120, 2)
	if want := local(t, "2026-03-02 11:30"); !from.Equal(want) {
		t.Errorf("window from %v, want %v", from, want)
	}
	if want := local(t, "2026-03-17 00:00"); !to.Equal(want) {
		t.Errorf("window to %v, want %v (the end of Monday two weeks on)", to, want)
	}
	slots, err := FreeTimes(Request{Kind: 1, Minutes: 60, From: from, To: to, Schedules: []Schedule{{Practitioner: 7, Hours: weekdays}}})
	if err != nil {
		t.Fatal(err)
	}
	got := times(slots)
	if got[0] != "2026-03-03 08:00" {
		t.Errorf("first free time %s: today's last hour (11:00) starts within the notice of two hours", got[0])
	}
	if last := got[len(got)-1]; last != "2026-03-16 11:00" {
		t.Errorf("last free time %s, want the last hour of the horizon's last day", last)
	}
}

// BenchmarkFreeTimes: a practitioner with 8 weeks of hours (Monday to Friday, 08:00–12:00 and
// 13:00–17:00) and 500 booked appointments, a kind of 15 minutes.
func BenchmarkFreeTimes(b *testing.B) {
	now := local(b, "2026-03-02 07:00")
	from, to := Window(now, 120, 8)
	var hours []WeeklyHours
	for d := 1; d <= 5; d++ {
		hours = append(hours, WeeklyHours{Weekday: d, Starts: "08:00", Ends: "12:00"}, WeeklyHours{Weekday: d, Starts: "13:00", Ends: "17:00"})
	}
	r := rand.New(rand.NewPCG(1, 2))
	busy := make([]Span, 0, 500)
	for len(busy) < 500 {
		d := now.AddDate(0, 0, r.IntN(56))
		s := time.Date(d.Year(), d.Month(), d.Day(), 8+r.IntN(9), 15*r.IntN(4), 0, 0, Zone)
		busy = append(busy, Span{s, s.Add(15 * time.Minute)})
	}
	req := Request{Kind: 1, Minutes: 15, From: from, To: to, Holidays: true,
		Schedules: []Schedule{{Practitioner: 7, Hours: hours, Busy: busy}}}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		slots, err := FreeTimes(req)
		if err != nil {
			b.Fatal(err)
		}
		n = len(slots)
	}
	if n == 0 || n > 8*5*32 {
		b.Fatalf("%d free times", n)
	}
}
