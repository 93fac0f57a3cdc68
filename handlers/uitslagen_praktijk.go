package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/results"
	"balie/queries"
	"balie/views"
)

// The results on the staff's patient page: the latest ones (those waiting for review first), entering
// one, marking one seen ("gezien") and releasing it to the patient. Each change goes through s.change
// with its access-log row, and works out again when the result shows (releaseResults).

const (
	resultsPanelSize = 20
	maxResultText    = 4000
	maxResultComment = 1000
)

// resultsPanel is the patient page's Uitslagen panel.
type resultsPanel struct {
	Items []queries.ListPatientResultsForStaffRow
	Now   time.Time
}

func (s *Server) resultsPanel(ctx context.Context, patientID int64) (resultsPanel, error) {
	rows, err := s.db.R.ListPatientResultsForStaff(ctx, queries.ListPatientResultsForStaffParams{PatientID: patientID, Limit: resultsPanelSize})
	return resultsPanel{Items: rows, Now: s.clock.Now()}, err
}

// resultForm enters a set of results taken on one day: the tests of a group (a "Diabetes-controle"),
// or one test (a group of one), each row optional, with one date and one comment for the set.
type resultForm struct {
	views.Form
	PatientName, Back, Action string
	// The chooser of the set: the groups with tests to enter, and the tests one by one.
	Groups, Tests []views.Option
	// SetField and SetID name the chosen set ("groep" or "test" and its id); Rows are its tests.
	SetField, SetID string
	Rows            []resultEntryRow
	tests           []queries.ListTestsForEntryRow
}

// resultEntryRow is one test of the set: its fields are named after the test's id (waarde-12,
// eenheid-12, laag-12, hoog-12), a text result has only its value.
type resultEntryRow struct {
	ID, Name string
	Text     bool
	test     queries.ListTestsForEntryRow
}

func (s *Server) newResultForm(c echo.Context, p queries.User) (resultForm, error) {
	f := resultForm{PatientName: p.FullName(), Back: patientHome(p.ID), Action: patientHome(p.ID) + "/uitslagen"}
	ctx := c.Request().Context()
	var err error
	if f.tests, err = s.db.R.ListTestsForEntry(ctx); err != nil {
		return f, err
	}
	groups, err := s.db.R.ListResultGroups(ctx)
	if err != nil {
		return f, err
	}
	tr := s.tr(c)
	f.Groups = []views.Option{{Value: "", Label: tr.T("uitslagen_praktijk.group_pick")}}
	for _, g := range groups { // only a group with a test in use can be entered
		if slices.ContainsFunc(f.tests, func(t queries.ListTestsForEntryRow) bool { return t.GroupID == g.ID }) {
			f.Groups = append(f.Groups, views.Option{Value: strconv.FormatInt(g.ID, 10), Label: tr.Pick(g.NameNl, g.NameEn)})
		}
	}
	f.Tests = []views.Option{{Value: "", Label: tr.T("uitslagen_praktijk.test_pick")}}
	for _, t := range f.tests {
		label := tr.Pick(t.GroupNl, t.GroupEn) + ": " + tr.Pick(t.NameNl, t.NameEn)
		if t.Unit != "" {
			label += " (" + t.Unit + ")"
		}
		f.Tests = append(f.Tests, views.Option{Value: strconv.FormatInt(t.ID, 10), Label: label})
	}
	return f, nil
}

// choose takes the set asked for (a group, else one test) and reports whether there was one; an id
// that names no set in use is a problem at the chooser.
func (f *resultForm) choose(tr *views.Translator, group, test string) bool {
	f.Set("groep", group)
	f.Set("test", test)
	field, id := "groep", group
	if group == "" {
		field, id = "test", test
	}
	if id == "" {
		return false
	}
	for _, t := range f.tests {
		if (field == "groep" && strconv.FormatInt(t.GroupID, 10) == id) || (field == "test" && strconv.FormatInt(t.ID, 10) == id) {
			f.Rows = append(f.Rows, resultEntryRow{ID: strconv.FormatInt(t.ID, 10), Name: tr.Pick(t.NameNl, t.NameEn), Text: t.Kind == "text", test: t})
		}
	}
	if len(f.Rows) == 0 {
		f.Fail(field, "uitslagen_praktijk.set_required")
		return false
	}
	f.SetField, f.SetID = field, id
	return true
}

