package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// The access log (design.md §8) is written three ways, each in one place:
//   - a change writes its rows in its own transaction (change, change.go);
//   - a read is logged with logAccess before the page is sent (group commit);
//   - a refused id is logged as denied by refuse (lookup, lookup.go).

// Object types of the access log that an id in a URL names (Route.ID, lookup) or a change touches.
const (
	objDiaryEntry  = "diary_entry"
	objDocument    = "document"
	objThread      = "message_thread"
	objPhoto       = "photo"
	objPatient     = "patient"
	objFactor      = "factor"
	objStaffMember = "staff_member"
	objOutbox      = "outbox"
	objDraft       = "draft"
	objAccount     = "account"
	objInvitation  = "invitation"
	objAppointment = "appointment"
	// a patient's calendar subscription address (its id is the patient's)
	objCalendarFeed = "calendar_feed"
	// objAppointmentKind: a kind of appointment a patient chose to book (refused when it names none).
	objAppointmentKind = "appointment_kind"
	// objReport: a report or letter of the dossier; objReportCategory: one of the practice's categories.
	objReport         = "report"
	objReportCategory = "report_category"
)

// logEntry is a row about the signed-in user's request: the user acts, on behalf of the patient the
// access layer set (requestState.OnBehalfOf) when that is not themselves; or a share code's viewer
// (inzien.go).
func (s *Server) logEntry(c echo.Context, objectType string, objectID int64, action, outcome string, patientID int64) accesslog.Entry {
	st := state(c)
	e := accesslog.Entry{At: s.clock.Now(), PatientID: patientID, ObjectType: objectType, ObjectID: objectID,
		Action: action, Outcome: outcome, Address: c.RealIP(), RequestID: st.ID}
	if st.User != nil {
		e.ActorID, e.ActorRole, e.OnBehalfOf = st.User.ID, st.User.Role, st.OnBehalfOf
	} else if v := viewerOf(c); v != nil { // a share code's viewer has no account: the row names the code
		e.ActorRole, e.ShareCodeID = viewerRole, v.ID
	}
	return e
}

// errChangeLogged: a change is never logged after the fact, but with change, in its own transaction.
var errChangeLogged = errors.New("logAccess: a change is logged by Server.change, in its transaction")

// logAccess records that the signed-in user read data of patients, one row per patient, and returns
// once the rows are durable: data is shown only after its access is logged. The rows share their commit
// with other requests' (group commit) and are written even if the client goes away meanwhile.
func (s *Server) logAccess(c echo.Context, objectType string, objectID int64, action string, patientIDs ...int64) error {
	if action == accesslog.ActionChange {
		return errChangeLogged
	}
	entries := make([]accesslog.Entry, len(patientIDs))
	for i, pid := range patientIDs {
		entries[i] = s.logEntry(c, objectType, objectID, action, accesslog.OutcomeOK, pid)
	}
	return s.access.Write(entries...)
}

// refuse answers 404 to an id the user may not use (another patient's object, or nothing at all), once
// the attempt is logged as denied: objectID is the id tried (0 when it was no number), patientID the
// patient in view (0 on the clinic's own pages). The action is what the request would have done.
func (s *Server) refuse(c echo.Context, objectType string, objectID, patientID int64) error {
	action := accesslog.ActionChange
	if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
		action = accesslog.ActionRead
	}
	if err := s.access.Write(s.logEntry(c, objectType, objectID, action, accesslog.OutcomeDenied, patientID)); err != nil {
		return err
	}
	return echo.NewHTTPError(http.StatusNotFound)
}

// patientOf is u's id when u is a patient: the patient in view of their own account's pages (0 for staff).
func patientOf(u *queries.User) int64 {
	if u != nil && u.Role == "patient" {
		return u.ID
	}
	return 0
}
