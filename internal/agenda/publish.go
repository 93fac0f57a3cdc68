// Package agenda holds the agenda's rules that are not about HTTP: when a patient first sees an
// appointment, and (slots.go) which times patients may book.
package agenda

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Amsterdam also on a machine without a zoneinfo database
)

// Zone is the practice's time zone: hours of the week, closure days and publication times are its
// clock times.
var Zone = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// The publication rules of an appointment kind (appointment_kinds.publish).
const (
	PublishNow        = "now"         // at once
	PublishDayBefore  = "day_before"  // from a clock time on the day before
	PublishDaysBefore = "days_before" // from the start of the day N days before
)

// Rule is an appointment kind's publication rule.
type Rule struct {
	Publish string
	Time    string // HH:MM, local, for PublishDayBefore
	Days    int64  // for PublishDaysBefore
}

// VisibleFrom is the moment (UTC) from which a patient sees an appointment that starts at start and
// was made at made: never before it was made, and, by the rule, no sooner than the practice wants. An
// appointment made after its publication moment shows at once.
func VisibleFrom(r Rule, start, made time.Time) (time.Time, error) {
	local := start.In(Zone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, Zone)
	var at time.Time
	switch r.Publish {
	case PublishNow:
		at = made
	case PublishDayBefore:
		h, m, err := ClockTime(r.Time)
		if err != nil {
			return time.Time{}, err
		}
		d := day.AddDate(0, 0, -1)
		at = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, Zone)
	case PublishDaysBefore:
		at = day.AddDate(0, 0, -int(r.Days))
	default:
		return time.Time{}, fmt.Errorf("agenda: unknown publication rule %q", r.Publish)
	}
	if at.Before(made) {
		at = made
	}
	return at.UTC(), nil
}

// ClockTime reads a local clock time written HH:MM (the schema's form for hours and publication times).
func ClockTime(s string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, fmt.Errorf("agenda: clock time %q: %w", s, err)
	}
	return t.Hour(), t.Minute(), nil
}
