package handlers

import (
	"database/sql"
	"errors"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// The administrator's pages: the clinic's staff (invite a colleague, send an invitation again) and the
// clinic's settings (contact details, which second factors may be used, password rules, how long an
// invitation works).

var staffRoles = []string{"admin", "practitioner", "assistant"}

type staffPage struct {
	Staff     []queries.User
	Notice    string
	Given     string
	Prefix    string
	Family    string
	Email     string
	Role      string
	Roles     []string
	GivenErr  string
	PrefixErr string
	FamilyErr string
	EmailErr  string
	RoleErr   string
}

var staffNotices = map[string]string{"uitgenodigd": "staff.notice_invited"}

func (s *Server) staffList(c echo.Context, data staffPage) (staffPage, error) {
	var err error
	data.Staff, err = s.db.R.ListStaff(c.Request().Context())
	data.Roles = staffRoles
	return data, err
}

func (s *Server) adminStaff(c echo.Context) error {
	data, err := s.staffList(c, staffPage{Notice: staffNotices[c.QueryParam("melding")], Role: "assistant"})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_staff", data)
}

// inviteStaff creates a staff account and mails its activation link.
func (s *Server) inviteStaff(c echo.Context) error {
	ctx := c.Request().Context()
	tr := s.tr(c)
	f := staffPage{Given: strings.TrimSpace(c.FormValue("voornaam")), Prefix: strings.TrimSpace(c.FormValue("tussenvoegsel")),
		Family: strings.TrimSpace(c.FormValue("achternaam")), Email: strings.ToLower(strings.TrimSpace(c.FormValue("email"))), Role: c.FormValue("rol")}
	f.GivenErr = tooLong(tr, f.Given, maxPersonName)
	if f.Given == "" {
		f.GivenErr = tr.T("staff.given_required")
	}
	f.PrefixErr = tooLong(tr, f.Prefix, maxPersonName)
	f.FamilyErr = tooLong(tr, f.Family, maxPersonName)
	if f.Family == "" {
		f.FamilyErr = tr.T("staff.family_required")
	}
	if f.EmailErr = tooLong(tr, f.Email, maxEmail); f.EmailErr == "" {
		if addr, err := mail.ParseAddress(f.Email); err != nil || addr.Address != f.Email {
			f.EmailErr = tr.T("staff.email_invalid")
		} else if err := s.checkStaffEmail(c, s.db.R, &f); err != nil {
			return err
		}
	}
	if !slices.Contains(staffRoles, f.Role) {
		f.RoleErr = tr.T("staff.role_required")
	}
	if f.GivenErr != "" || f.PrefixErr != "" || f.FamilyErr != "" || f.EmailErr != "" || f.RoleErr != "" {
		return s.staffFormAgain(c, f)
	}
	var id int64
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		// Checked again where it is stored: of two crossing requests, one wins.
		if err := s.checkStaffEmail(c, q, &f); err != nil {
			return err
		}
		if f.EmailErr != "" {
			return errStaffEmailTaken
		}
		var err error
		id, err = q.CreateUser(ctx, queries.CreateUserParams{Role: f.Role, UserName: sql.NullString{String: f.Email, Valid: true},
			Email: f.Email, GivenName: f.Given, NamePrefix: f.Prefix, FamilyName: f.Family, Locale: state(c).Lang, CreatedAt: s.clock.Now()})
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
	return c.Redirect(http.StatusSeeOther, "/praktijk/beheer/medewerkers?melding=uitgenodigd")
}

// staffFormAgain shows the invitation form with what was typed and what to correct.
func (s *Server) staffFormAgain(c echo.Context, f staffPage) error {
	data, err := s.staffList(c, f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusUnprocessableEntity, "admin_staff", data)
}

// errStaffEmailTaken: another account took the address between the check and the write.
var errStaffEmailTaken = errors.New("staff e-mail address taken")

// checkStaffEmail sets the form's error when its address is another account's e-mail address or user
// name: a staff member signs in with their address, which must then mean their account alone
// (design.md §5). q is the reader when checking the form, and the transaction that stores it.
func (s *Server) checkStaffEmail(c echo.Context, q *queries.Queries, f *staffPage) error {
	taken, err := q.SignInNameTaken(c.Request().Context(), queries.SignInNameTakenParams{Name: sql.NullString{String: f.Email, Valid: true}})
	if err == nil && taken {
		f.EmailErr = s.tr(c).T("staff.email_taken")
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
	return c.Redirect(http.StatusSeeOther, "/praktijk/beheer/medewerkers?melding=uitgenodigd")
}

type settingsPage struct {
	Clinic      queries.ClinicSetting
	Saved       bool
	FactorErr   string
	DaysErr     string
	NameErr     string
	PhoneErr    string
	StreetErr   string
	PostcodeErr string
	CityErr     string
	EmailErr    string
	WebsiteErr  string
	DaysTyped   string
}

func (s *Server) adminSettings(c echo.Context) error {
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_settings", settingsPage{Clinic: clinic, Saved: c.QueryParam("opgeslagen") == "1",
		DaysTyped: strconv.FormatInt(clinic.InvitationDays, 10)})
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// saveSettings stores the clinic's details and security choices. SMS can never be the only factor.
func (s *Server) saveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	tr := s.tr(c)
	on := func(name string) int64 { return boolInt(c.FormValue(name) == "1") }
	data := settingsPage{DaysTyped: strings.TrimSpace(c.FormValue("dagen"))}
	data.Clinic = queries.ClinicSetting{
		Name: strings.TrimSpace(c.FormValue("naam")), Street: strings.TrimSpace(c.FormValue("straat")),
		Postcode: strings.TrimSpace(c.FormValue("postcode")), City: strings.TrimSpace(c.FormValue("plaats")),
		Phone: strings.TrimSpace(c.FormValue("telefoon")), Email: strings.TrimSpace(c.FormValue("email")),
		Website:   strings.TrimSpace(c.FormValue("website")),
		AllowTotp: on("totp"), AllowPasskey: on("passkey"), AllowSms: on("sms"), CompositionRules: on("samenstelling"),
		MessagesEnabled: on("berichten"), EconsultEnabled: on("econsult"),
	}
	days, err := strconv.Atoi(data.DaysTyped)
	data.Clinic.InvitationDays = int64(days)
	cl := data.Clinic
	data.NameErr, data.PhoneErr = tooLong(tr, cl.Name, maxLine), tooLong(tr, cl.Phone, maxPhone)
	data.StreetErr, data.PostcodeErr, data.CityErr = tooLong(tr, cl.Street, maxLine), tooLong(tr, cl.Postcode, maxPostcode), tooLong(tr, cl.City, maxLine)
	data.EmailErr, data.WebsiteErr = tooLong(tr, cl.Email, maxEmail), tooLong(tr, cl.Website, maxLine)
	if cl.Name == "" {
		data.NameErr = tr.T("settings.name_required")
	}
	if cl.Phone == "" {
		data.PhoneErr = tr.T("settings.phone_required")
	}
	if data.Clinic.AllowTotp == 0 && data.Clinic.AllowPasskey == 0 {
		data.FactorErr = tr.T("settings.factor_required")
	}
	if err != nil || days < 1 || days > 30 {
		data.DaysErr = tr.T("settings.days_range")
	}
	if data.NameErr != "" || data.PhoneErr != "" || data.StreetErr != "" || data.PostcodeErr != "" || data.CityErr != "" ||
		data.EmailErr != "" || data.WebsiteErr != "" || data.FactorErr != "" || data.DaysErr != "" {
		return s.render(c, http.StatusUnprocessableEntity, "admin_settings", data)
	}
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if err := q.UpsertClinic(ctx, queries.UpsertClinicParams{Name: cl.Name, Street: cl.Street, Postcode: cl.Postcode, City: cl.City,
			Phone: cl.Phone, Email: cl.Email, Website: cl.Website}); err != nil {
			return err
		}
		return q.UpdateSecuritySettings(ctx, queries.UpdateSecuritySettingsParams{AllowTotp: cl.AllowTotp, AllowPasskey: cl.AllowPasskey,
			AllowSms: cl.AllowSms, CompositionRules: cl.CompositionRules, InvitationDays: cl.InvitationDays,
			MessagesEnabled: cl.MessagesEnabled, EconsultEnabled: cl.EconsultEnabled})
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/praktijk/beheer/instellingen?opgeslagen=1")
}
