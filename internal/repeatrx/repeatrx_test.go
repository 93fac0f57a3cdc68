package repeatrx

import (
	"testing"
	"time"

	"balie/internal/agenda"
)

// The ready date as the GP practice's manual states it, around weekends and the Dutch public holidays of
// 2026 and 2027 (checked against a calendar).
func TestReadyOn(t *testing.T) {
	t.Parallel()
	at := func(y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, agenda.Zone)
	}
	for _, tc := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"a Tuesday morning", at(2026, 1, 6, 9, 0), "2026-01-07"},
		{"Friday 11:59", at(2026, 1, 9, 11, 59), "2026-01-12"},
		{"Friday 12:00", at(2026, 1, 9, 12, 0), "2026-01-13"},
		{"Saturday morning", at(2026, 1, 10, 9, 0), "2026-01-13"},
		{"Sunday evening", at(2026, 1, 11, 22, 0), "2026-01-13"},
		{"just after midnight on Monday", at(2026, 1, 12, 0, 5), "2026-01-13"},
		// Koningsdag: Tuesday 27 April 2027 (in 2026 it is a Monday).
		{"the day before Koningsdag, morning", at(2027, 4, 26, 10, 0), "2027-04-28"},
		{"the day before Koningsdag, afternoon", at(2027, 4, 26, 14, 0), "2027-04-29"},
		{"Friday before Koningsdag 2026 (Monday 27 April), morning", at(2026, 4, 24, 10, 0), "2026-04-28"},
		// Christmas 2026: Friday 25 and Saturday 26 December.
		{"Christmas Eve, morning", at(2026, 12, 24, 11, 0), "2026-12-28"},
		{"Christmas Eve, afternoon", at(2026, 12, 24, 12, 30), "2026-12-29"},
		// Easter Monday: 6 April 2026 (Good Friday, 3 April, is a working day).
		{"Good Friday, morning", at(2026, 4, 3, 8, 0), "2026-04-07"},
		{"Good Friday, afternoon", at(2026, 4, 3, 16, 0), "2026-04-08"},
		{"Easter Monday itself", at(2026, 4, 6, 9, 0), "2026-04-08"},
		// Hemelvaartsdag: Thursday 14 May 2026 and Thursday 6 May 2027.
		{"the day before Hemelvaartsdag, morning", at(2026, 5, 13, 11, 0), "2026-05-15"},
		{"the day before Hemelvaartsdag, afternoon", at(2026, 5, 13, 12, 0), "2026-05-18"},
		// In 2027 the day before is Bevrijdingsdag (5 May), a public holiday itself.
		{"Bevrijdingsdag, the day before Hemelvaartsdag 2027", at(2027, 5, 5, 9, 0), "2027-05-10"},
		{"the Tuesday before Hemelvaartsdag 2027, morning", at(2027, 5, 4, 9, 0), "2027-05-07"},
		// Pinksteren: Whit Monday 25 May 2026 and 17 May 2027.
		{"the Friday before Pinksteren, morning", at(2026, 5, 22, 11, 0), "2026-05-26"},
		{"the Friday before Pinksteren, afternoon", at(2026, 5, 22, 13, 0), "2026-05-27"},
		{"the Friday before Pinksteren 2027, afternoon", at(2027, 5, 14, 12, 0), "2027-05-19"},
		// Daylight-saving time: the cut-off is the practice's clock (Sunday 29 March 2026 it changes).
		{"Monday 11:30 in summer time", at(2026, 3, 30, 11, 30), "2026-03-31"},
	} {
		if got := ReadyOn(tc.now, DefaultCutoffMinutes, MondayToFriday).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s (%s): ready %s, want %s", tc.name, tc.now.Format("Mon 2006-01-02 15:04"), got, tc.want)
		}
	}
}

// The practice's own cut-off and working days.
func TestReadyOnSettings(t *testing.T) {
	t.Parallel()
	mondayToThursday := 0b0001111
	wed := time.Date(2026, 1, 7, 10, 30, 0, 0, agenda.Zone)
	for _, tc := range []struct {
		now          time.Time
		cutoff, days int
		want         string
	}{
		{wed, 10 * 60, MondayToFriday, "2026-01-09"},   // after a 10:00 cut-off
		{wed, 11 * 60, mondayToThursday, "2026-01-08"}, // before 11:00
		{wed.AddDate(0, 0, 1), 11 * 60, mondayToThursday, "2026-01-12"},
		{wed.AddDate(0, 0, 2), 11 * 60, mondayToThursday, "2026-01-13"}, // Friday is not a working day
	} {
		if got := ReadyOn(tc.now, tc.cutoff, tc.days).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s, cut-off %d, days %b: %s, want %s", tc.now.Format("Mon 15:04"), tc.cutoff, tc.days, got, tc.want)
		}
	}
}
