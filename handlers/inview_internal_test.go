package handlers

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/clock"
	"balie/queries"
)

// A row written while the signed-in user acts for another patient (a relative, once portalPatient gives
// them one) says on whose behalf: reads (logAccess) and changes (cl.add) both take it from the request.
func TestLogRowsSayOnWhoseBehalf(t *testing.T) {
	t.Parallel()
	s := &Server{clock: clock.NewFixed(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
	c := echo.New().NewContext(httptest.NewRequest("GET", "/overzicht", nil), httptest.NewRecorder())
	relative, patient := &queries.User{ID: 7, Role: "relative"}, &queries.User{ID: 3, Role: "patient"}
	st := state(c)
	st.User, st.Patient, st.OnBehalfOf = relative, patient, patient.ID
	cl := &changeLog{s: s, c: c}
	cl.add(objDiaryEntry, 1, st.Patient.ID)
	for _, e := range append(cl.entries, s.logEntry(c, "overview", 0, "read", "ok", st.Patient.ID)) {
		if e.ActorID != relative.ID || e.PatientID != patient.ID || e.OnBehalfOf != patient.ID {
			t.Errorf("%s row: actor %d, patient %d, on behalf of %d", e.ObjectType, e.ActorID, e.PatientID, e.OnBehalfOf)
		}
	}
	// The patient themselves acts for nobody else.
	st.User, st.OnBehalfOf = patient, 0
	if e := s.logEntry(c, "overview", 0, "read", "ok", patient.ID); e.OnBehalfOf != 0 || e.ActorID != patient.ID {
		t.Errorf("the patient's own row: %+v", e)
	}
}
