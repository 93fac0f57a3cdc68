package authorisation

import (
	"testing"
	"time"
)

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is 09:00 in Amsterdam on the day given.
func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, amsterdam) }

func TestAgeAndBirthdays(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		birth, today Date
		want         int
	}{
		{Date{2014, 5, 10}, Date{2026, 5, 9}, 11},
		{Date{2014, 5, 10}, Date{2026, 5, 10}, 12},
		{Date{2010, 5, 10}, Date{2026, 5, 9}, 15},
		{Date{2010, 5, 10}, Date{2026, 5, 10}, 16},
		// 29 February: a year older on 28 February in a common year, on the 29th in a leap year.
		{Date{2012, 2, 29}, Date{2028, 2, 28}, 15},
		{Date{2012, 2, 29}, Date{2028, 2, 29}, 16},
		{Date{2012, 2, 29}, Date{2027, 2, 27}, 14},
		{Date{2012, 2, 29}, Date{2027, 2, 28}, 15},
		{Date{2012, 2, 29}, Date{2024, 2, 28}, 11},
		{Date{2012, 2, 29}, Date{2024, 2, 29}, 12},
		{Date{2013, 2, 28}, Date{2029, 2, 28}, 16},
	} {
		if got := Age(c.birth, c.today); got != c.want {
			t.Errorf("born %v, on %v: age %d, want %d", c.birth, c.today, got, c.want)
		}
	}
	if got := Birthday(Date{2008, 2, 29}, 16); got != (Date{2024, 2, 29}) {
		t.Errorf("16th birthday in a leap year: %v", got)
	}
	if got := Birthday(Date{2011, 2, 28}, 16); got != (Date{2027, 2, 28}) {
		t.Errorf("16th birthday of 28 February: %v", got)
	}
}

func TestParentsAccessFollowsTheChildsAge(t *testing.T) {
	t.Parallel()
	const child = 7
	staffConsent := func(at time.Time) Authorisation {
		return Authorisation{Kind: KindParent, PatientID: child, Consent: ConsentGiven, ConsentBy: 99, ConsentAt: at}
	}
	ownConsent := func(at time.Time) Authorisation {
		return Authorisation{Kind: KindParent, PatientID: child, Consent: ConsentGiven, ConsentBy: child, ConsentAt: at}
	}
	none := Authorisation{Kind: KindParent, PatientID: child}
	born := Date{2014, 5, 10} // 12 on 10 May 2026, 16 on 10 May 2030
	leapBorn := Date{2012, 2, 29}
	for _, c := range []struct {
		name  string
		a     Authorisation
		birth Date
		now   time.Time
		want  string
	}{
		{"under 12, no consent needed", none, born, at(2026, 5, 9), ""},
		{"the 12th birthday: consent needed", none, born, at(2026, 5, 10), ReasonNeedsConsent},
		{"the 12th birthday at midnight", none, born, time.Date(2026, 5, 10, 0, 0, 0, 0, amsterdam), ReasonNeedsConsent},
		{"the evening before the 12th birthday", none, born, time.Date(2026, 5, 9, 23, 59, 0, 0, amsterdam), ""},
		{"12 with the consent staff recorded", staffConsent(at(2026, 5, 1)), born, at(2027, 1, 1), ""},
		{"12 and refused", Authorisation{Kind: KindParent, PatientID: child, Consent: ConsentRefused, ConsentBy: child}, born, at(2027, 1, 1), ReasonRefused},
		{"under 12, refused", Authorisation{Kind: KindParent, PatientID: child, Consent: ConsentRefused}, born, at(2025, 1, 1), ""},
		{"the day before the 16th birthday", staffConsent(at(2026, 5, 1)), born, at(2030, 5, 9), ""},
		{"the 16th birthday ends it", staffConsent(at(2026, 5, 1)), born, at(2030, 5, 10), ReasonAge16},
		{"consent from own account before 16 ends too", ownConsent(at(2029, 1, 1)), born, at(2030, 5, 10), ReasonAge16},
		{"consent from own account on the 16th birthday", ownConsent(time.Date(2030, 5, 10, 0, 0, 0, 0, amsterdam)), born, at(2030, 6, 1), ""},
		{"staff cannot consent for a 16-year-old", staffConsent(at(2030, 5, 11)), born, at(2030, 6, 1), ReasonAge16},
		{"29 February: still 11 on 28 February 2024", none, leapBorn, at(2024, 2, 28), ""},
		{"29 February: 12 on 29 February 2024", none, leapBorn, at(2024, 2, 29), ReasonNeedsConsent},
		{"29 February: still 15 on 28 February 2028", staffConsent(at(2024, 3, 1)), leapBorn, at(2028, 2, 28), ""},
		{"29 February: 16 on 29 February 2028", staffConsent(at(2024, 3, 1)), leapBorn, at(2028, 2, 29), ReasonAge16},
		{"born 28 February: 16 on 28 February", staffConsent(at(2023, 3, 1)), Date{2011, 2, 28}, at(2027, 2, 28), ReasonAge16},
		{"ended", Authorisation{Kind: KindParent, PatientID: child, Ended: true}, born, at(2020, 1, 1), ReasonEnded},
	} {
		if got := Reason(c.a, c.birth, c.now, amsterdam); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// Born on 29 February, the 12th and 16th birthdays fall in leap years; in a common year in between
	// the child is a year older on the 28th, which changes nothing here.
	if got := Reason(staffConsent(at(2012, 1, 1)), Date{2012, 2, 29}, at(2027, 2, 28), amsterdam); got != "" {
		t.Errorf("29 February child on 28 February 2027 (15): %q", got)
	}
}

func TestRelativesReadAlongUntilTheirLastDay(t *testing.T) {
	t.Parallel()
	last := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC) // a DATE column as the driver reads it
	a := Authorisation{Kind: KindRelative, PatientID: 7, LastDay: &last}
	if got := Reason(a, Date{}, at(2026, 12, 31), amsterdam); got != "" {
		t.Errorf("on the last day: %q", got)
	}
	if got := Reason(a, Date{}, at(2027, 1, 1), amsterdam); got != ReasonExpired {
		t.Errorf("the day after: %q", got)
	}
	a.LastDay = nil
	if !Counts(a, Date{}, at(2040, 1, 1), amsterdam) {
		t.Error("without a last day it counts until ended")
	}
	a.Ended = true
	if Counts(a, Date{}, at(2026, 1, 1), amsterdam) {
		t.Error("an ended authorisation counts")
	}
}

func TestNextLimit(t *testing.T) {
	t.Parallel()
	born := Date{2014, 5, 10}
	for _, c := range []struct {
		today Date
		want  Date
		ok    bool
	}{
		{Date{2026, 5, 9}, Date{2026, 5, 10}, true},
		{Date{2026, 5, 10}, Date{2026, 5, 10}, true},
		{Date{2026, 5, 11}, Date{2030, 5, 10}, true},
		{Date{2030, 5, 11}, Date{}, false},
	} {
		got, ok := NextLimit(born, c.today)
		if got != c.want || ok != c.ok {
			t.Errorf("on %v: %v %v, want %v %v", c.today, got, ok, c.want, c.ok)
		}
	}
}
