// Package authorisation decides whether someone may open another patient's portal (issue 15): a
// relative the patient invited to read along, or a parent or guardian the practice recorded for a child.
// Everything here is pure: the caller reads the authorisation and the patient's birth date, this works
// out, at the moment asked, whether it counts. The access layer asks at every request, so an age limit
// takes effect on the birthday itself, not when a nightly round comes by.
//
// The rules for children follow the WGBO as seed 002 explains them:
//   - under 12 a parent has access and the child has no login;
//   - from 12 to 16 a parent's access needs the child's consent (recorded by staff, or given by the
//     child in an own account); a refusal ends it;
//   - from the 16th birthday a parent's access has ended, unless the child, from their own account and
//     on or after that birthday, gives consent again.
package authorisation

import "time"

// Kinds of authorisation (authorisations.kind).
const (
	KindRelative = "relative" // invited by the patient to read along
	KindParent   = "parent"   // a parent or guardian, recorded by the practice for a child
)

// The child's consent to a parent's access (authorisations.child_consent).
const (
	ConsentNone    = ""
	ConsentGiven   = "given"
	ConsentRefused = "refused"
)

// Why an authorisation does not count now (Reason); "" when it does.
const (
	ReasonEnded        = "ended"         // ended by the patient, the grantee or the practice
	ReasonExpired      = "expired"       // past its last day
	ReasonNeedsConsent = "needs_consent" // the child is 12 to 16 and has not consented
	ReasonRefused      = "refused"       // the child refused
	ReasonAge16        = "age16"         // the child is 16 and has not consented from their own account
)

// The ages at which a parent's access changes.
const (
	ConsentAge = 12
	AdultAge   = 16
)

// Authorisation is what the rules need of one row of authorisations.
type Authorisation struct {
	Kind      string
	PatientID int64      // whose portal
	LastDay   *time.Time // the last local day it counts (a date); nil: until ended
	Ended     bool
	// The child's consent, who recorded it (the child's own id when given from their account) and when.
	Consent   string
	ConsentBy int64
	ConsentAt time.Time
}

// Date is a local calendar day, without a clock.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Start is the moment d begins in loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Birthday is the day someone born on birth turns years old. Someone born on 29 February turns a year
// older on 28 February in a common year: the earlier of the two possible days, so that access the age
// ends never outlasts the birthday and a consent the age asks for is asked in time.
func Birthday(birth Date, years int) Date {
	y := birth.Year + years
	if birth.Month == time.February && birth.Day == 29 && !leap(y) {
		return Date{y, time.February, 28}
	}
	return Date{y, birth.Month, birth.Day}
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// Age is how old someone born on birth is on day today, in whole years.
func Age(birth, today Date) int {
	age := today.Year - birth.Year
	if today.Before(Birthday(birth, age)) {
		age--
	}
	return age
}

// Reason says why a counts not at now, or "" when it counts; birth is the patient's birth date (only a
// parent's authorisation needs it) and loc the practice's time zone, in which days and birthdays fall.
func Reason(a Authorisation, birth Date, now time.Time, loc *time.Location) string {
	today := DateOf(now, loc)
	switch {
	case a.Ended:
		return ReasonEnded
	case a.LastDay != nil && DateOf(*a.LastDay, time.UTC).Before(today):
		return ReasonExpired
	case a.Kind != KindParent:
		return ""
	}
	age := Age(birth, today)
	switch {
	case age < ConsentAge:
		return ""
	case a.Consent == ConsentRefused:
		return ReasonRefused
	case age < AdultAge:
		if a.Consent == ConsentGiven {
			return ""
		}
		return ReasonNeedsConsent
	}
	// 16 or older: only the child's own consent, given since the 16th birthday, keeps it.
	sixteen := Birthday(birth, AdultAge).Start(loc)
	if a.Consent == ConsentGiven && a.ConsentBy == a.PatientID && !a.ConsentAt.Before(sixteen) {
		return ""
	}
	return ReasonAge16
}

// Counts reports whether a lets its grantee open the patient's portal at now.
func Counts(a Authorisation, birth Date, now time.Time, loc *time.Location) bool {
	return Reason(a, birth, now, loc) == ""
}

// NextLimit is the next birthday, from today on, at which a parent's access to a child born on birth
// changes (the 12th: consent needed; the 16th: it ends), and whether there is one.
func NextLimit(birth, today Date) (Date, bool) {
	for _, age := range []int{ConsentAge, AdultAge} {
		if d := Birthday(birth, age); !d.Before(today) {
			return d, true
		}
	}
	return Date{}, false
}
