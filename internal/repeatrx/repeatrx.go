// Package repeatrx works out when a repeat prescription is ready at the pharmacy (seed 002: "Recepten
// aangevraagd vóór 12 uur, zijn de volgende werkdag af te halen in uw apotheek").
package repeatrx

import (
	"time"

	"balie/internal/agenda"
)

// Defaults of the practice's settings (clinic_settings.repeat_cutoff_minutes, repeat_working_days).
const (
	DefaultCutoffMinutes = 12 * 60
	MondayToFriday       = 0b0011111
)

// WorkingDay reports whether the local date d is one the practice handles requests on: one of its
// working days (bits, Monday = 1 … Sunday = 64) and not a Dutch public holiday (the calendar the agenda
// uses, agenda.PublicHoliday).
func WorkingDay(d time.Time, days int) bool {
	bit := int(d.Weekday()+6) % 7 // Monday 0 … Sunday 6
	return days&(1<<bit) != 0 && !agenda.PublicHoliday(d.Year(), d.Month(), d.Day())
}

// ReadyOn is the day a request made at now can be collected: before the cut-off (minutes after local
// midnight) on a working day, the next working day; later, or on any other day, the working day after
// that. The result is the local date at midnight UTC, as a DATE column holds it. With no working day at
// all it gives up after a year rather than loop.
func ReadyOn(now time.Time, cutoffMinutes, days int) time.Time {
	local := now.In(agenda.Zone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	skip := 2 // working days to count after today
	if WorkingDay(day, days) && local.Hour()*60+local.Minute() < cutoffMinutes {
		skip = 1
	}
	for i := 0; i < 366 && skip > 0; i++ {
		day = day.AddDate(0, 0, 1)
		if WorkingDay(day, days) {
			skip--
		}
	}
	return day
}
