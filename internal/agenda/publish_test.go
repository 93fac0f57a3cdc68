package agenda

import (
	"testing"
	"time"
)

func TestVisibleFrom(t *testing.T) {
	t.Parallel()
	local := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	made := local("2026-03-01 09:00")
	for _, tc := range []struct {
		name  string
		rule  Rule
		start string
		want  string
	}{
		{"at once", Rule{Publish: PublishNow}, "2026-03-10 10:00", "2026-03-01 09:00"},
		{"the afternoon before", Rule{Publish: PublishDayBefore, Time: "13:00"}, "2026-03-10 10:00", "2026-03-09 13:00"},
		// The night of 29 March 2026 the clocks go forward: the day before is still 13:00 local.
		{"the afternoon before, across summer time", Rule{Publish: PublishDayBefore, Time: "13:00"}, "2026-03-30 08:30", "2026-03-29 13:00"},
		{"three days before", Rule{Publish: PublishDaysBefore, Days: 3}, "2026-03-10 10:00", "2026-03-07 00:00"},
		{"made after its moment shows when made", Rule{Publish: PublishDayBefore, Time: "13:00"}, "2026-03-01 15:00", "2026-03-01 09:00"},
	} {
		got, err := VisibleFrom(tc.rule, local(tc.start), made)
		if err != nil {
			t.Fatal(tc.name, err)
		}
		if want := local(tc.want); !got.Equal(want) {
			t.Errorf("%s: visible from %v, want %v", tc.name, got.In(Zone), want.In(Zone))
		}
	}
	if _, err := VisibleFrom(Rule{Publish: PublishDayBefore, Time: "1pm"}, made, made); err == nil {
		t.Error("a clock time that is not HH:MM was accepted")
	}
}

func TestCanCancel(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	if !CanCancel(true, start, start.Add(-24*time.Hour), 24) {
		t.Error("exactly 24 hours before may not cancel")
	}
	if CanCancel(true, start, start.Add(-24*time.Hour+time.Second), 24) {
		t.Error("a second inside 24 hours may cancel")
	}
	if CanCancel(false, start, start.AddDate(0, 0, -7), 24) {
		t.Error("a kind that is not cancellable may be cancelled")
	}
}
