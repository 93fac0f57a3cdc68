package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/internal/password"
	"balie/internal/token"
	"balie/queries"
)

// Activation (seeds 000, 001): the invitation link → confirm the birth date on file → choose a user
// name and a password → set up a second factor → accept the terms → the overview. Every failure says
// what happened and what to do next.

// maxBirthDateFailures wrong birth dates lock the link; staff are told.
const maxBirthDateFailures = 5

const activationKey = "activation" // session value: the hash of the link being activated

// The states of a link, as the first page explains them.
const (
	linkValid   = "valid"
	linkUsed    = "used"
	linkExpired = "expired"
	linkLocked  = "locked"
	linkUnknown = "unknown"
)

type activationStart struct {
	Token        string
	State        string
	Name         string
	NeedsBirth   bool
	Day          string
	Month        string
	Year         string
	Error        string
	RenewalAsked bool
}

// linkState is the state of an invitation link (nil: no such link) whose account may have a password.
func linkState(a *queries.GetActivationRow, now time.Time) string {
	if a == nil {
		return linkUnknown
	}
	return invitationState(a.UsedAt, a.LockedAt, a.ExpiresAt, a.PasswordHash.Valid, now)
}

// invitationState decides from an invitation's fields: used (or the account has a password already),
// locked, expired or valid.
func invitationState(usedAt, lockedAt sql.NullTime, expiresAt time.Time, hasPassword bool, now time.Time) string {
	switch {
	case usedAt.Valid || hasPassword:
		return linkUsed
	case lockedAt.Valid:
		return linkLocked
	case !now.Before(expiresAt):
		return linkExpired
	}
	return linkValid
}

