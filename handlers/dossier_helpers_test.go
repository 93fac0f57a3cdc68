package handlers_test

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"balie/queries"
)

// The one way the dossier's tests put a report in the database, as the practice would have written and
// shared it. Tests that are about writing, publishing, withdrawing or correcting go through the pages.

// testReport is a report a test adds. Only patient is needed; every other field has the default its
// comment names.
type testReport struct {
	patient int64
	title   string // "": "Brief aan de huisarts"
	// category and sub: "" is "Brieven" / "Verwijsbrief".
	category, sub string
	body          string    // "": a short letter
	written       time.Time // zero: a week before the clock's now, by the demo's practitioner
	published     time.Time // zero: a day after written; see unpublished
	unpublished   bool      // not shared with the patient (published_at NULL)
	withdrawn     bool      // withdrawn an hour after its publication, with a reason
	akkoord       bool      // the practitioner asks the patient's akkoord
}

// addReport writes r and returns its id.
func (a *testApp) addReport(r testReport) int64 {
	a.t.Helper()
	return a.insertReport(a.db.Write, r)
}

// addReports gives the patient n shared reports in the demo's categories, a day apart, in one transaction.
func (a *testApp) addReports(patient int64, n int) {
	a.t.Helper()
	tx, err := a.db.Write.Begin()
	if err != nil {
		a.t.Fatal(err)
	}
	cats := [][2]string{{"Brieven", "Verwijsbrief"}, {"Behandeling", "Voortgangsverslag"}, {"Intake", "Intakeverslag"}}
	for i := range n {
		at := a.clock.Now().Add(-time.Duration(i+1) * 24 * time.Hour)
		c := cats[i%len(cats)]
		a.insertReport(tx, testReport{patient: patient, title: fmt.Sprintf("Verslag %d", i), category: c[0], sub: c[1],
			body: strings.Repeat("Het gaat goed met de oefeningen en het slapen. ", 20), written: at, published: at.Add(time.Hour)})
	}
	if err := tx.Commit(); err != nil {
		a.t.Fatal(err)
	}
}

// insertReport writes r with db (the writer, or a transaction of it).
func (a *testApp) insertReport(db interface {
	QueryRow(query string, args ...any) *sql.Row
}, r testReport) int64 {
	a.t.Helper()
	if r.title == "" {
		r.title = "Brief aan de huisarts"
	}
	if r.category == "" {
		r.category, r.sub = "Brieven", "Verwijsbrief"
	}
	if r.body == "" {
		r.body = "Geachte collega,\n\nHierbij de brief."
	}
	if r.written.IsZero() {
		r.written = a.clock.Now().AddDate(0, 0, -7)
	}
	if r.published.IsZero() {
		r.published = r.written.AddDate(0, 0, 1)
	}
	published := sql.NullTime{Time: r.published, Valid: !r.unpublished}
	withdrawn := sql.NullTime{Time: r.published.Add(time.Hour), Valid: r.withdrawn}
	var id int64
	if err := db.QueryRow(`INSERT INTO reports (patient_id, author_id, title, category, subcategory, body, search_text,
		written_at, published_at, approval_requested, withdrawn_at, withdraw_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.patient, a.staff["practitioner"].ID, r.title, r.category, r.sub, r.body, queries.ReportSearchText(r.title, r.body),
		r.written, published, r.akkoord, withdrawn, map[bool]string{true: "Verkeerde patiënt"}[r.withdrawn]).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	return id
}
