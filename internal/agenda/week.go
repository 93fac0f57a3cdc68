package agenda

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Weeks in addresses are ISO weeks written as 2026-W49 (ISO 8601): weeks begin on Monday, and week 1
// is the week with the year's first Thursday, so that 29 December 2025 lies in 2026-W01.

var weekPattern = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)

// ParseWeek reads a week written 2026-W49 and returns the start of its Monday in Zone. ok is false for
// anything else, and for a week the year does not have (W00, W54, W53 of a year of 52 weeks).
func ParseWeek(s string) (monday time.Time, ok bool) {
	m := weekPattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	// 4 January is always in week 1; its week's Monday starts the ISO year.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, Zone)
	monday = jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(week-1))
	if y, w := monday.ISOWeek(); y != year || w != week {
		return time.Time{}, false
	}
	return monday, true
}

// WeekOf returns the start of the Monday, in Zone, of the week t lies in.
func WeekOf(t time.Time) time.Time {
	l := t.In(Zone)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, Zone)
	return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
}

// WeekName writes the ISO week that t lies in (in Zone) as 2026-W49.
func WeekName(t time.Time) string {
	y, w := t.In(Zone).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
