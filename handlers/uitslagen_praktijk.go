package handlers

import (
	"context"
	"database/sql"
	"net/http"
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

type resultForm struct {
	views.Form
	PatientName, Back, Action string
	Tests                     []views.Option
	tests                     []queries.ListTestsForEntryRow
}

func (s *Server) newResultForm(c echo.Context, p queries.User) (resultForm, error) {
	f := resultForm{PatientName: p.FullName(), Back: patientHome(p.ID), Action: patientHome(p.ID) + "/uitslagen"}
	var err error
	if f.tests, err = s.db.R.ListTestsForEntry(c.Request().Context()); err != nil {
		return f, err
	}
	tr := s.tr(c)
	f.Tests = []views.Option{{Value: "", Label: tr.T("uitslagen_praktijk.test")}}
	for _, t := range f.tests {
		label := tr.Pick(t.GroupNl, t.GroupEn) + ": " + tr.Pick(t.NameNl, t.NameEn)
		if t.Unit != "" {
			label += " (" + t.Unit + ")"
		}
		f.Tests = append(f.Tests, views.Option{Value: strconv.FormatInt(t.ID, 10), Label: label})
	}
	return f, nil
}

func (s *Server) newResult(c echo.Context) error {
	f, err := s.newResultForm(c, *state(c).Patient)
	if err != nil {
		return err
	}
	f.Set("datum", s.clock.Now().In(views.Zone).Format("2006-01-02"))
	return s.render(c, http.StatusOK, "uitslagen_praktijk", f)
}

// resultInput is a checked result.
type resultInput struct {
	Test           queries.ListTestsForEntryRow
	Day            time.Time
	Num            sql.NullFloat64
	Text, Comment  string
	Interpretation string
}

// check reads the posted result in the order of the page; the form keeps everything typed. A test of
// kind 'text' takes the value as its text; any other a number (a decimal comma or point).
func (f *resultForm) check(c echo.Context, now time.Time) resultInput {
	var in resultInput
	test, day := c.FormValue("test"), strings.TrimSpace(c.FormValue("datum"))
	value, comment := cleanText(c.FormValue("waarde")), cleanText(c.FormValue("toelichting"))
	f.Set("test", test)
	f.Set("datum", day)
	f.Set("waarde", value)
	f.Set("toelichting", comment)
	found := false
	for _, t := range f.tests {
		if strconv.FormatInt(t.ID, 10) == test {
			in.Test, found = t, true
		}
	}
	if !found {
		f.Fail("test", "uitslagen_praktijk.test_required")
	}
	var err error
	if in.Day, err = time.ParseInLocation("2006-01-02", day, views.Zone); err != nil || day > now.In(views.Zone).Format("2006-01-02") {
		f.Fail("datum", "uitslagen_praktijk.date_required")
	}
	switch {
	case strings.TrimSpace(value) == "":
		f.Fail("waarde", "uitslagen_praktijk.value_required")
	case found && in.Test.Kind == "text":
		if !failTooLong(&f.Form, "waarde", value, maxResultText) {
			in.Text = value
		}
	default:
		v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(value), ",", ".", 1), 64)
		if err != nil {
			f.Fail("waarde", "uitslagen_praktijk.value_number")
			break
		}
		in.Num = sql.NullFloat64{Float64: v, Valid: true}
		in.Interpretation = results.Interpretation(v, in.Test.RefLow, in.Test.RefHigh)
	}
	if !failTooLong(&f.Form, "toelichting", comment, maxResultComment) {
		in.Comment = comment
	}
	return in
}

func (s *Server) createResult(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	f, err := s.newResultForm(c, p)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	in := f.check(c, now)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "uitslagen_praktijk", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		// Taken on the day chosen: now for today, else noon of that day.
		at := now
		if in.Day.Format("2006-01-02") != now.In(views.Zone).Format("2006-01-02") {
			at = in.Day.Add(12 * time.Hour)
		}
		id, err := q.InsertResult(ctx, queries.InsertResultParams{PatientID: p.ID, TestID: in.Test.ID, EffectiveAt: at.UTC(),
			ValueNum: in.Num, ValueText: in.Text, Interpretation: in.Interpretation, Comment: in.Comment,
			EnteredBy: sql.NullInt64{Int64: me.ID, Valid: true}, EnteredAt: now})
		if err != nil {
			return err
		}
		cl.add(objResult, id, p.ID)
		return s.releaseResults(ctx, q, releaseScope{ResultID: id})
	})
	if err != nil {
		return err
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
