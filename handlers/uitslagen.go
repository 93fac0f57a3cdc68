package handlers

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/chart"
	"balie/internal/mail"
	"balie/internal/results"
	"balie/queries"
	"balie/views"
)

// The patient's results ("Uitslagen", seed 002): by date, newest first, a page at a time; per test its
// values with a trend chart and a table; and the patient's choice of when results show. Released or not
// at all: every query reads the view patient_results and asks visible_from <= now (internal/results.
// VisibleFrom works it out), so that a result that waits for review or for its day is nowhere on these
// pages, in the overview's count or in a mail, and a test's page without a shown result is a 404.

const (
	resultsPath         = "/uitslagen"
	resultsTestPath     = resultsPath + "/test"
	resultsSettingsPath = resultsPath + "/instellingen"
	resultsPerPage      = 25
	// resultsTrendMax bounds one test's values on its page (decades of monthly values fit).
	resultsTrendMax = 500
	// objResult: one result; objResultTest: a test's page of the patient's results; objResultGroup: one
	// of the practice's groups of tests.
	objResult      = "result"
	objResultTest  = "result_test"
	objResultGroup = "result_group"
)

// resultChoices are the patient's choices (users.results_release), in the page's order.
var resultChoices = []string{results.ReleaseDirect, results.ReleaseReview}

type resultRow = queries.ListResultsAfterRow

// resultView is a result as the pages show it: the value with its unit, the range, and out of range in
// words ("te hoog"), never by colour alone.
type resultView struct {
	ID, TestID  int64
	Test        string
	At          string
	Value, Flag string // Flag: a locale key, "" within range or without one
	Range       string
	Text        bool // a text result (imaging): Value is the text
	Comment     string
	New         bool
}

type resultsPage struct {
	Items  []resultView
	Pager  pager
	Viewer bool // a share code's viewer's (inzien.go): read-only
}

// resultsPageOf reads one page of the patient's released results from cur, newest first, with the pager
// of the list at path (the patient's own, or a share code's viewer's).
func (s *Server) resultsPageOf(c echo.Context, patientID int64, cur cursor[int64], path string) ([]resultRow, pager, error) {
	ctx := c.Request().Context()
	now, limit, count := sqlTime(s.clock.Now()), int64(resultsPerPage+1), int64(countCap+1)
	var rows []resultRow
	var err error
	if !cur.Back {
		rows, err = s.db.R.ListResultsAfter(ctx, queries.ListResultsAfterParams{PatientID: patientID, Now: now, Cap: count, Cursor: cur.Key, Limit: limit})
	} else {
		back, berr := s.db.R.ListResultsBefore(ctx, queries.ListResultsBeforeParams{PatientID: patientID, Now: now, Cap: count, Cursor: cur.Key, Limit: limit})
		rows, err = convertRows(back, berr, func(r queries.ListResultsBeforeRow) resultRow { return resultRow(r) })
	}
	if err != nil {
		return nil, pager{}, err
	}
	page, pg := pageOf(rows, resultsPerPage, cur, func(r resultRow) int64 { return r.ID }, path, nil)
	pg.Words = "uitslagen"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	return page, pg, nil
}

// results lists the patient's results, newest first; the ones shown for the first time are marked new
// and count as seen from now.
func (s *Server) results(c echo.Context) error {
	patient := state(c).Patient
	cur := readCursor[int64](c)
	page, pg, err := s.resultsPageOf(c, patient.ID, cur, resultsPath)
	if err != nil {
		return err
	}
	if len(page) == 0 && cur.Set {
		return toFirstPage(c, resultsPath, nil)
	}
	if err := s.logAccess(c, objResult, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	data := resultsPage{Pager: pg}
	for _, r := range page {
		data.Items = append(data.Items, showResult(tr, r))
	}
	if err := s.markResultsSeen(c, data.Items); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "uitslagen", data)
}