func (s *Server) findActivation(ctx context.Context, raw string) (*queries.GetActivationRow, error) {
	a, err := s.db.R.GetActivation(ctx, token.Hash(raw))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// activationPage is where the invitation link lands.
func (s *Server) activationPage(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer") // the URL holds a secret
	a, err := s.findActivation(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	data := activationStart{Token: c.Param("token"), State: linkState(a, s.clock.Now()), RenewalAsked: c.QueryParam("gevraagd") == "1"}
	if a != nil {
		data.Name, data.NeedsBirth = a.GivenName, a.BirthDate.Valid
	}
	return s.render(c, statusOfLink(data.State), "activate", data)
}

func statusOfLink(state string) int {
	switch state {
	case linkValid:
		return http.StatusOK
	case linkUnknown:
		return http.StatusNotFound
	}
	return http.StatusGone
}

// checkBirthDate checks the birth date typed on the link's first page; a right one starts the
// activation session.
func (s *Server) checkBirthDate(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	ctx := c.Request().Context()
	now := s.clock.Now()
	a, err := s.findActivation(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	data := activationStart{Token: c.Param("token"), State: linkState(a, now)}
	if data.State != linkValid {
		return s.render(c, statusOfLink(data.State), "activate", data)
	}
	data.Name, data.NeedsBirth = a.GivenName, a.BirthDate.Valid
	if a.BirthDate.Valid {
		data.Day, data.Month, data.Year = strings.TrimSpace(c.FormValue("dag")), strings.TrimSpace(c.FormValue("maand")), strings.TrimSpace(c.FormValue("jaar"))
		typed, ok := parseDayMonthYear(data.Day, data.Month, data.Year)
		if !ok {
			data.Error = s.tr(c).T("activate.birth_invalid")
			return s.render(c, http.StatusUnprocessableEntity, "activate", data)
		}
		if ok, err := s.tryBirthDate(c, a, &data, typed); err != nil || !ok {
			return err
		}
	}
	u, err := s.db.R.GetUser(ctx, a.UserID)
	if err != nil {
		return err
	}
	return s.goToStage(c, &u, stageActivate, map[string]any{activationKey: a.TokenHash})
}

// tryBirthDate compares a typed birth date with the one on file. A try at the link is taken first, in
// one write, so that no more than maxBirthDateFailures dates are compared however many are sent at
// once; a right date gives its try back. When the date is not accepted, it answers the request and ok
// is false.
func (s *Server) tryBirthDate(c echo.Context, a *queries.GetActivationRow, data *activationStart, typed time.Time) (ok bool, err error) {
	ctx := c.Request().Context()
	now := s.clock.Now()
	n, err := s.db.W.TakeBirthDateTry(ctx, queries.TakeBirthDateTryParams{MaxTries: maxBirthDateFailures, Now: sqlTime(now), TokenHash: a.TokenHash})
	if errors.Is(err, sql.ErrNoRows) { // locked, used or expired since the link was read: nothing compared
		if a, err = s.findActivation(ctx, data.Token); err != nil {
			return false, err
		}
		data.State = linkState(a, now)
		return false, s.render(c, statusOfLink(data.State), "activate", *data)
	}
	if err != nil {
		return false, err
	}
	tookLock := n >= maxBirthDateFailures
	if !typed.Equal(a.BirthDate.Time.UTC()) {
		return false, s.wrongBirthDate(c, a, *data, n)
	}
	back, err := s.db.W.GiveBirthDateTryBack(ctx, queries.GiveBirthDateTryBackParams{TokenHash: a.TokenHash, TookLock: tookLock})
	if err != nil || back == 1 {
		return err == nil, err
	}
	data.State = linkLocked // by a wrong date whose try came after this one's
	return false, s.render(c, statusOfLink(data.State), "activate", *data)
}

// wrongBirthDate answers a wrong birth date, the n-th try at the link. The try that reached the limit
// locked the link: staff are told.
func (s *Server) wrongBirthDate(c echo.Context, a *queries.GetActivationRow, data activationStart, n int64) error {
	if n < maxBirthDateFailures {
		data.Error = s.tr(c).T("activate.birth_wrong", "Left", maxBirthDateFailures-n)
		return s.render(c, http.StatusUnprocessableEntity, "activate", data)
	}
	// The link is locked already: the clinic is told even when the client has gone meanwhile.
	ctx := context.WithoutCancel(c.Request().Context())
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		return s.tellClinic(ctx, q, "activation_locked", a)
	}); err != nil {
		return err
	}
	s.wakeOutbox()
	if err := s.accountEvent(c, a.UserID, "activation_locked"); err != nil {
		return err
	}
	data.State = linkLocked
	return s.render(c, http.StatusGone, "activate", data)
}

// tellClinic mails the clinic's own address that an invitation needs attention, with a link to the
// patient's page in the back office (a name and a link: no medical content). The clinic's shared
// address has no language of its own; the clinics are Dutch.
func (s *Server) tellClinic(ctx context.Context, q *queries.Queries, kind string, a *queries.GetActivationRow) error {
	clinic, err := s.clinic(ctx)
	if err != nil || clinic.Email == "" {
		return err
	}
	return s.queueMail(ctx, q, clinic.Email, "nl", kind, map[string]any{
		"Name": queries.FullName(a.GivenName, a.NamePrefix, a.FamilyName),
		"Link": s.absoluteURL("/praktijk/patienten/" + strconv.FormatInt(a.UserID, 10))})
}

// absoluteURL is the address of path as people outside reach it (mails).
func (s *Server) absoluteURL(path string) string { return strings.TrimRight(s.cfg.BaseURL, "/") + path }

func parseDayMonthYear(d, m, y string) (time.Time, bool) {
	if len(d) > 2 || len(m) > 2 || len(y) > 4 {
		return time.Time{}, false
	}
	day, err1 := strconv.Atoi(d)
	month, err2 := strconv.Atoi(m)
	year, err3 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || err3 != nil || year < 1900 || year > 2100 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return time.Time{}, false
	}
	return t, true
}

// askNewLink lets the holder of an expired or locked link ask the clinic for a new one.
func (s *Server) askNewLink(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.clock.Now()
	a, err := s.findActivation(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	if st := linkState(a, now); st != linkExpired && st != linkLocked {
		return c.Redirect(http.StatusSeeOther, "/activeren/"+c.Param("token"))
	}
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		n, err := q.AskRenewal(ctx, queries.AskRenewalParams{Now: sqlTime(now), TokenHash: a.TokenHash})
		if err != nil || n == 0 { // asked before: the clinic knows already
			return err
		}
		return s.tellClinic(ctx, q, "renewal_requested", a)
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return c.Redirect(http.StatusSeeOther, "/activeren/"+c.Param("token")+"?gevraagd=1")
}

type accountForm struct {
	Name          string
	UserName      string
	EmailTaken    bool
	UserNameError string
	newPasswordForm
}

// activationAccountPage asks for the user name and password.
func (s *Server) activationAccountPage(c echo.Context) error {
	u := state(c).User
	form := accountForm{Name: u.GivenName, UserName: u.Email}
	if u.UserName.Valid {
		form.UserName = u.UserName.String
	}
	var err error
	if form.Rules, err = s.passwordRules(c.Request().Context(), "", u); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "activate_account", form)
}

