package handlers

import (
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/authorisation"
	"balie/queries"
	"balie/views"
)

// The patient in view (design.md §11) is whose data a request reads or writes. The access layer sets it
// (enterPatient) before the handler runs; portal handlers read and write that patient's data only, and
// every access-log row names them. The signed-in user (state.User) stays the one who acts: the author of
// a message, the uploader of a document, the owner of a draft.
//
// One sign-in, several portals (issue 15): a patient has their own portal and may open the portal of
// someone who authorised them (a parent, a child's; a relative the patient invited to read along); a
// relative (role 'relative') has no portal of their own, only those. The session remembers whose portal
// is open (portalKey); at every request the authorisation is read again and must count now
// (internal/authorisation: ended, past its last day, refused, the child's 16th birthday), so that an end
// takes effect on the next request, not at the next sign-in.

// portalKey is the session's value that holds whose portal the user has open (a patient's id; none: the
// user's own, or for a relative their first that counts).
const portalKey = "portal"

// grant is the authorisation through which the user has someone else's portal open.
type grant struct {
	ID    int64
	Kind  string   // authorisation.KindRelative or KindParent
	Areas []string // the portal's areas it opens (authorisations.areas)
}

// grantableAreas are the portal's areas (areas.go) an authorisation can open, in the menu's order; the
// diary, consents, share codes and the patient's own relatives never: they are the patient's alone.
var grantableAreas = []string{"agenda", "dossier", "medicatie", "herhaalrecepten", "conversations", "uitslagen", "vragenlijsten", "documents"}

// readAreas reads the areas of offered ticked in a form (checkboxes "gebied-{area}") into f, in offered's
// order; none ticked is problem at the first one.
func readAreas(c echo.Context, f *views.Form, offered []string, problem string) []string {
	var ticked []string
	for _, a := range offered {
		if c.FormValue("gebied-"+a) != "" {
			f.Set("gebied-"+a, "1")
			ticked = append(ticked, a)
		}
	}
	if len(ticked) == 0 {
		f.Fail("gebied-"+offered[0], problem)
	}
	return ticked
}

// grantedAs is the area of the authorisation that opens a route's area: writing a message or an
// e-consult belongs to the conversations.
func grantedAs(area string) string {
	switch area {
	case "messages", "econsult":
		return "conversations"
	}
	return area
}

// areasOf reads authorisations.areas (names separated by commas or spaces).
func areasOf(stored string) []string {
	return strings.FieldsFunc(stored, func(r rune) bool { return r == ',' || r == ' ' })
}

// allows decides what the holder of g may do on the patient's portal. The overview and switching are
// always there. An area in the authorisation: a parent acts for the child (reads and writes, as the
// child would); a relative reads along (GET only), except in the conversations, which the patient opens
// to them only by ticking them: there they may write too. Anything else does not exist for them (404).
func (g *grant) allows(area, method string) bool {
	switch area {
	case "overview", "portalen":
		return true
	}
	if !slices.Contains(grantableAreas, grantedAs(area)) || !slices.Contains(g.Areas, grantedAs(area)) {
		return false
	}
	read := method == http.MethodGet || method == http.MethodHead
	return g.Kind == authorisation.KindParent || read || grantedAs(area) == "conversations"
}

// errNoPortal: the user has no portal open (a relative whose every authorisation ended).
var errNoPortal = errors.New("no portal open")

// errPortalClosed: the portal the session had open no longer counts.
var errPortalClosed = errors.New("portal no longer open")

// portalPatient decides, in this one place, whose portal a signed-in user sees and on whose behalf they
// act there: it sets st.Patient, and for someone else's portal st.OnBehalfOf and st.Grant. It costs one
// statement on someone else's portal (GetPortalGrant) and none on the user's own.
func (s *Server) portalPatient(c echo.Context) error {
	st := state(c)
	u := st.User
	open, _ := st.Session.Values[portalKey].(int64)
	if open == 0 && u.Role != "patient" {
		first, err := s.firstPortal(c)
		if err != nil {
			return err
		}
		if first == nil {
			return errNoPortal
		}
		if err := s.openPortal(c, first.User.ID); err != nil {
			return err
		}
		open = first.User.ID
	}
	if open == 0 || open == u.ID {
		if u.Role != "patient" {
			return errNoPortal
		}
		st.Patient = u
		return nil
	}
	row, err := s.db.R.GetPortalGrant(c.Request().Context(), queries.GetPortalGrantParams{GranteeID: u.ID, PatientID: open})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !s.counts(row.Authorisation, row.User)) {
		if err := s.openPortal(c, 0); err != nil {
			return err
		}
		return errPortalClosed
	}
	if err != nil {
		return err
	}
	p := row.User
	st.Patient, st.OnBehalfOf = &p, p.ID
	st.Grant = &grant{ID: row.Authorisation.ID, Kind: row.Authorisation.Kind, Areas: areasOf(row.Authorisation.Areas)}
	return nil
}

