package results

import (
	"database/sql"
	"testing"
	"time"
)

func TestVisibleFrom(t *testing.T) {
	t.Parallel()
	entered := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	reviewed := entered.Add(26 * time.Hour)
	at := func(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: true} }
	for _, tc := range []struct {
		name string
		r    Release
		want sql.NullTime
	}{
		{"direct", Release{Rule: ReleaseDirect, Patient: ReleaseDirect, Entered: entered}, at(entered)},
		{"group waits for review", Release{Rule: ReleaseReview, Patient: ReleaseDirect, Entered: entered}, sql.NullTime{}},
		{"group reviewed", Release{Rule: ReleaseReview, Patient: ReleaseDirect, Entered: entered, Reviewed: reviewed}, at(reviewed)},
		{"patient waits for review", Release{Rule: ReleaseDirect, Patient: ReleaseReview, Entered: entered}, sql.NullTime{}},
		{"patient's wait reviewed", Release{Rule: ReleaseDirect, Patient: ReleaseReview, Entered: entered, Reviewed: reviewed}, at(reviewed)},
		{"after days", Release{Rule: ReleaseDays, Days: 3, Patient: ReleaseDirect, Entered: entered}, at(entered.AddDate(0, 0, 3))},
		{"after days, reviewed sooner", Release{Rule: ReleaseDays, Days: 3, Patient: ReleaseReview, Entered: entered, Reviewed: reviewed}, at(entered.AddDate(0, 0, 3))},
		{"released early", Release{Rule: ReleaseDays, Days: 3, Patient: ReleaseReview, Entered: entered, Reviewed: reviewed, Released: reviewed}, at(reviewed)},
	} {
		if got := VisibleFrom(tc.r); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestInterpretation(t *testing.T) {
	t.Parallel()
	f := func(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }
	for _, tc := range []struct {
		v         float64
		low, high sql.NullFloat64
		want      string
	}{
		{5, f(4), f(6), "N"}, {3.9, f(4), f(6), "L"}, {6.1, f(4), f(6), "H"},
		{70, sql.NullFloat64{}, f(53), "H"}, {90, f(60), sql.NullFloat64{}, "N"}, {1, sql.NullFloat64{}, sql.NullFloat64{}, ""},
	} {
		if got := Interpretation(tc.v, tc.low, tc.high); got != tc.want {
			t.Errorf("%v in %v–%v: got %q, want %q", tc.v, tc.low, tc.high, got, tc.want)
		}
	}
}
