package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/sms"
	"balie/queries"
	"balie/views"
)

// Relatives reading along (seed 001): the patient invites someone close (name, e-mail, mobile) to read
// chosen areas of the portal until a date, sees who reads along and what, changes it, and ends it at
// once. The relative gets an account of their own (role 'relative', the usual invitation, second factor
// and terms) or, when the address is already an account's, that account is given the portal. Their
// access is the access layer's (inview.go): reading only, except in the conversations when the patient
// ticks them. The consent "Mijn naasten mogen met mij meelezen" follows in the same change: given when
// the first starts, withdrawn when the last ends.
//
// The activation of a new relative's account asks no birth date: the one on file at activation is the
// patient's, and a relative has none on file. Nothing else the relative knows is on file either (their
// mobile number is what the patient typed), so the one-time link and the second factor they set up
// carry the activation, as for staff.

const naastenPath = "/naasten"

// relativeAreas are the areas a patient can open to a relative, in the menu's order; never the diary.
var relativeAreas = []string{"agenda", "dossier", "medicatie", "uitslagen", "vragenlijsten", "documents", "conversations"}

// relative is one relative reading along, as the list shows it.
type relative struct {
	queries.ListRelativesOfPatientRow
	AreaNames []string
}

func (r relative) Name() string { return queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName) }

type naastenPage struct {
	Relatives []relative
}

// naasten lists who reads along with the patient, and what.
func (s *Server) naasten(c echo.Context) error {
	patient := state(c).Patient
	rows, err := s.db.R.ListRelativesOfPatient(c.Request().Context(), patient.ID)
	if err != nil {
		return err
	}
	var data naastenPage
	for _, r := range rows {
		data.Relatives = append(data.Relatives, relative{ListRelativesOfPatientRow: r, AreaNames: areasOf(r.Areas)})
	}
	if err := s.logAccess(c, objAuthorisation, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "naasten", data)
}

// relativeForm is the invitation (New) or the change of one relative's areas and last day.
type relativeForm struct {
	views.Form
	New   bool
	ID    int64
	Name  string // the relative's, when changing
	Areas []string
	Today string // the earliest last day, YYYY-MM-DD
}

func (s *Server) relativeFormOf() relativeForm {
	return relativeForm{Areas: relativeAreas, Today: localDate(s.clock.Now()).Format(time.DateOnly)}
}

// newRelative is the invitation form, with no area ticked.
func (s *Server) newRelative(c echo.Context) error {
	f := s.relativeFormOf()
	f.New = true
	return s.render(c, http.StatusOK, "naasten_form", f)
}

// readScope reads the ticked areas and the last day into f; the areas joined as authorisations.areas
// keeps them.
func (s *Server) readScope(c echo.Context, f *relativeForm) (areas string, lastDay sql.NullTime) {
	ticked := readAreas(c, &f.Form, relativeAreas, "naasten.error_areas")
	until := strings.TrimSpace(c.FormValue("tot"))
	f.Set("tot", until)
	if until != "" {
		d, err := time.Parse(time.DateOnly, until)
		switch {
		case err != nil:
			f.Fail("tot", "naasten.error_date")
		case d.Before(localDate(s.clock.Now())):
			f.Fail("tot", "naasten.error_date_past")
		default:
			lastDay = sql.NullTime{Time: d, Valid: true}
		}
	}
	return strings.Join(ticked, ","), lastDay
}