// counts reports whether authorisation a opens patient p's portal now.
func (s *Server) counts(a queries.Authorisation, p queries.User) bool {
	return authorisation.Counts(authorisationOf(a), dateOfDay(p.BirthDate.Time), s.clock.Now(), views.Zone)
}

// portalGrants are the user's authorisations that count now, with their patients.
func (s *Server) portalGrants(c echo.Context) ([]queries.ListPortalGrantsRow, error) {
	rows, err := s.db.R.ListPortalGrants(c.Request().Context(), state(c).User.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(rows, func(r queries.ListPortalGrantsRow) bool { return !s.counts(r.Authorisation, r.User) }), nil
}

// firstPortal is the first portal that counts of a user without one of their own (nil: none).
func (s *Server) firstPortal(c echo.Context) (*queries.ListPortalGrantsRow, error) {
	rows, err := s.portalGrants(c)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// openPortal remembers in the session whose portal is open (0: the user's own, or none).
func (s *Server) openPortal(c echo.Context, patientID int64) error {
	st := state(c)
	if patientID == 0 {
		delete(st.Session.Values, portalKey)
	} else {
		st.Session.Values[portalKey] = patientID
	}
	return st.Session.Save(c.Request(), c.Response())
}

// enterPatient sets the patient in view of route r: on the portal's routes the patient whose portal it
// is, on the staff pages about one patient the patient of the path (an id that names no patient is a
// 404 logged as denied), on any other route nobody. A route of someone else's portal that the
// authorisation does not open is a 404 logged as denied; a portal that no longer counts sends the user
// to their own (or to the list of portals) with a notice.
func (s *Server) enterPatient(c echo.Context, r Route) error {
	st := state(c)
	switch {
	case r.Access == patient:
		err := s.portalPatient(c)
		switch {
		case r.Area == "portalen" && (err == nil || errors.Is(err, errNoPortal) || errors.Is(err, errPortalClosed)):
			return nil // the list of portals is there whatever is open
		case errors.Is(err, errPortalClosed) && st.User.Role == "patient":
			return navigate(c, withNotice("/overzicht", "portalen.notice_closed"))
		case errors.Is(err, errPortalClosed):
			return navigate(c, withNotice(portalsPath, "portalen.notice_closed"))
		case errors.Is(err, errNoPortal):
			return navigate(c, withNotice(portalsPath, "portalen.notice_none"))
		case err != nil:
			return err
		}
		if st.Grant != nil && !st.Grant.allows(r.Area, r.Method) {
			return s.refuse(c, objPortal, st.Grant.ID, st.Patient.ID)
		}
	case r.aboutPatientInPath():
		p, err := lookup(s, c, "id", objPatient, 0, s.db.R.GetPatient)
		if err != nil {
			return err
		}
		st.Patient = &p
	}
	return nil
}

// viewerIsParent reports whether the request is a parent's view of a child's portal (the access layer's
// grant, inview.go): then what the practitioner hid from parents is not there. A relative the patient
// invited sees what the patient chose to share. The portal's dossier and documents queries take it as
// @viewer_is_parent.
func viewerIsParent(c echo.Context) bool {
	g := state(c).Grant
	return g != nil && g.Kind == authorisation.KindParent
}

// viewerIsParentParam is viewerIsParent as the queries take it.
func viewerIsParentParam(c echo.Context) int64 {
	if viewerIsParent(c) {
		return 1
	}
	return 0
}

// readsAlong reports whether the request is a relative's reading along in the patient's portal: what they
// open stays new for the patient (a report unread, a message unread, a result new). A parent acts for the
// child, so what a parent opens counts as opened.
func readsAlong(c echo.Context) bool {
	g := state(c).Grant
	return g != nil && g.Kind == authorisation.KindRelative
}
