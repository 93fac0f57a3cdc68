package agenda

import (
	"testing"
	"time"
)

func TestParseWeek(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Zone) }
	for _, tc := range []struct {
		week string
		want time.Time
	}{
		{"2026-W49", day(2026, time.November, 30)},
		{"2026-W01", day(2025, time.December, 29)}, // the week of the first Thursday
		{"2026-W53", day(2026, time.December, 28)}, // 2026 has 53 weeks
		{"2027-W01", day(2027, time.January, 4)},
		{"2026-W13", day(2026, time.March, 23)}, // the week summer time starts (29 March)
		{"2026-W14", day(2026, time.March, 30)},
	} {
		got, ok := ParseWeek(tc.week)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("%s: %v %v, want %v", tc.week, got, ok, tc.want)
		}
		if name := WeekName(got); name != tc.week {
			t.Errorf("%s: named %s", tc.week, name)
		}
		if !WeekOf(got.Add(6*24*time.Hour + 5*time.Hour)).Equal(got) {
			t.Errorf("%s: its Sunday is in another week", tc.week)
		}
	}
	for _, bad := range []string{"", "2026-W00", "2027-W53", "2026-W54", "2026-W1", "2026W49", "2026-w49", "20260-W01", "2026-W49/x", "abcd-W10"} {
		if _, ok := ParseWeek(bad); ok {
			t.Errorf("%q was read as a week", bad)
		}
	}
}