// passwordRules checks pw against the clinic's policy and the user's own names.
func (s *Server) passwordRules(ctx context.Context, pw string, u *queries.User) ([]password.Rule, error) {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return nil, err
	}
	p := password.Policy{ClinicName: clinic.Name, Composition: clinic.CompositionRules == 1}
	var personal []string
	if u != nil {
		personal = []string{u.GivenName, u.FamilyName, u.Email}
	}
	return p.Check(pw, personal...), nil
}

// passwordRulesFragment is the hint bar, checked while typing (htmx); it says nothing about accounts.
func (s *Server) passwordRulesFragment(c echo.Context) error {
	var u *queries.User
	if st := state(c); st.User != nil {
		u = st.User
	}
	rules, err := s.passwordRules(c.Request().Context(), c.FormValue("wachtwoord"), u)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "password_rules", rules)
}

// activateAccount stores the user name and password and uses up the link.
func (s *Server) activateAccount(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	u := st.User
	tr := s.tr(c)
	form := accountForm{Name: u.GivenName, UserName: strings.TrimSpace(c.FormValue("gebruikersnaam"))}
	var hash string
	var passwordOK bool
	var err error
	if form.newPasswordForm, hash, passwordOK, err = s.checkNewPassword(c, u); err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(form.UserName); {
	case n < 3 || n > maxUserName || strings.ContainsAny(form.UserName, " \t<>"):
		form.UserNameError = tr.T("activate.user_name_invalid")
	default:
		if err := s.checkUserNameFree(c, s.db.R, &form, u.ID); err != nil {
			return err
		}
		if form.UserNameError == "" && strings.Contains(form.UserName, "@") && !strings.EqualFold(form.UserName, u.Email) {
			// Someone else's address, even one no account has yet, would become that person's way in.
			form.UserNameError = tr.T("activate.user_name_not_own_email")
		}
	}
	if form.UserNameError != "" || !passwordOK {
		return s.render(c, http.StatusUnprocessableEntity, "activate_account", form)
	}
	linkHash, _ := st.Session.Values[activationKey].(string)
	now := s.clock.Now()
	err = s.changeAccount(c, u, "activated", func(ctx context.Context, q *queries.Queries) error {
		n, err := q.UseActivation(ctx, queries.UseActivationParams{Now: sqlTime(now), TokenHash: linkHash})
		if err != nil {
			return err
		}
		if n != 1 {
			return errLinkUsed
		}
		// Checked again where it is stored: of two activations choosing the same name, one wins.
		if err := s.checkUserNameFree(c, q, &form, u.ID); err != nil {
			return err
		}
		if form.UserNameError != "" {
			return errNameTaken
		}
		if err := q.SetUserName(ctx, queries.SetUserNameParams{UserName: sql.NullString{String: form.UserName, Valid: true}, ID: u.ID}); err != nil {
			return err
		}
		return q.SetPassword(ctx, queries.SetPasswordParams{PasswordHash: sql.NullString{String: hash, Valid: true}, ID: u.ID})
	})
	if errors.Is(err, errNameTaken) {
		return s.render(c, http.StatusUnprocessableEntity, "activate_account", form)
	}
	if errors.Is(err, errLinkUsed) { // expired or used meanwhile: start again from the link
		if err := s.destroySession(c, st.Session); err != nil {
			return err
		}
		return s.render(c, http.StatusGone, "activate", activationStart{State: linkExpired})
	}
	if err != nil {
		return err
	}
	stage, err := s.nextStage(ctx, u, false)
	if err != nil {
		return err
	}
	return s.goToStage(c, u, stage, nil)
}

// errLinkUsed: an activation or reset link was used or expired between the check and its use.
var errLinkUsed = errors.New("link used or expired")

// errNameTaken: another account took the user name between the check and the write.
var errNameTaken = errors.New("user name taken")

// checkUserNameFree sets the form's error when its user name is another account's user name or e-mail
// address, and says whether that address is someone's way in already. q is the reader when checking
// the form, and the transaction that stores the name.
func (s *Server) checkUserNameFree(c echo.Context, q *queries.Queries, form *accountForm, userID int64) error {
	ctx := c.Request().Context()
	taken, err := q.SignInNameTaken(ctx, queries.SignInNameTakenParams{ID: userID, Name: sql.NullString{String: form.UserName, Valid: true}})
	if err != nil || !taken {
		return err
	}
	mailTaken, err := q.EmailHasAccount(ctx, queries.EmailHasAccountParams{Email: form.UserName, ID: userID})
	if err != nil {
		return err
	}
	form.EmailTaken = mailTaken > 0
	form.UserNameError = s.tr(c).T("activate.user_name_taken")
	return nil
}
