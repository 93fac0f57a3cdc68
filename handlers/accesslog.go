package handlers

import (
	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
)

// logAccess records that the signed-in user read or changed data of patients (design.md §8), one row
// per patient, and returns once the rows are durable: data is shown only after its access is logged.
func (s *Server) logAccess(c echo.Context, objectType string, objectID int64, action string, patientIDs ...int64) error {
	st := state(c)
	now := s.clock.Now()
	entries := make([]accesslog.Entry, len(patientIDs))
	for i, pid := range patientIDs {
		entries[i] = accesslog.Entry{
			At: now, ActorID: st.User.ID, ActorRole: st.User.Role, PatientID: pid,
			ObjectType: objectType, ObjectID: objectID, Action: action, Outcome: accesslog.OutcomeOK,
			Address: c.RealIP(), RequestID: st.ID,
		}
	}
	return s.access.Write(c.Request().Context(), entries...)
}