// inviteRelative gives a relative the patient's portal: a new account, invited, or the account that
// has the address already, told by a mail that names no one.
func (s *Server) inviteRelative(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	f := s.relativeFormOf()
	f.New = true
	text := func(name string) string {
		v := strings.TrimSpace(cleanText(c.FormValue(name)))
		f.Set(name, v)
		return v
	}
	u := queries.CreateUserParams{Role: "relative", GivenName: text("voornaam"), NamePrefix: text("tussenvoegsel"),
		FamilyName: text("achternaam"), Email: strings.ToLower(text("email")), Locale: state(c).Lang, CreatedAt: s.clock.Now()}
	checkText(&f.Form, "voornaam", u.GivenName, "naasten.error_given", maxPersonName)
	checkText(&f.Form, "tussenvoegsel", u.NamePrefix, "", maxPersonName)
	checkText(&f.Form, "achternaam", u.FamilyName, "naasten.error_family", maxPersonName)
	if checkText(&f.Form, "email", u.Email, "naasten.error_email", maxEmail); f.Error("email") == nil {
		if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email {
			f.Fail("email", "naasten.error_email")
		} else if u.Email == strings.ToLower(patient.Email) {
			f.Fail("email", "naasten.error_self")
		}
	}
	mobile := text("mobiel")
	if checkText(&f.Form, "mobiel", mobile, "naasten.error_mobile", maxPhone); f.Error("mobiel") == nil {
		if n, err := sms.Normalize(mobile); err != nil {
			f.Fail("mobiel", "naasten.error_mobile")
		} else {
			u.Mobile = n
		}
	}
	areas, lastDay := s.readScope(c, &f)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "naasten_form", f)
	}
	// An address that is already an account's (a patient's, a relative's): that account reads along.
	var grantee *queries.User
	accounts, err := s.db.R.ListUsersByEmail(ctx, u.Email)
	if err != nil {
		return err
	}
	for _, a := range accounts {
		if (a.Role == "patient" || a.Role == "relative") && a.ID != patient.ID {
			grantee = &a
			break
		}
	}
	exists := false
	var invited queries.User
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if grantee == nil {
			id, err := q.CreateUser(ctx, u)
			if err != nil {
				return err
			}
			invited = queries.User{ID: id, Role: u.Role, Email: u.Email, GivenName: u.GivenName, NamePrefix: u.NamePrefix,
				FamilyName: u.FamilyName, Mobile: u.Mobile, Locale: u.Locale}
		} else if exists, err = q.LiveAuthorisationExists(ctx, queries.LiveAuthorisationExistsParams{GranteeID: grantee.ID, PatientID: patient.ID}); err != nil || exists {
			return err
		}
		granteeID := invited.ID
		if grantee != nil {
			granteeID = grantee.ID
		}
		id, err := q.CreateRelativeAuthorisation(ctx, queries.CreateRelativeAuthorisationParams{PatientID: patient.ID, GranteeID: granteeID,
			Areas: areas, LastDay: lastDay, Now: s.clock.Now()})
		if err != nil {
			return err
		}
		cl.add(objAuthorisation, id, patient.ID)
		if err := s.relativesConsentFollows(ctx, q, cl, patient.ID); err != nil {
			return err
		}
		if grantee == nil {
			return nil
		}
		return s.queueMail(ctx, q, grantee.Email, grantee.Locale, "naasten_added", map[string]any{
			"Name": grantee.FullName(), "Link": s.absoluteURL("/inloggen")})
	})
	if err != nil {
		return err
	}
	if exists {
		f.Fail("email", "naasten.error_exists")
		return s.render(c, http.StatusUnprocessableEntity, "naasten_form", f)
	}
	if grantee == nil {
		if err := s.invite(ctx, c, invited, "naasten_invitation"); err != nil {
			return err
		}
	} else {
		s.wakeOutbox()
	}
	return redirectWithNotice(c, naastenPath, "naasten.notice_invited")
}

// patientRelative is the relative's authorisation in the URL, if it is the patient in view's and live
// (else a 404).
func (s *Server) patientRelative(c echo.Context) (queries.GetRelativeOfPatientRow, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objAuthorisation, patient, func(ctx context.Context, id int64) (queries.GetRelativeOfPatientRow, error) {
		return s.db.R.GetRelativeOfPatient(ctx, queries.GetRelativeOfPatientParams{ID: id, PatientID: patient})
	})
}

// editRelative is the form that changes what a relative may see and until when.
func (s *Server) editRelative(c echo.Context) error {
	r, err := s.patientRelative(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objAuthorisation, r.ID, accesslog.ActionRead, r.PatientID); err != nil {
		return err
	}
	f := s.relativeFormOf()
	f.ID, f.Name = r.ID, queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
	for _, a := range areasOf(r.Areas) {
		f.Set("gebied-"+a, "1")
	}
	if r.LastDay.Valid {
		f.Set("tot", r.LastDay.Time.Format(time.DateOnly))
	}
	return s.render(c, http.StatusOK, "naasten_form", f)
}

// saveRelative stores the relative's new areas and last day; they count from the relative's next request.
func (s *Server) saveRelative(c echo.Context) error {
	r, err := s.patientRelative(c)
	if err != nil {
		return err
	}
	f := s.relativeFormOf()
	f.ID, f.Name = r.ID, queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
	areas, lastDay := s.readScope(c, &f)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "naasten_form", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.UpdateRelativeAuthorisation(ctx, queries.UpdateRelativeAuthorisationParams{Areas: areas, LastDay: lastDay,
			ID: r.ID, PatientID: r.PatientID}); err != nil {
			return err
		}
		cl.add(objAuthorisation, r.ID, r.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, naastenPath, "naasten.notice_changed")
}

// confirmEndRelative asks the patient whether to stop the relative's reading along.
func (s *Server) confirmEndRelative(c echo.Context) error {
	r, err := s.patientRelative(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "naasten_stoppen", relativeForm{ID: r.ID, Name: queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)})
}

// endRelative ends the relative's reading along at once: their next request no longer opens the portal.
func (s *Server) endRelative(c echo.Context) error {
	r, err := s.patientRelative(c)
	if err != nil {
		return err
	}
	me := state(c).User.ID
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.EndAuthorisation(ctx, queries.EndAuthorisationParams{Now: sql.NullTime{Time: s.clock.Now(), Valid: true},
			By: sql.NullInt64{Int64: me, Valid: true}, Reason: "patient", ID: r.ID, PatientID: r.PatientID})
		if err != nil || n == 0 {
			return err
		}
		cl.add(objAuthorisation, r.ID, r.PatientID)
		return s.relativesConsentFollows(ctx, q, cl, r.PatientID)
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, naastenPath, "naasten.notice_ended")
}
