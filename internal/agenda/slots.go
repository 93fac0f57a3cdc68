package agenda

import (
	"slices"
	"sort"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/nl"
)

// Which times patients may book: the practitioners' weekly hours, minus their absences, plus their extra
// hours, minus the days the practice is closed and the time already booked, within the practice's
// booking window. Everything here is pure: the caller reads the schedule, this works out the times.

// WeeklyHours are a practitioner's hours on one day of the week (availability_hours): local clock times.
type WeeklyHours struct {
	Weekday      int    // ISO: 1 = Monday … 7 = Sunday
	Starts, Ends string // HH:MM, local (Ends may be 24:00)
	Kind         int64  // the only kind they are for; 0: every bookable kind
}

// Span is a stretch of time, from Start up to (not including) End.
type Span struct{ Start, End time.Time }

// Exception is an absence or extra hours of a practitioner (availability_exceptions).
type Exception struct {
	Span
	Absent bool  // false: extra hours
	Kind   int64 // the only kind it is for; 0: every kind
}

// Schedule is one practitioner's side of the question.
type Schedule struct {
	Practitioner int64
	Hours        []WeeklyHours
	Exceptions   []Exception
	Busy         []Span // their booked time (practitioner_busy)
}

// Request asks for the free start times of one kind.
type Request struct {
	Kind    int64
	Minutes int
	// Window: the first and (not included) last moment a booked time may start (see Window).
	From, To time.Time
	// ClosedDays are the local dates (YYYY-MM-DD) the practice enters as closed (closure_days).
	ClosedDays map[string]bool
	// Holidays: the practice is closed on Dutch public holidays (clinic_settings.closed_on_holidays).
	Holidays bool
	// Schedules in order of preference: a time free with more than one practitioner goes to the first.
	Schedules []Schedule
}

// Slot is a free time and the practitioner it is free with.
type Slot struct {
	Span
	Practitioner int64
}

// Window is the stretch in which patients may book at now: no sooner than noticeMinutes from now, and up
// to the end of the local day weeks weeks from today, so that the last day offers all its times.
func Window(now time.Time, noticeMinutes, weeks int) (from, to time.Time) {
	local := now.In(Zone)
	return now.Add(time.Duration(noticeMinutes) * time.Minute),
		time.Date(local.Year(), local.Month(), local.Day()+7*weeks+1, 0, 0, 0, 0, Zone)
}

// publicHolidays are the Dutch public holidays of the Algemene termijnenwet, as the maintained calendar
// library computes them: all of its national holidays but Good Friday, which the law does not count and
// most practices work (a practice closed then enters it as a closure day).
var publicHolidays = slices.DeleteFunc(slices.Clone(nl.Holidays), func(h *cal.Holiday) bool { return h == nl.GoedeVrijdag })

// PublicHoliday reports whether a local date is a Dutch public holiday: on the day it is observed (Koningsdag
// moves to Saturday 26 April when the 27th is a Sunday).
func PublicHoliday(year int, month time.Month, day int) bool {
	for _, h := range publicHolidays {
		_, observed := h.Calc(year)
		if !observed.IsZero() && observed.Month() == month && observed.Day() == day {
			return true
		}
	}
	return false
}

