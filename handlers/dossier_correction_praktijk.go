package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// The practice's queue of correction requests (AVG art. 16): open requests, the first due first, marked
// when the month has passed. Staff answer one either with a new version of the report (the old row is
// kept, superseded_by pointing to the new one) or by adding the patient's statement to the report.

const (
	correctionsPath    = "/praktijk/dossier/correcties"
	correctionsPerPage = 25
)

// objReportCorrection: a patient's request to correct a report, or their statement about it.
const objReportCorrection = "report_correction"

type correctionQueuePage struct {
	Rows  []queries.ListOpenCorrectionsAfterRow
	Pager pager
	Now   time.Time // what is due before it is overdue
}

// correctionQueue lists the open requests a page at a time; each listed patient's access is logged.
func (s *Server) correctionQueue(c echo.Context) error {
	ctx := c.Request().Context()
	cur := readCursor[int64](c)
	limit, count := int64(correctionsPerPage+1), int64(countCap+1)
	var rows []queries.ListOpenCorrectionsAfterRow
	var err error
	if cur.Back {
		var back []queries.ListOpenCorrectionsBeforeRow
		back, err = s.db.R.ListOpenCorrectionsBefore(ctx, queries.ListOpenCorrectionsBeforeParams{Cap: count, Cursor: cur.Key, Limit: limit})
		rows, err = convertRows(back, err, func(r queries.ListOpenCorrectionsBeforeRow) queries.ListOpenCorrectionsAfterRow {
			return queries.ListOpenCorrectionsAfterRow(r)
		})
	} else {
		rows, err = s.db.R.ListOpenCorrectionsAfter(ctx, queries.ListOpenCorrectionsAfterParams{Cap: count, Cursor: cur.Key, Limit: limit})
	}
	if err != nil {
		return err
	}
	var page correctionQueuePage
	page.Rows, page.Pager = pageOf(rows, correctionsPerPage, cur, func(r queries.ListOpenCorrectionsAfterRow) int64 { return r.ID }, correctionsPath, nil)
	if len(page.Rows) == 0 && cur.Set {
		return toFirstPage(c, correctionsPath, nil)
	}
	page.Pager.Words = "dossier_correction.queue"
	if len(rows) > 0 {
		page.Pager.Count = rows[0].Total
	}
	page.Now = s.clock.Now()
	ids := make([]int64, len(page.Rows))
	for i, r := range page.Rows {
		ids[i] = r.PatientID
	}
	if err := s.logAccess(c, objReportCorrection, 0, accesslog.ActionList, ids...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dossier_correction_praktijk", page)
}

// openCorrections is the number beside the queue in the menu, counted with the conversations
// (waitingFor): no statement of its own.
func (b *badges) openCorrections() (int64, error) {
	w, err := b.waitingFor()
	return w.Corrections, err
}

// correctionRequestPage is one request with its report, and the two ways to answer it.
type correctionRequestPage struct {
	views.Form // the corrected report: titel, tekst
	queries.GetCorrectionForStaffRow
	Now time.Time
}

// Name is the patient's.
func (p correctionRequestPage) Name() string {
	return queries.FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// correctionRequest finds the request in the URL (any staff member may open any; an unknown id is a 404).
func (s *Server) findCorrection(c echo.Context) (queries.GetCorrectionForStaffRow, error) {
	return lookup(s, c, "id", objReportCorrection, 0, s.db.R.GetCorrectionForStaff)
}

func (s *Server) correctionRequest(c echo.Context) error {
	k, err := s.findCorrection(c)
	if err != nil {
		return err
	}
	page := correctionRequestPage{GetCorrectionForStaffRow: k, Now: s.clock.Now()}
	page.Set("titel", k.Title)
	page.Set("tekst", k.Body)
	return s.showCorrectionRequest(c, http.StatusOK, page)
}

// showCorrectionRequest logs the read of the request and its report, and shows them.
func (s *Server) showCorrectionRequest(c echo.Context, status int, page correctionRequestPage) error {
	if err := s.logAccess(c, objReportCorrection, page.ID, accesslog.ActionRead, page.PatientID); err != nil {
		return err
	}
	return s.render(c, status, "dossier_correction_request", page)
}

// correctReport answers the request with a new version of the report: shared with the patient at once,
// the old version kept and marked as replaced by it.
func (s *Server) correctReport(c echo.Context) error {
	k, err := s.findCorrection(c)
	if err != nil {
		return err
	}
	title, body := strings.TrimSpace(c.FormValue("titel")), strings.TrimSpace(c.FormValue("tekst"))
	page := correctionRequestPage{GetCorrectionForStaffRow: k, Now: s.clock.Now()}
	page.Set("titel", title)
	page.Set("tekst", body)
	checkText(&page.Form, "titel", title, "dossier_correction.title_required", maxReportTitle)
	checkText(&page.Form, "tekst", body, "dossier_correction.body_required", maxReportBody)
	if page.Failed() {
		return s.showCorrectionRequest(c, http.StatusUnprocessableEntity, page)
	}
	return s.handleCorrection(c, k, page, "corrected", func(ctx context.Context, q *queries.Queries, cl *changeLog) (sql.NullInt64, error) {
		id, err := q.AddReportVersion(ctx, queries.AddReportVersionParams{AuthorID: state(c).User.ID, Title: title, Body: body,
			SearchText: queries.ReportSearchText(title, body), Now: s.clock.Now(), ID: k.ReportID})
		if err != nil {
			return sql.NullInt64{}, err
		}
		n, err := q.SupersedeReport(ctx, queries.SupersedeReportParams{NewID: sql.NullInt64{Int64: id, Valid: true}, ID: k.ReportID})
		if err != nil {
			return sql.NullInt64{}, err
		}
		if n == 0 { // corrected meanwhile by another request: this one answers nothing new
			return sql.NullInt64{}, errAlreadyHandled
		}
		cl.add(objReport, k.ReportID, k.PatientID)
		cl.add(objReport, id, k.PatientID)
		return sql.NullInt64{Int64: id, Valid: true}, nil
	})
}

// addStatement answers the request by adding the patient's text to the report as their statement.
func (s *Server) addStatement(c echo.Context) error {
	k, err := s.findCorrection(c)
	if err != nil {
		return err
	}
	page := correctionRequestPage{GetCorrectionForStaffRow: k, Now: s.clock.Now()}
	page.Set("titel", k.Title)
	page.Set("tekst", k.Body)
	return s.handleCorrection(c, k, page, "statement_added", func(context.Context, *queries.Queries, *changeLog) (sql.NullInt64, error) {
		return sql.NullInt64{}, nil // the request's own text is the statement (ListReportStatements)
	})
}

// errAlreadyHandled: the request (or its report) was answered meanwhile; nothing is written.
var errAlreadyHandled = errors.New("correction already handled")

// handleCorrection marks the request handled with outcome, after answer wrote what it needs, all in one
// change, and mails the patient that it is answered. A request answered meanwhile (another tab, a
// colleague) is said on its page and changes nothing.
func (s *Server) handleCorrection(c echo.Context, k queries.GetCorrectionForStaffRow, page correctionRequestPage, outcome string,
	answer func(ctx context.Context, q *queries.Queries, cl *changeLog) (sql.NullInt64, error)) error {
	now := s.clock.Now()
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.HandleCorrection(ctx, queries.HandleCorrectionParams{Now: sqlTime(now), HandledBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true},
			Outcome: sql.NullString{String: outcome, Valid: true}, ID: k.ID})
		if err != nil {
			return err
		}
		if n == 0 {
			return errAlreadyHandled
		}
		newID, err := answer(ctx, q, cl)
		if err != nil {
			return err
		}
		if newID.Valid {
			if err := q.SetCorrectionReport(ctx, queries.SetCorrectionReportParams{NewReportID: newID, ID: k.ID}); err != nil {
				return err
			}
		}
		cl.add(objReportCorrection, k.ID, k.PatientID)
		return s.mailDossier(ctx, q, k.Email, k.Locale, page.Name(), "dossier_correction_handled")
	})
	if errors.Is(err, errAlreadyHandled) {
		if k, err = s.findCorrection(c); err != nil {
			return err
		}
		page.GetCorrectionForStaffRow = k
		page.Fail("", "dossier_correction.handled")
		return s.showCorrectionRequest(c, http.StatusConflict, page)
	}
	if err != nil {
		return err
	}
	s.wakeOutbox()
	notice := "dossier_correction.notice_corrected"
	if outcome == "statement_added" {
		notice = "dossier_correction.notice_statement_added"
	}
	return redirectWithNotice(c, correctionsPath, notice)
}

// Name is a listed request's patient.
func (correctionQueuePage) Name(r queries.ListOpenCorrectionsAfterRow) string {
	return queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
}
