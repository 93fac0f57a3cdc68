package agenda

import (
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Calendar files (RFC 5545), for one appointment (.ics) and for a patient's subscription feed, written
// with github.com/arran4/golang-ical.
//
// Times are local clock times with TZID=Europe/Amsterdam and the zone's VTIMEZONE in the file: the
// appointment is at 10:00 in Amsterdam, and a calendar shows it so; a client that knows the zone by name
// (most do) uses its own rules, and one that does not reads the VTIMEZONE. Times in UTC ("Z") would be as
// exact, but a file read by a person or a simple program would show 09:00 for a 10:00 appointment.

// Event is one appointment as a calendar shows it. Nothing medical: the title says only that there is
// an appointment at the practice.
type Event struct {
	ID         int64
	Start, End time.Time
	Created    time.Time
	Cancelled  bool
	// Revision counts the appointment's changes: the event's SEQUENCE, so that a calendar that imported
	// the file takes a moved or cancelled appointment's new state.
	Revision int64
}

// CalendarInfo is what every event of a file shares.
type CalendarInfo struct {
	Name     string // of the calendar, for a subscription ("Afspraken bij …")
	Title    string // of each event ("Afspraak bij …")
	Location string // the practice's address
	// UIDHost makes the events' UIDs unique to this portal: appointment-<id>@<UIDHost>, the same in every
	// file, so that a calendar replaces an appointment rather than adding it twice.
	UIDHost string
	// Link is the address of an appointment's page in the portal.
	Link func(id int64) string
}

// zoneID is the TZID of the practice's times.
const zoneID = "Europe/Amsterdam"

// WriteCalendar writes events as one iCalendar file, stamped now. A cancelled appointment stays in with
// STATUS:CANCELLED and a higher SEQUENCE (every change raises it), so that a calendar that has it marks it
// cancelled.
func WriteCalendar(w io.Writer, info CalendarInfo, events []Event, now time.Time) error {
	cal := ics.NewCalendarFor("Balie")
	cal.SetMethod(ics.MethodPublish)
	if info.Name != "" {
		cal.SetName(info.Name)
		cal.SetXWRCalName(info.Name)
		cal.SetXWRTimezone(zoneID)
		// A subscription is read again within the hour (clients that honour either property).
		cal.SetRefreshInterval("PT1H")
		cal.SetXPublishedTTL("PT1H")
	}
	cal.AddVTimezone(amsterdam())
	for _, e := range events {
		ev := cal.AddEvent(fmt.Sprintf("appointment-%d@%s", e.ID, info.UIDHost))
		ev.SetDtStampTime(now)
		ev.SetCreatedTime(e.Created)
		ev.SetProperty(ics.ComponentPropertyDtStart, localTime(e.Start), ics.WithTZID(zoneID))
		ev.SetProperty(ics.ComponentPropertyDtEnd, localTime(e.End), ics.WithTZID(zoneID))
		ev.SetSummary(info.Title)
		if info.Location != "" {
			ev.SetLocation(info.Location)
		}
		if info.Link != nil {
			ev.SetURL(info.Link(e.ID))
		}
		ev.SetClass(ics.ClassificationPrivate)
		if e.Cancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
		ev.SetSequence(int(e.Revision))
	}
	return cal.SerializeTo(w)
}

func localTime(t time.Time) string { return t.In(Zone).Format("20060102T150405") }

// amsterdam is the VTIMEZONE of Europe/Amsterdam: the European Union's summer time since 1996, from the
// last Sunday of March at 02:00 to the last Sunday of October at 03:00 local time. A test holds these
// rules against Go's zone database (TestAmsterdamRules).
func amsterdam() *ics.VTimezone {
	tz := ics.NewTimezone(zoneID)
	rule := func(c *ics.ComponentBase, from, to, name, start, month string) {
		c.AddProperty(ics.ComponentProperty("TZOFFSETFROM"), from)
		c.AddProperty(ics.ComponentProperty("TZOFFSETTO"), to)
		c.AddProperty(ics.ComponentProperty("TZNAME"), name)
		c.AddProperty(ics.ComponentPropertyDtStart, start)
		c.AddProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH="+month+";BYDAY=-1SU")
	}
	summer, winter := &ics.Daylight{}, &ics.Standard{}
	rule(&summer.ComponentBase, "+0100", "+0200", "CEST", "19700329T020000", "3")
	rule(&winter.ComponentBase, "+0200", "+0100", "CET", "19701025T030000", "10")
	tz.Components = append(tz.Components, summer, winter)
	return tz
}