// FreeTimes lists the times (UTC) the kind can be booked in the request's window, in order, each with the
// first practitioner (in the request's order) free then. Times step by the kind's length from the start
// of each block of hours (08:00, 08:15 …), in local clock time on every day, so that both changes of
// daylight-saving time give the practice's own hours. A time is free when the whole appointment falls in
// the practitioner's hours for the kind, on a day the practice is open, and overlaps no booked time.
func FreeTimes(r Request) ([]Slot, error) {
	length := time.Duration(r.Minutes) * time.Minute
	if length <= 0 || !r.From.Before(r.To) {
		return nil, nil
	}
	first := r.From.In(Zone)
	var days []time.Time // the local days of the window, at midnight
	for d := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, Zone); d.Before(r.To); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, Zone) {
		days = append(days, d)
	}
	var closed []Span // whole local days
	for _, d := range days {
		if r.ClosedDays[d.Format(time.DateOnly)] || (r.Holidays && PublicHoliday(d.Year(), d.Month(), d.Day())) {
			closed = append(closed, Span{d, time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, Zone)})
		}
	}
	taken := map[int64]bool{} // by Unix time: a time taken by a practitioner before
	var slots []Slot
	for _, sc := range r.Schedules {
		var blocks []Span // where times step from
		for _, d := range days {
			for _, h := range sc.Hours {
				if h.Weekday != isoWeekday(d) || !forKind(h.Kind, r.Kind) {
					continue
				}
				b, err := block(d, h.Starts, h.Ends)
				if err != nil {
					return nil, err
				}
				blocks = append(blocks, b)
			}
		}
		var absent, extra []Span
		for _, e := range sc.Exceptions {
			switch {
			case !forKind(e.Kind, r.Kind):
			case e.Absent:
				absent = append(absent, e.Span)
			default:
				extra = append(extra, e.Span)
			}
		}
		open := merge(append(subtract(merge(blocks), merge(absent)), extra...))
		open = subtract(open, closed)
		busy := merge(sc.Busy)
		for _, b := range append(blocks, extra...) {
			for s := b.Start; !s.Add(length).After(b.End); s = s.Add(length) {
				e := s.Add(length)
				if s.Before(r.From) || !s.Before(r.To) || taken[s.Unix()] || !covers(open, s, e) || overlaps(busy, s, e) {
					continue
				}
				taken[s.Unix()] = true
				slots = append(slots, Slot{Span{s.UTC(), e.UTC()}, sc.Practitioner}) // stored and compared as UTC
			}
		}
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].Start.Before(slots[j].Start) })
	return slots, nil
}

// forKind: hours or an exception for kind k (0: every kind) apply to the kind asked.
func forKind(k, asked int64) bool { return k == 0 || k == asked }

// isoWeekday is the ISO day of the week: 1 = Monday … 7 = Sunday.
func isoWeekday(t time.Time) int {
	if w := int(t.Weekday()); w != 0 {
		return w
	}
	return 7
}

// block is the stretch from one local clock time to another on the local day d (midnight).
func block(d time.Time, starts, ends string) (Span, error) {
	at := func(hhmm string) (time.Time, error) {
		if hhmm == "24:00" {
			return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, Zone), nil
		}
		h, m, err := ClockTime(hhmm)
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, Zone), err
	}
	s, err := at(starts)
	if err != nil {
		return Span{}, err
	}
	e, err := at(ends)
	return Span{s, e}, err
}

// merge returns the union of spans as disjoint spans in order (touching spans become one).
func merge(spans []Span) []Span {
	sorted := slices.Clone(spans)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	var out []Span
	for _, s := range sorted {
		if !s.Start.Before(s.End) {
			continue
		}
		if n := len(out); n > 0 && !s.Start.After(out[n-1].End) {
			if s.End.After(out[n-1].End) {
				out[n-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// subtract removes the disjoint, ordered spans cut from the disjoint, ordered spans from.
func subtract(from, cut []Span) []Span {
	var out []Span
	for _, f := range from {
		rest := []Span{f}
		for _, c := range cut {
			var next []Span
			for _, r := range rest {
				if !c.Start.Before(r.End) || !c.End.After(r.Start) {
					next = append(next, r)
					continue
				}
				if r.Start.Before(c.Start) {
					next = append(next, Span{r.Start, c.Start})
				}
				if c.End.Before(r.End) {
					next = append(next, Span{c.End, r.End})
				}
			}
			rest = next
		}
		out = append(out, rest...)
	}
	return out
}

// covers reports whether one of the disjoint, ordered spans holds all of [s, e).
func covers(spans []Span, s, e time.Time) bool {
	i := sort.Search(len(spans), func(i int) bool { return !spans[i].End.Before(e) })
	return i < len(spans) && !spans[i].Start.After(s)
}

// overlaps reports whether [s, e) overlaps one of the disjoint, ordered spans.
func overlaps(spans []Span, s, e time.Time) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End.After(s) })
	return i < len(spans) && spans[i].Start.Before(e)
}
