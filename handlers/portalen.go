package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/authorisation"
	"balie/queries"
	"balie/views"
)

// Switching portals ("U bekijkt: …"): the list of the portals a patient or relative may open, opening
// one (a POST, checked like every request and logged), and a grantee ending their own access.

const (
	portalsPath = "/portalen"
	// objPortal: someone else's portal, opened (its id is the authorisation's) or refused.
	objPortal = "portal"
)

// portalFrame is the switcher of the page frame: whose portal is open, for a patient who may open
// others and for every relative; nil for everyone else. On a page off the portal (the account's) the
// portal is looked up here, so that the menu and the banner say the same everywhere. Whether a patient
// may open others follows the authorisations at every request, never a note in the session, so that a
// portal staff or a patient just gave shows at once, and one just ended goes: the session's load says
// whether the user holds any live authorisation (no statement of its own), and only then are they read
// to see whether one counts now.
func (s *Server) portalFrame(c echo.Context) *views.Portal {
	st := state(c)
	u := st.User
	if u.Role != "patient" && u.Role != "relative" {
		return nil
	}
	if st.Patient == nil && st.Session != nil {
		if err := s.portalPatient(c); err != nil && !errors.Is(err, errNoPortal) && !errors.Is(err, errPortalClosed) {
			s.log.Error("portal", "err", err, "id", st.ID)
		}
	}
	switch {
	case st.Grant != nil:
		p := &views.Portal{Name: st.Patient.FullName()}
		if st.Patient.BirthDate.Valid {
			p.BirthDate = st.Patient.BirthDate.Time
		}
		return p
	case u.Role == "relative":
		return &views.Portal{Own: true} // none open
	}
	if !st.Meta.LiveGrants {
		return nil
	}
	rows, err := s.portalGrants(c)
	if err != nil {
		s.log.Error("portals", "err", err, "id", st.ID)
		return nil
	}
	if len(rows) == 0 {
		return nil
	}
	return &views.Portal{Own: true, Name: u.FullName()}
}

// portalItem is a portal the user may open, as the list shows it.
type portalItem struct {
	PatientID int64
	Name      string
	BirthDate sql.NullTime
	Kind      string // "" for the user's own, else authorisation.Kind*
	Open      bool
}

type portalsPage struct {
	Items []portalItem
}

// portals lists the portals the user may open now, the open one marked.
func (s *Server) portals(c echo.Context) error {
	st := state(c)
	rows, err := s.portalGrants(c)
	if err != nil {
		return err
	}
	var data portalsPage
	if st.User.Role == "patient" {
		data.Items = append(data.Items, portalItem{PatientID: st.User.ID, Name: st.User.FullName(), Open: st.Grant == nil})
	}
	var ids []int64
	for _, r := range rows {
		data.Items = append(data.Items, portalItem{PatientID: r.User.ID, Name: r.User.FullName(), BirthDate: r.User.BirthDate,
			Kind: r.Authorisation.Kind, Open: st.Grant != nil && st.Grant.ID == r.Authorisation.ID})
		ids = append(ids, r.User.ID)
	}
	if len(ids) > 0 {
		if err := s.logAccess(c, objPortal, 0, accesslog.ActionList, ids...); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "portalen", data)
}

// switchPortal opens the portal the form names ("eigen": the user's own), if the user may open it now;
// anything else is a 404 logged as denied.
func (s *Server) switchPortal(c echo.Context) error {
	st := state(c)
	choice := c.FormValue("portaal")
	if choice == "eigen" || choice == strconv.FormatInt(st.User.ID, 10) {
		if st.User.Role != "patient" {
			return s.refuse(c, objPortal, 0, 0)
		}
		if err := s.openPortal(c, 0); err != nil {
			return err
		}
		return redirectWithNotice(c, "/overzicht", "portalen.notice_own")
	}
	id, err := strconv.ParseInt(choice, 10, 64)
	if err != nil {
		return s.refuse(c, objPortal, 0, 0)
	}
	row, err := s.db.R.GetPortalGrant(c.Request().Context(), queries.GetPortalGrantParams{GranteeID: st.User.ID, PatientID: id})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s.refuse(c, objPortal, 0, 0)
	case err != nil:
		return err
	case !s.counts(row.Authorisation, row.User):
		return s.refuse(c, objPortal, row.Authorisation.ID, row.User.ID)
	}
	if err := s.openPortal(c, id); err != nil {
		return err
	}
	p := row.User
	st.Patient, st.OnBehalfOf = &p, p.ID
	if err := s.logAccess(c, objPortal, row.Authorisation.ID, accesslog.ActionRead, p.ID); err != nil {
		return err
	}
	return redirectWithNotice(c, "/overzicht", "portalen.notice_switched")
}

// grantOfPath is the user's authorisation that counts now for the portal of the patient in the path
// (else a 404, logged about the patient in view).
func (s *Server) grantOfPath(c echo.Context) (queries.GetPortalGrantRow, error) {
	st := state(c)
	var inView int64
	if st.Patient != nil {
		inView = st.Patient.ID
	}
	return lookup(s, c, "id", objPortal, inView, func(ctx context.Context, id int64) (queries.GetPortalGrantRow, error) {
		row, err := s.db.R.GetPortalGrant(ctx, queries.GetPortalGrantParams{GranteeID: st.User.ID, PatientID: id})
		if err == nil && !s.counts(row.Authorisation, row.User) {
			err = sql.ErrNoRows
		}
		return row, err
	})
}

type endGrantPage struct {
	PatientID int64
	Name      string
}

// confirmEndGrant asks whether the user really wants to stop seeing the patient's portal.
func (s *Server) confirmEndGrant(c echo.Context) error {
	row, err := s.grantOfPath(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "portalen_stoppen", endGrantPage{PatientID: row.User.ID, Name: row.User.FullName()})
}

// endGrant ends the user's own access to the patient's portal at once; the last relative who stops
// withdraws the patient's consent to reading along, in the same change.
func (s *Server) endGrant(c echo.Context) error {
	row, err := s.grantOfPath(c)
	if err != nil {
		return err
	}
	st := state(c)
	a, p := row.Authorisation, row.User
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.EndOwnGrant(ctx, queries.EndOwnGrantParams{Now: sql.NullTime{Time: s.clock.Now(), Valid: true},
			GranteeID: sql.NullInt64{Int64: st.User.ID, Valid: true}, PatientID: p.ID})
		if err != nil || n == 0 {
			return err
		}
		cl.add(objAuthorisation, a.ID, p.ID)
		if a.Kind != authorisation.KindRelative {
			return nil
		}
		return s.relativesConsentFollows(ctx, q, cl, p.ID)
	})
	if err != nil {
		return err
	}
	if st.Grant != nil && st.Grant.ID == a.ID {
		st.Grant, st.Patient, st.OnBehalfOf = nil, nil, 0
		if err := s.openPortal(c, 0); err != nil {
			return err
		}
	}
	return redirectWithNotice(c, portalsPath, "portalen.notice_ended")
}

// relativesConsentFollows records the patient's consent to reading along as it now is: given while any
// relative reads along, withdrawn once none does (a no-op when it is so already).
func (s *Server) relativesConsentFollows(ctx context.Context, q *queries.Queries, cl *changeLog, patientID int64) error {
	n, err := q.CountLiveRelatives(ctx, patientID)
	if err != nil {
		return err
	}
	given := int64(0)
	if n > 0 {
		given = 1
	}
	kind, err := q.GetConsentKindByKey(ctx, queries.ConsentKeyRelatives)
	if err != nil {
		return err
	}
	return s.recordConsentIn(ctx, q, cl, patientID, kind, given)
}
