package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/password"
	"balie/internal/token"
	"balie/queries"
	"balie/views"
)

// "Wachtwoord vergeten?" (design.md §5): a mail link (30 minutes, single use) plus the second factor,
// then a new password; every session of the account ends and a mail says the password changed. The
// first step answers the same whether or not the account exists.

const (
	resetValid = 30 * time.Minute
	resetKey   = "reset" // session value: the hash of the reset link in use
)

// resetThrottle limits reset mails per typed name and per address.
var resetThrottle = throttleRules{
	account: throttleRule{prefix: "reset:", max: 3, window: time.Hour, lock: time.Hour},
	address: throttleRule{prefix: "reset-address:", max: 10, window: time.Hour, lock: time.Hour},
}

type resetRequest struct {
	views.Form
	Sent bool
}

func (s *Server) resetRequestPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "signin_reset_request", resetRequest{})
}

// requestReset mails a reset link when the name belongs to an account with a password. The answer and
// the work done are the same for names without an account.
func (s *Server) requestReset(c echo.Context) error {
	ctx := c.Request().Context()
	var form resetRequest
	name := strings.TrimSpace(c.FormValue("naam"))
	form.Set("naam", name)
	if name == "" {
		form.Fail("naam", "signin.name_required")
	} else {
		failTooLong(&form.Form, "naam", name, maxSignInName)
	}
	if form.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "signin_reset_request", form)
	}
	form.Sent = true
	setNotice(c, "signin_reset.notice_sent")
	user, err := s.findSignInUser(ctx, name)
	if err != nil {
		return err
	}
	if user != nil && !user.PasswordHash.Valid {
		user = nil // not activated: nothing to reset
	}
	// One transaction either way, found or not, so that both answers cost the same: it takes the
	// request's tries (the limit is on mails asked for; counted and checked in this one write, so that
	// requests sent at once cannot pass it) and, for an account, writes the link and its mail.
	var raw, hash string
	if user != nil {
		if raw, hash, err = token.New(); err != nil {
			return err
		}
	}
	now := s.clock.Now()
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if _, err := s.takeTriesIn(ctx, q, []limitedTry{{rule: resetThrottle.account, key: resetThrottle.account.key(name)},
			{rule: resetThrottle.address, key: resetThrottle.address.key(c.RealIP())}}); err != nil {
			return err
		}
		if user == nil {
			return nil
		}
		if err := q.CreatePasswordReset(ctx, queries.CreatePasswordResetParams{TokenHash: hash, UserID: user.ID, CreatedAt: now, ExpiresAt: now.Add(resetValid)}); err != nil {
			return err
		}
		return s.queueMail(ctx, q, user.Email, user.Locale, "password_reset", map[string]any{
			"Name": user.FullName(), "Minutes": int(resetValid.Minutes()), "Link": s.absoluteURL("/wachtwoord-herstellen/" + raw)})
	})
	if errors.Is(err, errNoTry) { // quietly: the same answer, but no more mails for a while
		return s.render(c, http.StatusOK, "signin_reset_request", form)
	}
	if err != nil {
		return err
	}
	if user != nil {
		s.wakeOutbox()
	}
	return s.render(c, http.StatusOK, "signin_reset_request", form)
}

type resetFactor struct {
	views.Form
	Token      string
	Invalid    bool
	Method     string
	HasTOTP    bool
	HasSMS     bool
	HasPasskey bool
	MobileEnd  string
	Sent       bool
	Wait       *views.Text // why no code was sent, and when one can be
}

