// Package results holds the results' rules that are not about HTTP: when a patient first sees a result
// (this file), the trend chart (chart.go) and the mail that a result is ready (notices.go).
package results

import (
	"database/sql"
	"time"
)

// The release rules of a group of tests (result_groups.release).
const (
	ReleaseDirect = "direct"         // once entered
	ReleaseReview = "na_beoordeling" // once the practitioner has seen it
	ReleaseDays   = "na_dagen"       // Days after it was entered
)

// The patient's choice (users.results_release): ReleaseDirect or ReleaseReview.

// Release is everything that decides when a result shows.
type Release struct {
	Rule    string // the group's rule
	Days    int64  // for ReleaseDays
	Patient string // the patient's choice
	Entered time.Time
	// Reviewed and Released are zero while the practitioner has not seen or released it.
	Reviewed, Released time.Time
}

// VisibleFrom is the moment (UTC) from which the patient sees the result, or NULL while it waits for
// the practitioner. Released by the practitioner: from then. Otherwise the group's rule, and where the
// group or the patient asks for it, not before the practitioner has seen it; never before it was entered.
func VisibleFrom(r Release) sql.NullTime {
	if !r.Released.IsZero() {
		return sql.NullTime{Time: r.Released.UTC(), Valid: true}
	}
	at := r.Entered
	if r.Rule == ReleaseDays {
		at = at.AddDate(0, 0, int(r.Days))
	}
	if r.Rule == ReleaseReview || r.Patient == ReleaseReview {
		if r.Reviewed.IsZero() {
			return sql.NullTime{}
		}
		if r.Reviewed.After(at) {
			at = r.Reviewed
		}
	}
	return sql.NullTime{Time: at.UTC(), Valid: true}
}

// Interpretation says whether value lies under ('L'), above ('H') or within ('N') the range low–high
// (either may be missing); ” when there is no range to compare with.
func Interpretation(value float64, low, high sql.NullFloat64) string {
	switch {
	case low.Valid && value < low.Float64:
		return "L"
	case high.Valid && value > high.Float64:
		return "H"
	case low.Valid || high.Valid:
		return "N"
	}
	return ""
}
