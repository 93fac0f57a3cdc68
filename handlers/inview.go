package handlers

import (
	"github.com/labstack/echo/v4"

	"balie/queries"
)

// The patient in view (design.md §11) is whose data a request reads or writes. The access layer sets it
// (enterPatient) before the handler runs; portal handlers read and write that patient's data only, and
// every access-log row names them. The signed-in user (state.User) stays the one who acts: the author of
// a message, the uploader of a document, the owner of a draft.

// portalPatient decides, in this one place, whose portal a signed-in user sees, and on whose behalf they
// act there (0: as themselves). Today only patients have a portal, and it is their own; relatives
// (issue 15) will be given here the patient they chose, with that patient as onBehalfOf.
func portalPatient(u *queries.User) (p *queries.User, onBehalfOf int64) {
	return u, 0
}

// enterPatient sets the patient in view of route r: on the portal's routes the patient whose portal it
// is, on the staff pages about one patient the patient of the path (an id that names no patient is a
// 404 logged as denied), on any other route nobody.
func (s *Server) enterPatient(c echo.Context, r Route) error {
	st := state(c)
	switch {
	case r.Access == patient:
		st.Patient, st.OnBehalfOf = portalPatient(st.User)
	case r.aboutPatientInPath():
		p, err := lookup(s, c, "id", objPatient, 0, s.db.R.GetPatient)
		if err != nil {
			return err
		}
		st.Patient = &p
	}
	return nil
}
