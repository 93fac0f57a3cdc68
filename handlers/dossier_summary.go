package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"balie/internal/dossier"
	"balie/internal/mail"
	"balie/queries"
	"balie/views"
)

// The summary mails of the dossier (internal/dossier): the scheduler with this app's database, clock
// and texts, and the patient's choice of how often ("Meldingen", /dossier/instellingen).

// Summaries is the scheduler of the dossier's summary mails; the serve and demo commands run it beside
// the outbox worker.
func (s *Server) Summaries() *dossier.Summaries {
	return &dossier.Summaries{
		DB: s.db, Clock: s.clock, Log: s.log, Wake: s.wakeOutbox, Link: s.absoluteURL(dossierPath),
		Translator: func(lang string) mail.Translator { return s.views.Translator(lang) },
	}
}

const (
	summarySettingsPath = dossierPath + "/instellingen"
	summaryDaily        = "daily"
)

// summaryChoices are the patient's choices (dossier_summaries.mail), in the page's order.
var summaryChoices = []string{summaryDaily, "instant", "never"}

type summaryPage struct {
	views.Form
	Choices []views.Option
}

func (s *Server) summaryForm(c echo.Context, f views.Form) summaryPage {
	page := summaryPage{Form: f}
	tr := s.tr(c)
	for _, ch := range summaryChoices {
		page.Choices = append(page.Choices, views.Option{Value: ch, Label: tr.T("dossier_summary.mail_" + ch)})
	}
	return page
}

func (s *Server) summarySettings(c echo.Context) error {
	choice, err := s.db.R.GetSummaryMail(c.Request().Context(), state(c).Patient.ID)
	if errors.Is(err, sql.ErrNoRows) {
		choice, err = summaryDaily, nil
	}
	if err != nil {
		return err
	}
	var f views.Form
	f.Set("melding", choice)
	return s.render(c, http.StatusOK, "dossier_summary", s.summaryForm(c, f))
}

func (s *Server) saveSummarySettings(c echo.Context) error {
	patient := state(c).Patient
	choice := c.FormValue("melding")
	var f views.Form
	f.Set("melding", choice)
	if !slices.Contains(summaryChoices, choice) {
		f.Fail("melding", "dossier_summary.mail_required")
		return s.render(c, http.StatusUnprocessableEntity, "dossier_summary", s.summaryForm(c, f))
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objAccount, patient.ID, patient.ID)
		return q.SetSummaryMail(ctx, queries.SetSummaryMailParams{PatientID: patient.ID, Mail: choice})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, summarySettingsPath, "dossier_summary.notice_saved")
}