// markResultsSeen notes that the patient has now seen the new ones of items (a plain update, as a
// report is marked read: the read itself is logged).
func (s *Server) markResultsSeen(c echo.Context, items []resultView) error {
	if readsAlong(c) {
		return nil // new for the patient until they see them
	}
	var ids []int64
	for _, it := range items {
		if it.New {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return s.db.W.MarkResultsSeen(c.Request().Context(), queries.MarkResultsSeenParams{Now: sqlTime(s.clock.Now()),
		Ids: string(b), PatientID: state(c).Patient.ID})
}

// showResult writes a result as the pages show it.
func showResult(tr *views.Translator, r resultRow) resultView {
	v := resultView{ID: r.ID, TestID: r.TestID, Test: tr.Pick(r.NameNl, r.NameEn), At: tr.ShortDay(calendarDay(r.EffectiveAt)),
		Comment: r.Comment, New: !r.SeenAt.Valid, Text: !r.ValueNum.Valid}
	if v.Text {
		v.Value = r.ValueText
	} else {
		v.Value = strings.TrimSpace(number(tr, r.ValueNum.Float64) + " " + r.Unit)
	}
	switch r.Interpretation {
	case "H":
		v.Flag = "uitslagen.high"
	case "L":
		v.Flag = "uitslagen.low"
	}
	v.Range = refRange(tr, r.RefLow, r.RefHigh, r.RefText, r.Unit)
	return v
}

// refRange writes a reference range in the reader's language (results.Range).
func refRange(tr *views.Translator, low, high sql.NullFloat64, text, unit string) string {
	return results.Range(tr.Lang, low, high, text, unit)
}

// number writes a value as the reader's language does (results.Number).
func number(tr *views.Translator, v float64) string { return results.Number(tr.Lang, v) }

type resultTestPage struct {
	Test  string
	Items []resultView // newest first, as the table shows them
	Chart template.HTML
	// Numeric: the test has values to draw (not only text results).
	Numeric bool
}

// resultTest shows one test's results with their trend, a 404 until one of them shows.
func (s *Server) resultTest(c echo.Context) error {
	patient := state(c).Patient
	now := sqlTime(s.clock.Now())
	rows, err := lookup(s, c, "id", objResultTest, patient.ID, func(ctx context.Context, id int64) ([]queries.ListTestResultsRow, error) {
		rows, err := s.db.R.ListTestResults(ctx, queries.ListTestResultsParams{PatientID: patient.ID, TestID: id, Now: now, Limit: resultsTrendMax})
		if err == nil && len(rows) == 0 {
			err = sql.ErrNoRows
		}
		return rows, err
	})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objResultTest, rows[0].TestID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	page := resultTestPage{Test: tr.Pick(rows[0].NameNl, rows[0].NameEn)}
	trend := chart.Chart{ID: fmt.Sprintf("trend-%d", rows[0].TestID), Title: tr.T("uitslagen.trend_title", "Test", page.Test),
		Number: func(v float64) string { return number(tr, v) }, Day: func(t time.Time) string { return tr.ShortDay(calendarDay(t)) }}
	var outside int
	for _, r := range rows {
		page.Items = append(page.Items, showResult(tr, resultRow{ID: r.ID, TestID: r.TestID, EffectiveAt: r.EffectiveAt,
			ValueNum: r.ValueNum, ValueText: r.ValueText, Unit: r.Unit, RefLow: r.RefLow, RefHigh: r.RefHigh, RefText: r.RefText,
			Interpretation: r.Interpretation, Comment: r.Comment, SeenAt: r.SeenAt, NameNl: r.NameNl, NameEn: r.NameEn}))
		if !r.ValueNum.Valid {
			continue
		}
		trend.Points = append(trend.Points, chart.Point{At: r.EffectiveAt, Value: r.ValueNum.Float64, Flag: r.Interpretation})
		if r.Interpretation == "H" || r.Interpretation == "L" {
			outside++
		}
		// The band is the latest recorded range.
		trend.Low, trend.HasLow, trend.High, trend.HasHigh = r.RefLow.Float64, r.RefLow.Valid, r.RefHigh.Float64, r.RefHigh.Valid
	}
	if n := len(trend.Points); n > 0 {
		page.Numeric = true
		last := page.Items[len(page.Items)-1]
		trend.Desc = tr.T("uitslagen.trend_desc", "Count", n, "Outside", outside, "Last", last.Value, "Range", last.Range)
		page.Chart = template.HTML(trend.SVG()) // built from numbers and escaped texts only (internal/chart)
	}
	if err := s.markResultsSeen(c, page.Items); err != nil {
		return err
	}
	slices.Reverse(page.Items)
	return s.render(c, http.StatusOK, "uitslagen_test", page)
}

type resultSettingsPage struct {
	views.Form
	Choices []views.Option
}

func (s *Server) resultSettingsForm(c echo.Context, f views.Form) resultSettingsPage {
	page := resultSettingsPage{Form: f}
	tr := s.tr(c)
	for _, ch := range resultChoices {
		page.Choices = append(page.Choices, views.Option{Value: ch, Label: tr.T("uitslagen.release_" + ch)})
	}
	return page
}

// resultSettings shows the patient's choice of when results show.
func (s *Server) resultSettings(c echo.Context) error {
	var f views.Form
	f.Set("wanneer", state(c).Patient.ResultsRelease)
	return s.render(c, http.StatusOK, "uitslagen_instellingen", s.resultSettingsForm(c, f))
}

// saveResultSettings changes the choice, and with it when the results still hidden will show.
func (s *Server) saveResultSettings(c echo.Context) error {
	patient := state(c).Patient
	choice := c.FormValue("wanneer")
	var f views.Form
	f.Set("wanneer", choice)
	if !slices.Contains(resultChoices, choice) {
		f.Fail("wanneer", "uitslagen.release_required")
		return s.render(c, http.StatusUnprocessableEntity, "uitslagen_instellingen", s.resultSettingsForm(c, f))
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objAccount, patient.ID, patient.ID)
		if err := q.SetResultsRelease(ctx, queries.SetResultsReleaseParams{ID: patient.ID, ResultsRelease: choice}); err != nil {
			return err
		}
		return s.releaseResults(ctx, q, releaseScope{PatientID: patient.ID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, resultsSettingsPath, "uitslagen.notice_saved")
}

// releaseScope names the still hidden results whose moment is worked out again: one result, a
// patient's, or a group's (zero: any).
type releaseScope struct{ ResultID, PatientID, GroupID int64 }

// releaseResults works out again when each still hidden result of scope shows (internal/results.
// VisibleFrom), inside a change: after a result is entered, seen or released, or a rule or a patient's
// choice changed. A result the patient has already seen stays.
func (s *Server) releaseResults(ctx context.Context, q *queries.Queries, scope releaseScope) error {
	rows, err := q.ListResultsToRelease(ctx, queries.ListResultsToReleaseParams{Now: sqlTime(s.clock.Now()),
		ResultID: scope.ResultID, PatientID: scope.PatientID, GroupID: scope.GroupID})
	if err != nil {
		return err
	}
	for _, r := range rows {
		at := results.VisibleFrom(results.Release{Rule: r.Release, Days: r.ReleaseDays, Patient: r.ResultsRelease,
			Entered: r.EnteredAt, Reviewed: r.ReviewedAt.Time, Released: r.ReleasedAt.Time})
		if err := q.SetResultVisibleFrom(ctx, queries.SetResultVisibleFromParams{VisibleFrom: at, ID: r.ID}); err != nil {
			return err
		}
	}
	return nil
}

// ResultNotices is the scheduler of the mails that a result is ready; the serve and demo commands run
// it beside the outbox worker.
func (s *Server) ResultNotices() *results.Notices {
	return &results.Notices{
		DB: s.db, Clock: s.clock, Log: s.log, Wake: s.wakeOutbox, Link: s.absoluteURL(resultsPath),
		Translator: func(lang string) mail.Translator { return s.views.Translator(lang) },
	}
}