// resetLink finds the reset link in the URL and its account; nil when it cannot be used.
func (s *Server) resetLink(c echo.Context) (*queries.PasswordReset, *queries.User, error) {
	ctx := c.Request().Context()
	r, err := s.db.R.GetPasswordReset(ctx, queries.GetPasswordResetParams{TokenHash: token.Hash(c.Param("token")), Now: s.clock.Now()})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := s.db.R.GetUser(ctx, r.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	return &r, &u, err
}

func (s *Server) resetFactorForm(c echo.Context, data resetFactor) (resetFactor, *queries.PasswordReset, *queries.User, error) {
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	data.Token = c.Param("token")
	r, u, err := s.resetLink(c)
	if err != nil || r == nil {
		data.Invalid = true
		return data, nil, nil, err
	}
	fs, err := s.usableFactors(c.Request().Context(), u.ID)
	if err != nil {
		return data, nil, nil, err
	}
	data.HasTOTP, data.HasSMS, data.HasPasskey, data.MobileEnd = has(fs, "totp"), has(fs, "sms"), has(fs, "passkey"), mobileEnd(u.Mobile)
	switch {
	case data.Method == methodSMS && data.HasSMS, data.Method == methodTOTP && data.HasTOTP:
	case data.HasTOTP:
		data.Method = methodTOTP
	case data.HasSMS:
		data.Method = methodSMS
	}
	if data.Method == methodSMS {
		data.Sent, data.Wait, err = s.codeState(c, u, u.Mobile, purposeReset, r.TokenHash)
	}
	return data, r, u, err
}

// resetFactorPage is where the reset link lands: first the second factor.
func (s *Server) resetFactorPage(c echo.Context) error {
	data, _, _, err := s.resetFactorForm(c, resetFactor{Method: c.QueryParam("methode")})
	if err != nil {
		return err
	}
	if data.Invalid {
		return s.render(c, http.StatusGone, "signin_reset_factor", data)
	}
	return s.render(c, http.StatusOK, "signin_reset_factor", data)
}

// sendResetCode sends an SMS code bound to the reset link.
func (s *Server) sendResetCode(c echo.Context) error {
	data, r, u, err := s.resetFactorForm(c, resetFactor{Method: methodSMS})
	if err != nil {
		return err
	}
	if data.Invalid || !data.HasSMS {
		return s.render(c, http.StatusGone, "signin_reset_factor", resetFactor{Invalid: true})
	}
	err = s.sendCode(c.Request().Context(), u, u.Mobile, purposeReset, r.TokenHash)
	wait := sendLimit(err)
	if wait == nil {
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/wachtwoord-herstellen/"+data.Token+"?methode=sms")
	}
	data.Wait = placeWait(s.tr(c), &data.Form, data.Sent, wait)
	return s.render(c, http.StatusTooManyRequests, "signin_reset_factor", data)
}

// checkResetFactor checks the code; the right one opens the new-password form.
func (s *Server) checkResetFactor(c echo.Context) error {
	data, r, u, err := s.resetFactorForm(c, resetFactor{Method: c.FormValue("methode")})
	if err != nil {
		return err
	}
	code := c.FormValue(codeField)
	data.Set(codeField, code)
	if data.Invalid {
		return s.render(c, http.StatusGone, "signin_reset_factor", data)
	}
	res, err := s.checkFactorCode(c, data.Method, guess{user: u.ID, purpose: purposeReset, boundTo: r.TokenHash}, code)
	if err != nil {
		return err
	}
	if res.lock > 0 { // while the account is locked for wrong codes, the link is no use
		return s.render(c, http.StatusTooManyRequests, "signin_reset_factor", resetFactor{Invalid: true})
	}
	if res.problem != codeOK {
		data.Fail(codeFieldFor(data.Method, data.Sent), string(res.problem))
		return s.render(c, http.StatusUnprocessableEntity, "signin_reset_factor", data)
	}
	return s.goToStage(c, u, stageReset, map[string]any{resetKey: r.TokenHash})
}

// newPasswordForm is a form with a new password (views/password.html, "new-password"): the clinic's
// rules, marked for what was typed. A password is never written back into the page.
type newPasswordForm struct {
	views.Form
	Rules []password.Rule
}

func (s *Server) resetPasswordPage(c echo.Context) error {
	rules, err := s.passwordRules(c.Request().Context(), "", state(c).User)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "signin_reset_password", newPasswordForm{Rules: rules})
}

// resetPassword stores the new password, ends every session of the account, says so by mail and
// signs the user in.
func (s *Server) resetPassword(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	u := st.User
	var form newPasswordForm
	hash, err := s.checkNewPassword(c, u, &form)
	if err != nil {
		return err
	}
	if form.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "signin_reset_password", form)
	}
	linkHash, _ := st.Session.Values[resetKey].(string)
	now := s.clock.Now()
	err = s.changeAccount(c, u, "password_reset", func(ctx context.Context, q *queries.Queries) error {
		n, err := q.UsePasswordReset(ctx, queries.UsePasswordResetParams{Now: sqlTime(now), TokenHash: linkHash})
		if err != nil {
			return err
		}
		if n != 1 {
			return errLinkUsed
		}
		if err := q.SetPassword(ctx, queries.SetPasswordParams{PasswordHash: sql.NullString{String: hash, Valid: true}, ID: u.ID}); err != nil {
			return err
		}
		if err := q.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		return s.mailPasswordChanged(ctx, q, u)
	})
	if errors.Is(err, errLinkUsed) {
		return s.render(c, http.StatusGone, "signin_reset_factor", resetFactor{Invalid: true})
	}
	if err != nil {
		return err
	}
	s.wakeOutbox()
	st.Session = nil // deleted with the others
	stage, err := s.nextStage(ctx, u, true)
	if err != nil {
		return err
	}
	return s.goToStage(c, u, stage, nil)
}

// checkNewPassword checks the new password and its repetition, marks the rules for it and records
// its problems on form; the hash to store when it has none (nor had any before: the form's other
// fields are checked first, in the order of the page).
func (s *Server) checkNewPassword(c echo.Context, u *queries.User, form *newPasswordForm) (string, error) {
	pw, confirm := c.FormValue("wachtwoord"), c.FormValue("herhaal")
	var err error
	if form.Rules, err = s.passwordRules(c.Request().Context(), pw, u); err != nil {
		return "", err
	}
	switch {
	case failTooLong(&form.Form, "wachtwoord", pw, password.MaxLength): // refused, never shortened
	case !password.OK(form.Rules):
		form.Fail("wachtwoord", "signin_activation.password_rules")
	case pw != confirm:
		form.Fail("herhaal", "signin_activation.mismatch")
	}
	if form.Failed() {
		return "", nil
	}
	return password.Hash(pw)
}

// mailPasswordChanged tells the account's owner that the password changed (in the same transaction).
func (s *Server) mailPasswordChanged(ctx context.Context, q *queries.Queries, u *queries.User) error {
	return s.queueMail(ctx, q, u.Email, u.Locale, "password_changed", map[string]any{"Name": u.FullName()})
}
