package handlers

import (
	"database/sql"
	"errors"
	"net/http"
	"net/mail"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// The administrator's pages: the clinic's staff (invite a colleague, send an invitation again) and the
// clinic's settings (contact details, which second factors may be used, password rules, how long an
// invitation works).

var staffRoles = []string{"admin", "practitioner", "assistant"}

const (
	staffPath    = "/praktijk/beheer/medewerkers"
	settingsPath = "/praktijk/beheer/instellingen"
)

type staffPage struct {
	views.Form
	Staff []queries.User
	Roles []views.Option
}

func (s *Server) staffList(c echo.Context, data staffPage) (staffPage, error) {
	var err error
	data.Staff, err = s.db.R.ListStaff(c.Request().Context())
	for _, r := range staffRoles {
		data.Roles = append(data.Roles, views.Option{Value: r, Label: s.tr(c).T("role." + r)})
	}
	return data, err
}

func (s *Server) adminStaff(c echo.Context) error {
	var data staffPage
	data.Set("rol", "assistant")
	data, err := s.staffList(c, data)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "beheer_staff", data)
}

// inviteStaff creates a staff account and mails its activation link.
func (s *Server) inviteStaff(c echo.Context) error {
	ctx := c.Request().Context()
	var f staffPage
	given, prefix := strings.TrimSpace(c.FormValue("voornaam")), strings.TrimSpace(c.FormValue("tussenvoegsel"))
	family, email := strings.TrimSpace(c.FormValue("achternaam")), strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	role := c.FormValue("rol")
	f.Set("voornaam", given)
	f.Set("tussenvoegsel", prefix)
	f.Set("achternaam", family)
	f.Set("email", email)
	f.Set("rol", role)
	checkText(&f.Form, "voornaam", given, "beheer_staff.given_required", maxPersonName)
	checkText(&f.Form, "tussenvoegsel", prefix, "", maxPersonName)
	checkText(&f.Form, "achternaam", family, "beheer_staff.family_required", maxPersonName)
	if checkText(&f.Form, "email", email, "", maxEmail); f.Error("email") == nil {
		if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
			f.Fail("email", "beheer_staff.email_invalid")
		} else if err := s.checkStaffEmail(c, s.db.R, &f, email); err != nil {
			return err
		}
	}
	if !slices.Contains(staffRoles, role) {
		f.Fail("rol", "beheer_staff.role_required")
	}
	if f.Failed() {
		return s.staffFormAgain(c, f)
	}
	var id int64
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		// Checked again where it is stored: of two crossing requests, one wins.
		if err := s.checkStaffEmail(c, q, &f, email); err != nil {
			return err
		}
		if f.Failed() {
			return errStaffEmailTaken
		}
		var err error
		id, err = q.CreateUser(ctx, queries.CreateUserParams{Role: role, UserName: sql.NullString{String: email, Valid: true},
			Email: email, GivenName: given, NamePrefix: prefix, FamilyName: family, Locale: state(c).Lang, CreatedAt: s.clock.Now()})
		return err
	})
	if errors.Is(err, errStaffEmailTaken) {
		return s.staffFormAgain(c, f)
	}
	if err != nil {
		return err
	}
	u, err := s.db.W.GetUser(ctx, id)
	if err != nil {
		return err
	}
	if err := s.invite(ctx, c, u, "staff_invitation"); err != nil {
		return err
	}
	return redirectWithNotice(c, staffPath, "beheer_staff.notice_invited")
}

// staffFormAgain shows the invitation form with what was typed and what to correct.
func (s *Server) staffFormAgain(c echo.Context, f staffPage) error {
	data, err := s.staffList(c, f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusUnprocessableEntity, "beheer_staff", data)
}

// errStaffEmailTaken: another account took the address between the check and the write.
var errStaffEmailTaken = errors.New("staff e-mail address taken")

// checkStaffEmail records the form's problem when email is another account's e-mail address or user
// name: a staff member signs in with their address, which must then mean their account alone
// (design.md §5). q is the reader when checking the form, and the transaction that stores it.
func (s *Server) checkStaffEmail(c echo.Context, q *queries.Queries, f *staffPage, email string) error {
	taken, err := q.SignInNameTaken(c.Request().Context(), queries.SignInNameTakenParams{Name: sql.NullString{String: email, Valid: true}})
	if err == nil && taken {
		f.Fail("email", "beheer_staff.email_taken")
	}
	return err
}

// reinviteStaff sends a staff member who has not activated yet a new link.
func (s *Server) reinviteStaff(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := lookup(s, c, "id", objStaffMember, 0, s.db.R.GetStaffMember)
	if err != nil {
		return err
	}
	if u.PasswordHash.Valid { // activated: nothing to invite to
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := s.invite(ctx, c, u, "staff_invitation"); err != nil {
		return err
	}
	return redirectWithNotice(c, staffPath, "beheer_staff.notice_invited")
}
