package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// Akkoord (seed 001): the practitioner asks the patient's akkoord on a report or a document; the patient
// gives it once, for the version they read, and it is final (the database refuses to change or remove
// it: report_approvals). A report or document that does not ask it, or that the patient cannot see, is
// a 404 like another patient's.

// akkoordPage is the confirmation page of either kind: what is asked, and whether it was given.
type akkoordPage struct {
	Kind       string // "report" or "document": the texts and the form's address
	ID         int64
	Title      string
	ApprovedAt sql.NullTime
	Conflict   bool // the akkoord was given meanwhile (another tab): said once, no button
}

// Action is the address the page's form posts to.
func (p akkoordPage) Action() string {
	if p.Kind == objDocument {
		return documentsPath + "/" + strconv.FormatInt(p.ID, 10) + "/akkoord"
	}
	return reportAkkoordPath(p.ID)
}

// Back is where the page's link returns to.
func (p akkoordPage) Back() string {
	if p.Kind == objDocument {
		return documentsPath
	}
	return dossierPath + "/" + strconv.FormatInt(p.ID, 10)
}

func reportAkkoordPath(id int64) string {
	return dossierPath + "/" + strconv.FormatInt(id, 10) + "/akkoord"
}

// approvableReport is the patient in view's report in the URL that asks their akkoord.
func (s *Server) approvableReport(c echo.Context) (akkoordPage, error) {
	patient := state(c).Patient.ID
	r, err := lookup(s, c, "id", objReport, patient, func(ctx context.Context, id int64) (queries.GetApprovableReportRow, error) {
		return s.db.R.GetApprovableReport(ctx, queries.GetApprovableReportParams{ID: id, PatientID: patient, Now: sqlTime(s.clock.Now())})
	})
	return akkoordPage{Kind: objReport, ID: r.ID, Title: r.Title, ApprovedAt: r.ApprovedAt}, err
}

// approvableDocument is the patient in view's document in the URL that asks their akkoord.
func (s *Server) approvableDocument(c echo.Context) (akkoordPage, error) {
	patient := state(c).Patient.ID
	d, err := lookup(s, c, "id", objDocument, patient, func(ctx context.Context, id int64) (queries.GetApprovableDocumentRow, error) {
		return s.db.R.GetApprovableDocument(ctx, queries.GetApprovableDocumentParams{ID: id, PatientID: patient, Now: sqlTime(s.clock.Now())})
	})
	return akkoordPage{Kind: objDocument, ID: d.ID, Title: d.Title, ApprovedAt: d.ApprovedAt}, err
}

func (s *Server) reportAkkoordPage(c echo.Context) error {
	return s.akkoordPage(c, s.approvableReport)
}

func (s *Server) documentAkkoordPage(c echo.Context) error {
	return s.akkoordPage(c, s.approvableDocument)
}

// akkoordPage asks the patient to confirm, or says when they gave their akkoord.
func (s *Server) akkoordPage(c echo.Context, find func(echo.Context) (akkoordPage, error)) error {
	p, err := find(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, p.Kind, p.ID, accesslog.ActionRead, state(c).Patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dossier_akkoord", p)
}

// giveReportAkkoord records the patient's akkoord on the report's current version.
func (s *Server) giveReportAkkoord(c echo.Context) error {
	return s.giveAkkoord(c, s.approvableReport, func(ctx context.Context, q *queries.Queries, p akkoordPage, by int64, now time.Time) (int64, error) {
		version, err := q.ReportVersion(ctx, p.ID)
		if err != nil {
			return 0, err
		}
		return q.ApproveReport(ctx, queries.ApproveReportParams{PatientID: state(c).Patient.ID, ReportID: sql.NullInt64{Int64: p.ID, Valid: true},
			Version: version, ApprovedBy: by, ApprovedAt: now})
	})
}

// giveDocumentAkkoord records the patient's akkoord on the document.
func (s *Server) giveDocumentAkkoord(c echo.Context) error {
	return s.giveAkkoord(c, s.approvableDocument, func(ctx context.Context, q *queries.Queries, p akkoordPage, by int64, now time.Time) (int64, error) {
		return q.ApproveDocument(ctx, queries.ApproveDocumentParams{PatientID: state(c).Patient.ID, DocumentID: sql.NullInt64{Int64: p.ID, Valid: true},
			ApprovedBy: by, ApprovedAt: now})
	})
}

// giveAkkoord writes the akkoord once, with its log row; a second one (another tab, a double click)
// changes nothing and says it was already given.
func (s *Server) giveAkkoord(c echo.Context, find func(echo.Context) (akkoordPage, error),
	approve func(ctx context.Context, q *queries.Queries, p akkoordPage, by int64, now time.Time) (int64, error)) error {
	p, err := find(c)
	if err != nil {
		return err
	}
	patient, me, now := state(c).Patient.ID, state(c).User.ID, s.clock.Now()
	var n int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if n, err = approve(ctx, q, p, me, now); err != nil || n == 0 {
			return err
		}
		cl.add(p.Kind, p.ID, patient)
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		if p, err = find(c); err != nil {
			return err
		}
		p.Conflict = true
		return s.render(c, http.StatusConflict, "dossier_akkoord", p)
	}
	return redirectWithNotice(c, p.Action(), "dossier_akkoord.notice_given")
}
