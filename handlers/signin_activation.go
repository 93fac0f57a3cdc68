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
	"balie/views"
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
	views.Form
	Token        string
	State        string
	Name         string
	NeedsBirth   bool
	RenewalAsked bool // a new link was asked for: the clinic knows (the page said so once, as its notice)
}

// birthField is the birth date's field on the link's first page, asked as day, month and year
// (inputs birthField-dag, -maand and -jaar).
const birthField = "geboortedatum"

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
	data := activationStart{Token: c.Param("token"), State: linkState(a, s.clock.Now())}
	if a != nil {
		data.Name, data.NeedsBirth, data.RenewalAsked = a.GivenName, a.BirthDate.Valid, a.RenewalAskedAt.Valid
	}
	return s.render(c, statusOfLink(data.State), "signin_activation", data)
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
		return s.render(c, statusOfLink(data.State), "signin_activation", data)
	}
	data.Name, data.NeedsBirth = a.GivenName, a.BirthDate.Valid
	if a.BirthDate.Valid {
		var parts [3]string
		for i, suffix := range datePartSuffixes {
			parts[i] = strings.TrimSpace(c.FormValue(birthField + suffix))
			data.Set(birthField+suffix, parts[i])
		}
		typed, bad := parseDayMonthYear(parts[0], parts[1], parts[2])
		if bad >= 0 {
			data.Fail(birthField+datePartSuffixes[bad], "signin_activation.birth_invalid")
			return s.render(c, http.StatusUnprocessableEntity, "signin_activation", data)
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
		return false, s.render(c, statusOfLink(data.State), "signin_activation", *data)
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
	return false, s.render(c, statusOfLink(data.State), "signin_activation", *data)
}

// wrongBirthDate answers a wrong birth date, the n-th try at the link. The try that reached the limit
// locked the link: staff are told.
func (s *Server) wrongBirthDate(c echo.Context, a *queries.GetActivationRow, data activationStart, n int64) error {
	if n < maxBirthDateFailures {
		data.Fail(birthField+datePartSuffixes[0], "signin_activation.birth_wrong", "Left", maxBirthDateFailures-n)
		return s.render(c, http.StatusUnprocessableEntity, "signin_activation", data)
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
	return s.render(c, http.StatusGone, "signin_activation", data)
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

// datePartSuffixes name the inputs of a date asked as day, month and year (views.Field.Parts).
var datePartSuffixes = [3]string{"-dag", "-maand", "-jaar"}

// parseDayMonthYear reads a date typed as day, month and year. bad is the index of the part to
// correct (0 day, 1 month, 2 year; the day when the parts make no date together), or -1 when the
// date exists.
func parseDayMonthYear(d, m, y string) (t time.Time, bad int) {
	day, dayOK := datePart(d, 2, 1, 31)
	month, monthOK := datePart(m, 2, 1, 12)
	year, yearOK := datePart(y, 4, 1900, 2100)
	switch {
	case !dayOK:
		return t, 0
	case !monthOK:
		return t, 1
	case !yearOK:
		return t, 2
	}
	t = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, 0
	}
	return t, -1
}

// datePart reads one part of a date: at most width digits, from lo to hi.
func datePart(s string, width, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && len(s) <= width && n >= lo && n <= hi
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
	return redirectWithNotice(c, "/activeren/"+c.Param("token"), "signin_activation.notice_renewal_asked")
}

type accountForm struct {
	newPasswordForm
	Name       string
	EmailTaken bool // the user name typed is an address that is someone's way in already
}

// userNameField is the field of the user name chosen at activation.
const userNameField = "gebruikersnaam"

// activationAccountPage asks for the user name and password.
func (s *Server) activationAccountPage(c echo.Context) error {
	u := state(c).User
	form := accountForm{Name: u.GivenName}
	if u.UserName.Valid {
		form.Set(userNameField, u.UserName.String)
	} else {
		form.Set(userNameField, u.Email)
	}
	var err error
	if form.Rules, err = s.passwordRules(c.Request().Context(), "", u); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "signin_activation_account", form)
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
	form := accountForm{Name: u.GivenName}
	name := strings.TrimSpace(c.FormValue(userNameField))
	form.Set(userNameField, name)
	switch n := utf8.RuneCountInString(name); {
	case n < 3 || n > maxUserName || strings.ContainsAny(name, " \t<>"):
		form.Fail(userNameField, "signin_activation.user_name_invalid")
	default:
		taken, err := s.checkUserNameFree(c, s.db.R, &form, name, u.ID)
		if err != nil {
			return err
		}
		if !taken && strings.Contains(name, "@") && !strings.EqualFold(name, u.Email) {
			// Someone else's address, even one no account has yet, would become that person's way in.
			form.Fail(userNameField, "signin_activation.user_name_not_own_email")
		}
	}
	hash, err := s.checkNewPassword(c, u, &form.newPasswordForm)
	if err != nil {
		return err
	}
	if form.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "signin_activation_account", form)
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
		taken, err := s.checkUserNameFree(c, q, &form, name, u.ID)
		if err != nil {
			return err
		}
		if taken {
			return errNameTaken
		}
		if err := q.SetUserName(ctx, queries.SetUserNameParams{UserName: sql.NullString{String: name, Valid: true}, ID: u.ID}); err != nil {
			return err
		}
		return q.SetPassword(ctx, queries.SetPasswordParams{PasswordHash: sql.NullString{String: hash, Valid: true}, ID: u.ID})
	})
	if errors.Is(err, errNameTaken) {
		return s.render(c, http.StatusUnprocessableEntity, "signin_activation_account", form)
	}
	if errors.Is(err, errLinkUsed) { // expired or used meanwhile: start again from the link
		if err := s.destroySession(c, st.Session); err != nil {
			return err
		}
		return s.render(c, http.StatusGone, "signin_activation", activationStart{State: linkExpired})
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

// checkUserNameFree reports whether name is another account's user name or e-mail address; then it
// records the problem on the form, and says whether that address is someone's way in already. q is
// the reader when checking the form, and the transaction that stores the name.
func (s *Server) checkUserNameFree(c echo.Context, q *queries.Queries, form *accountForm, name string, userID int64) (bool, error) {
	ctx := c.Request().Context()
	taken, err := q.SignInNameTaken(ctx, queries.SignInNameTakenParams{ID: userID, Name: sql.NullString{String: name, Valid: true}})
	if err != nil || !taken {
		return false, err
	}
	mailTaken, err := q.EmailHasAccount(ctx, queries.EmailHasAccountParams{Email: name, ID: userID})
	if err != nil {
		return false, err
	}
	form.EmailTaken = mailTaken > 0
	form.Fail(userNameField, "signin_activation.user_name_taken")
	return true, nil
}
