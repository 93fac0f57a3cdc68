package handlers

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// "Klopt er iets niet?" (seed 004, AVG art. 16): on a report they can see, the patient asks the practice
// to correct it or to add their own statement to it. The practice answers within a month
// (dossier_correction_praktijk.go); the patient hears of it by a mail that says nothing of the report.

const (
	maxCorrectionText = 4000
	// correctionMonths: the practice answers a request within this many months (AVG art. 12(3)).
	correctionMonths = 1
)

// correctionKinds are the patient's choices, in the page's order.
var correctionKinds = []string{"correction", "statement"}

type correctionPage struct {
	views.Form
	Report queries.GetCorrectableReportRow
	Open   []queries.ListOpenCorrectionsOfReportRow
	Kinds  []views.Option
}

// correctableReport is the patient in view's report in the URL, as the patient sees it.
func (s *Server) correctableReport(c echo.Context) (queries.GetCorrectableReportRow, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objReport, patient, func(ctx context.Context, id int64) (queries.GetCorrectableReportRow, error) {
		return s.db.R.GetCorrectableReport(ctx, queries.GetCorrectableReportParams{ID: id, PatientID: patient, Now: sqlTime(s.clock.Now())})
	})
}

// correctionForm builds the page of report r, with what the patient typed in f.
func (s *Server) correctionForm(c echo.Context, r queries.GetCorrectableReportRow, f views.Form) (correctionPage, error) {
	page := correctionPage{Form: f, Report: r}
	tr := s.tr(c)
	for _, k := range correctionKinds {
		page.Kinds = append(page.Kinds, views.Option{Value: k, Label: tr.T("dossier_correction.kind_" + k)})
	}
	var err error
	page.Open, err = s.db.R.ListOpenCorrectionsOfReport(c.Request().Context(),
		queries.ListOpenCorrectionsOfReportParams{ReportID: r.ID, PatientID: r.PatientID})
	return page, err
}

func (s *Server) correctionPage(c echo.Context) error {
	r, err := s.correctableReport(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, r.PatientID); err != nil {
		return err
	}
	page, err := s.correctionForm(c, r, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dossier_correction", page)
}

// askCorrection stores the patient's request and mails them that it arrived (nothing about the report).
func (s *Server) askCorrection(c echo.Context) error {
	r, err := s.correctableReport(c)
	if err != nil {
		return err
	}
	patient := state(c).Patient
	kind, text := c.FormValue("soort"), strings.TrimSpace(c.FormValue("toelichting"))
	var f views.Form
	f.Set("soort", kind)
	f.Set("toelichting", text)
	if !slices.Contains(correctionKinds, kind) {
		f.Fail("soort", "dossier_correction.kind_required")
	}
	checkText(&f, "toelichting", text, "dossier_correction.text_required", maxCorrectionText)
	if f.Failed() {
		page, err := s.correctionForm(c, r, f)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "dossier_correction", page)
	}
	now := s.clock.Now()
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.AddCorrection(ctx, queries.AddCorrectionParams{ReportID: r.ID, PatientID: r.PatientID, Kind: kind, Text: text,
			AskedAt: now, DueAt: now.AddDate(0, correctionMonths, 0)})
		if err != nil {
			return err
		}
		cl.add(objReportCorrection, id, r.PatientID)
		return s.mailDossier(ctx, q, patient.Email, patient.Locale, patient.FullName(), "dossier_correction_received")
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, correctionPath(r.ID), "dossier_correction.notice_sent")
}

func correctionPath(reportID int64) string {
	return dossierPath + "/" + strconv.FormatInt(reportID, 10) + "/correctie"
}

// mailDossier queues a mail of kind about the patient's dossier: it says that something happened, with a
// button to the dossier, never which report or what it says. A patient without an address gets none.
func (s *Server) mailDossier(ctx context.Context, q *queries.Queries, to, locale, name, kind string) error {
	if to == "" {
		return nil
	}
	return s.queueMail(ctx, q, to, locale, kind, map[string]any{"Name": name, "Link": s.absoluteURL(dossierPath)})
}