// newResult shows the chooser, and with ?groep= or ?test= the rows of that set, each with the unit
// and range of its test filled in.
func (s *Server) newResult(c echo.Context) error {
	f, err := s.newResultForm(c, *state(c).Patient)
	if err != nil {
		return err
	}
	tr := s.tr(c)
	if !f.choose(tr, c.QueryParam("groep"), c.QueryParam("test")) && f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "uitslagen_praktijk", f)
	}
	f.Set("datum", s.clock.Now().In(views.Zone).Format("2006-01-02"))
	for _, r := range f.Rows {
		f.Set("eenheid-"+r.ID, r.test.Unit)
		f.Set("laag-"+r.ID, optionalNumber(tr, r.test.RefLow))
		f.Set("hoog-"+r.ID, optionalNumber(tr, r.test.RefHigh))
	}
	return s.render(c, http.StatusOK, "uitslagen_praktijk", f)
}

// optionalNumber writes a bound as a form shows it: "" when there is none.
func optionalNumber(tr *views.Translator, v sql.NullFloat64) string {
	if !v.Valid {
		return ""
	}
	return number(tr, v.Float64)
}

// resultEntry is one checked value of the set.
type resultEntry struct {
	Test            queries.ListTestsForEntryRow
	Num             sql.NullFloat64
	Text, Unit      string
	RefLow, RefHigh sql.NullFloat64
	Interpretation  string
}

const maxResultUnit = 30

// check reads the posted set in the order of the page; the form keeps everything typed. A row left
// empty is skipped; a test of kind 'text' takes its value as text, any other a number (a decimal comma
// or point) with the unit and range as typed. Each problem names its test, so that the summary does.
func (f *resultForm) check(c echo.Context, now time.Time) (day time.Time, comment string, entries []resultEntry) {
	dayText, comment := strings.TrimSpace(c.FormValue("datum")), cleanText(c.FormValue("toelichting"))
	f.Set("datum", dayText)
	f.Set("toelichting", comment)
	var err error
	if day, err = time.ParseInLocation("2006-01-02", dayText, views.Zone); err != nil || dayText > now.In(views.Zone).Format("2006-01-02") {
		f.Fail("datum", "uitslagen_praktijk.date_required")
	}
	for _, r := range f.Rows {
		value := cleanText(c.FormValue("waarde-" + r.ID))
		f.Set("waarde-"+r.ID, value)
		e := resultEntry{Test: r.test}
		if r.Text {
			if strings.TrimSpace(value) != "" && !failTooLong(&f.Form, "waarde-"+r.ID, value, maxResultText) {
				e.Text = value
				entries = append(entries, e)
			}
			continue
		}
		unit, low, high := strings.TrimSpace(c.FormValue("eenheid-"+r.ID)), c.FormValue("laag-"+r.ID), c.FormValue("hoog-"+r.ID)
		f.Set("eenheid-"+r.ID, unit)
		f.Set("laag-"+r.ID, low)
		f.Set("hoog-"+r.ID, high)
		if strings.TrimSpace(value) == "" {
			continue
		}
		v, ok := decimal(value)
		if !ok {
			f.Fail("waarde-"+r.ID, "uitslagen_praktijk.row_number", "Test", r.Name)
		}
		failTooLong(&f.Form, "eenheid-"+r.ID, unit, maxResultUnit)
		var lowOK, highOK bool
		if e.RefLow, lowOK = optionalDecimal(low); !lowOK {
			f.Fail("laag-"+r.ID, "uitslagen_praktijk.row_low", "Test", r.Name)
		}
		if e.RefHigh, highOK = optionalDecimal(high); !highOK {
			f.Fail("hoog-"+r.ID, "uitslagen_praktijk.row_high", "Test", r.Name)
		} else if e.RefLow.Valid && e.RefHigh.Valid && e.RefLow.Float64 >= e.RefHigh.Float64 {
			f.Fail("hoog-"+r.ID, "uitslagen_praktijk.row_order", "Test", r.Name)
		}
		e.Num, e.Unit = sql.NullFloat64{Float64: v, Valid: ok}, unit
		e.Interpretation = results.Interpretation(v, e.RefLow, e.RefHigh)
		entries = append(entries, e)
	}
	if len(entries) == 0 && !f.Failed() && len(f.Rows) > 0 {
		f.Fail("waarde-"+f.Rows[0].ID, "uitslagen_praktijk.value_required")
	}
	failTooLong(&f.Form, "toelichting", comment, maxResultComment)
	return day, comment, entries
}

