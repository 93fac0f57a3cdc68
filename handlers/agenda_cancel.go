package handlers

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/queries"
)

// Cancelling an appointment (seed 002): up to the practice's cancel_hours before it, for kinds the
// practice lets patients cancel, after a confirmation step; later, the page says to call. The time is free
// for others at once (only booked appointments take a practitioner's time), the practice sees the
// cancellation as new, and the patient gets a mail that says the date, the time and the practice.

type cancelPage struct {
	queries.GetPatientAppointmentRow
	// CanCancel: the patient may still cancel it here; else the page says to call (unless it is cancelled).
	CanCancel   bool
	CancelHours int64
}

// Cancelled reports whether the appointment is cancelled already.
func (p cancelPage) Cancelled() bool { return p.Status != "booked" }

// publishedAppointment is the patient in view's appointment in the URL, as the patient may see it
// (published by now); another patient's, or one not yet published, is a 404.
func (s *Server) publishedAppointment(c echo.Context) (queries.GetPatientAppointmentRow, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objAppointment, patient, func(ctx context.Context, id int64) (queries.GetPatientAppointmentRow, error) {
		return s.db.R.GetPatientAppointment(ctx, queries.GetPatientAppointmentParams{ID: id, PatientID: patient, Now: s.clock.Now()})
	})
}

// cancelPageOf is the page for a, with whether the patient may cancel it now.
func (s *Server) cancelPageOf(ctx context.Context, a queries.GetPatientAppointmentRow) (cancelPage, error) {
	clinic, err := s.clinic(ctx)
	page := cancelPage{GetPatientAppointmentRow: a, CancelHours: clinic.CancelHours}
	page.CanCancel = !page.Cancelled() && agenda.CanCancel(a.Cancellable == 1, a.StartsAt, s.clock.Now(), clinic.CancelHours)
	return page, err
}

// confirmCancelAppointment asks before the patient cancels, or says why they cannot here.
func (s *Server) confirmCancelAppointment(c echo.Context) error {
	a, err := s.publishedAppointment(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
		return err
	}
	page, err := s.cancelPageOf(c.Request().Context(), a)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda_cancel", page)
}

// cancelAppointment cancels, checking the window again inside the write: the page may have been open
// past its boundary.
func (s *Server) cancelAppointment(c echo.Context) error {
	a, err := s.publishedAppointment(c)
	if err != nil {
		return err
	}
	patient := state(c).Patient
	now := s.clock.Now()
	refused := false
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cur, err := q.GetPatientAppointment(ctx, queries.GetPatientAppointmentParams{ID: a.ID, PatientID: patient.ID, Now: now})
		if err != nil {
			return err
		}
		clinic, err := q.GetClinic(ctx)
		if err != nil {
			return err
		}
		a = cur
		if cur.Status != "booked" || !agenda.CanCancel(cur.Cancellable == 1, cur.StartsAt, now, clinic.CancelHours) {
			refused = true
			return nil
		}
		if n, err := q.CancelOwnAppointment(ctx, queries.CancelOwnAppointmentParams{
			Now: sqlTime(now), By: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, ID: a.ID, PatientID: patient.ID}); err != nil || n == 0 {
			refused = err == nil
			return err
		}
		cl.add(objAppointment, a.ID, patient.ID)
		return s.mailAppointment(ctx, q, patient.Email, patient.Locale, patient.FullName(), "appointment_cancelled", a.StartsAt, nil)
	})
	if err != nil {
		return err
	}
	if refused {
		page, err := s.cancelPageOf(c.Request().Context(), a)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusConflict, "agenda_cancel", page)
	}
	s.wakeOutbox()
	return redirectWithNotice(c, agendaPath, "agenda_cancel.notice_cancelled")
}
