package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// Consents (seed 001): the practice defines what it asks permission for (beheer_consents.go); the
// patient gives or withdraws each one the practice lets them change here, after a confirmation step.
// Every change is a new row of consent_events, which the database keeps as written: the current state
// is the newest one, and the history is all of them.

const (
	consentsPath = "/toestemmingen"
	// objConsent is a patient's consents in the access log; objConsentKind a consent the practice asks.
	objConsent     = "consent"
	objConsentKind = "consent_kind"
	// maxConsentHistory bounds the history a page shows: a patient's changes are few.
	maxConsentHistory = 200
)

// consentsPage is the patient's consents and their history; staff see the same (patients_praktijk).
type consentsPage struct {
	Staff     bool  // the staff patient page: staff record a change
	PatientID int64 // the patient in view
	Consents  []queries.ListPatientConsentsRow
	History   []queries.ListConsentHistoryRow
	Parents   childParents // the patient's own page: parents with access (kinderen.go)
}

// loadConsents reads the patient's consents and history, and logs that they were read.
func (s *Server) loadConsents(c echo.Context, patientID int64) (consentsPage, error) {
	ctx := c.Request().Context()
	data := consentsPage{Staff: isStaff(state(c).User.Role), PatientID: patientID}
	if err := s.logAccess(c, objConsent, 0, accesslog.ActionList, patientID); err != nil {
		return data, err
	}
	var err error
	if data.Consents, err = s.db.R.ListPatientConsents(ctx, patientID); err != nil {
		return data, err
	}
	data.History, err = s.db.R.ListConsentHistory(ctx, queries.ListConsentHistoryParams{PatientID: patientID, Limit: maxConsentHistory})
	return data, err
}

// consents ("Toestemmingen") shows each consent with its state and since when, and every change.
func (s *Server) consents(c echo.Context) error {
	data, err := s.loadConsents(c, state(c).Patient.ID)
	if err != nil {
		return err
	}
	if data.Parents, err = s.childParentsOf(c); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "consents", data)
}

// consentConfirmPage asks the patient to confirm giving or withdrawing one consent.
type consentConfirmPage struct {
	Kind  queries.ConsentKind
	Given bool // now given: the page asks to withdraw it
	// Relatives: the consent to reading along, whose withdrawal stops every relative's access.
	Relatives bool
}

// confirmConsent is the confirmation step (also the page without JavaScript): a consent the patient may
// not change here is a 404 like an unknown one.
func (s *Server) confirmConsent(c echo.Context) error {
	kind, err := lookup(s, c, "id", objConsentKind, 0, s.db.R.GetChangeableConsentKind)
	if err != nil {
		return err
	}
	patient := state(c).Patient
	current, err := s.db.R.CurrentConsent(c.Request().Context(), queries.CurrentConsentParams{PatientID: patient.ID, KindID: kind.ID})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objConsent, kind.ID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "consents_confirm", consentConfirmPage{Kind: kind, Given: current == 1,
		Relatives: kind.Key.String == queries.ConsentKeyRelatives})
}

// changeConsent records the patient's confirmed choice (geven=1: give, 0: withdraw).
func (s *Server) changeConsent(c echo.Context) error {
	kind, err := lookup(s, c, "id", objConsentKind, 0, s.db.R.GetChangeableConsentKind)
	if err != nil {
		return err
	}
	given, err := strconv.ParseInt(c.FormValue("geven"), 10, 64)
	if err != nil || (given != 0 && given != 1) {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if err := s.recordConsent(c, state(c).Patient.ID, kind, given); err != nil {
		return err
	}
	notice := "consents.notice_withdrawn"
	if given == 1 {
		notice = "consents.notice_given"
	}
	return redirectWithNotice(c, consentsPath, notice)
}

// recordConsent adds the change, unless the consent is in that state already (a form sent twice), as
// the signed-in user: the patient, or a staff member on the patient page. Withdrawing the consent to
// reading along also stops every relative's access, in the same change: their next request no longer
// opens the portal.
func (s *Server) recordConsent(c echo.Context, patientID int64, kind queries.ConsentKind, given int64) error {
	return s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := s.recordConsentIn(ctx, q, cl, patientID, kind.ID, given); err != nil {
			return err
		}
		if given == 1 || kind.Key.String != queries.ConsentKeyRelatives {
			return nil
		}
		ended, err := q.EndLiveRelatives(ctx, queries.EndLiveRelativesParams{Now: sql.NullTime{Time: s.clock.Now(), Valid: true},
			By: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, PatientID: patientID})
		for _, id := range ended {
			cl.add(objAuthorisation, id, patientID)
		}
		return err
	})
}

// recordConsentIn is recordConsent inside a change that does more (a relative's reading along starts or
// ends, naasten.go).
func (s *Server) recordConsentIn(ctx context.Context, q *queries.Queries, cl *changeLog, patientID, kindID, given int64) error {
	current, err := q.CurrentConsent(ctx, queries.CurrentConsentParams{PatientID: patientID, KindID: kindID})
	if err != nil || current == given {
		return err
	}
	id, err := q.AddConsentEvent(ctx, queries.AddConsentEventParams{PatientID: patientID, KindID: kindID, Given: given,
		At: s.clock.Now(), ByID: state(cl.c).User.ID})
	if err != nil {
		return err
	}
	cl.add(objConsent, id, patientID)
	return nil
}