// createResult stores the set's values in one change, each with its access-log row, and works out when
// each shows.
func (s *Server) createResult(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	f, err := s.newResultForm(c, p)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	if !f.choose(s.tr(c), c.FormValue("groep"), c.FormValue("test")) && !f.Failed() {
		f.Fail("groep", "uitslagen_praktijk.set_required")
	}
	day, comment, entries := f.check(c, now)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "uitslagen_praktijk", f)
	}
	// Taken on the day chosen: now for today, else noon of that day.
	at := now
	if day.Format("2006-01-02") != now.In(views.Zone).Format("2006-01-02") {
		at = day.Add(12 * time.Hour)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		for _, e := range entries {
			id, err := q.InsertResult(ctx, queries.InsertResultParams{PatientID: p.ID, TestID: e.Test.ID, EffectiveAt: at.UTC(),
				ValueNum: e.Num, ValueText: e.Text, Unit: e.Unit, RefLow: e.RefLow, RefHigh: e.RefHigh,
				Interpretation: e.Interpretation, Comment: comment, EnteredBy: sql.NullInt64{Int64: me.ID, Valid: true}, EnteredAt: now})
			if err != nil {
				return err
			}
			cl.add(objResult, id, p.ID)
			if err := s.releaseResults(ctx, q, releaseScope{ResultID: id}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(entries) > 1 {
		return redirectWithNotice(c, patientHome(p.ID)+"#uitslagen", "uitslagen_praktijk.notice_saved_set")
	}
	return redirectWithNotice(c, patientHome(p.ID)+"#uitslagen", "uitslagen_praktijk.notice_saved")
}

// reviewResult marks a result seen ("gezien"), and with release lets the patient see it now.
func (s *Server) reviewResult(release bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, me := *state(c).Patient, state(c).User
		id, err := lookup(s, c, "result", objResult, p.ID, func(ctx context.Context, id int64) (int64, error) {
			return s.db.R.GetResultForStaff(ctx, queries.GetResultForStaffParams{ID: id, PatientID: p.ID})
		})
		if err != nil {
			return err
		}
		var flag int64
		if release {
			flag = 1
		}
		err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
			if _, err := q.ReviewResult(ctx, queries.ReviewResultParams{Now: sqlTime(s.clock.Now()),
				By: sql.NullInt64{Int64: me.ID, Valid: true}, Release: flag, ID: id, PatientID: p.ID}); err != nil {
				return err
			}
			cl.add(objResult, id, p.ID)
			return s.releaseResults(ctx, q, releaseScope{ResultID: id})
		})
		if err != nil {
			return err
		}
		if release {
			return redirectWithNotice(c, patientHome(p.ID)+"#uitslagen", "uitslagen_praktijk.notice_released")
		}
		return redirectWithNotice(c, patientHome(p.ID)+"#uitslagen", "uitslagen_praktijk.notice_reviewed")
	}
}
