package handlers

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/internal/password"
	"balie/locales"
	"balie/queries"
	"balie/views"
)

// signInData is the sign-in form: the name typed (never the password) and what was wrong. Why the
// visitor is here (signed out, timed out) is the page's notice.
type signInData struct {
	views.Form
}

func (s *Server) home(c echo.Context) error {
	if st := state(c); st.User != nil {
		return s.toSessionHome(c, st)
	}
	return c.Redirect(http.StatusSeeOther, "/inloggen")
}

// toSessionHome sends a signed-in visitor to the start page, or to the page of an unfinished stage.
func (s *Server) toSessionHome(c echo.Context, st *requestState) error {
	if stage := stageOf(st); stage != stageFull {
		return s.toStagePage(c, stage)
	}
	return c.Redirect(http.StatusSeeOther, homeOf(st.User.Role))
}

func (s *Server) signInPage(c echo.Context) error {
	if st := state(c); st.User != nil {
		return s.toSessionHome(c, st)
	}
	return s.render(c, http.StatusOK, "signin", signInData{})
}

// signIn checks name and password. Unknown names, wrong passwords and locks give the same answer
// whether or not the account exists, and cost the same time (design.md §5).
func (s *Server) signIn(c echo.Context) error {
	ctx := c.Request().Context()
	var form signInData
	name, pw := strings.TrimSpace(c.FormValue("naam")), c.FormValue("wachtwoord")
	form.Set("naam", name)
	if name == "" {
		form.Fail("naam", "signin.name_required")
	}
	if pw == "" {
		form.Fail("wachtwoord", "signin.password_required")
	}
	if form.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "signin", form)
	}

	// The address's try and the account's are taken before the password is checked, in one write, so
	// that guesses sent at once cannot get past a limit, and a refused guess costs no password hash. A
	// locked name answers alike whether or not it is an account's.
	tries := []limitedTry{{rule: s.throttles.address, key: s.throttles.address.key(c.RealIP())}}
	// A name longer than any account's counts for the address only, so that no row is written for it.
	named := utf8.RuneCountInString(name) <= maxSignInName
	if named {
		tries = append(tries, limitedTry{rule: s.throttles.account, key: s.throttles.account.key(name), clear: true})
	}
	wait, err := s.takeTries(ctx, tries)
	if err != nil {
		return err
	}
	if wait > 0 {
		return s.renderLocked(c, form, "signin.locked", wait)
	}

	var user *queries.User
	if named {
		if user, err = s.findSignInUser(ctx, name); err != nil {
			return err
		}
	}
	ok := false
	if user != nil && user.PasswordHash.Valid {
		if ok, err = password.Verify(pw, user.PasswordHash.String); err != nil {
			return err
		}
	} else {
		password.VerifyNothing(pw)
	}
	if !ok {
		return s.wrongPassword(c, form, user, tries)
	}
	// The right password does not count against the address (a clinic's Wi-Fi) and clears the account's count.
	if err := s.giveTriesBack(ctx, tries); err != nil {
		return err
	}
	// A lock for wrong codes holds until it ends: the right password alone does not lift it.
	if wait, err := s.codeLock(ctx, user.ID); err != nil || wait > 0 {
		if err != nil {
			return err
		}
		return s.renderLocked(c, form, "signin.locked_codes", wait)
	}
	return s.passwordAccepted(c, user)
}

// wrongPassword answers a wrong password (or a name without an account) whose tries were taken: the
// address's (tries[0]) and the account's (tries[1], unless the name is too long for one). The account's
// events record it, and a try that reached its limit says the lock.
func (s *Server) wrongPassword(c echo.Context, form signInData, user *queries.User, tries []limitedTry) error {
	addressLocked, accountLocked := tries[0].last, len(tries) > 1 && tries[1].last
	if user != nil {
		kind := "sign_in_failed"
		if accountLocked {
			kind = "locked"
		}
		if err := s.accountEvent(c, user.ID, kind); err != nil {
			return err
		}
	}
	var lock time.Duration
	for _, try := range tries {
		if try.last {
			lock = max(lock, try.rule.lock)
		}
	}
	if lock > 0 {
		s.log.Warn("sign-in locked", "id", state(c).ID, "account_locked", accountLocked, "address_locked", addressLocked)
		return s.renderLocked(c, form, "signin.locked", lock)
	}
	// The summary leads to the password, the field to type again (the name may be right).
	form.Fail("wachtwoord", "signin.failed")
	return s.render(c, http.StatusUnauthorized, "signin", form)
}

// renderLocked says that signing in is locked for wait, and why (a locale key with the minutes): a
// problem of the whole form, since no field helps until then.
func (s *Server) renderLocked(c echo.Context, form signInData, reason string, wait time.Duration) error {
	form.Fail("", reason, "Minutes", int(math.Ceil(wait.Minutes())))
	return s.render(c, http.StatusTooManyRequests, "signin", form)
}

// findSignInUser finds the one account a typed name means (sign-in and password reset); nil when it
// means none. A name means the account whose user name it is, unless it is another account's e-mail
// address and not that account's own (only a database from before such names were refused has
// them): then the name is the address. An address means the one account with a password that has it;
// a parent may use one address for several children's accounts, and then it means none of them.
func (s *Server) findSignInUser(ctx context.Context, name string) (*queries.User, error) {
	byName, err := s.db.R.GetUserBySignInName(ctx, sql.NullString{String: name, Valid: true})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	named := err == nil
	// The account whose user name it is comes first among the address's holders, when it is one.
	holders, err := s.db.R.ListUsersByEmail(ctx, name)
	if err != nil {
		return nil, err
	}
	if named {
		ownAddress := len(holders) > 0 && holders[0].ID == byName.ID
		if ownAddress || len(holders) == 0 {
			return &byName, nil
		}
	}
	var found *queries.User
	for i, u := range holders {
		if !u.PasswordHash.Valid {
			continue
		}
		if found != nil {
			return nil, nil
		}
		found = &holders[i]
	}
	return found, nil
}

// passwordAccepted remembers the language and contrast the visitor chose before signing in, and moves
// the new session to its next stage: the second factor (an SMS code is sent at once when that is the
// user's way in), or setting one up when the user has none.
func (s *Server) passwordAccepted(c echo.Context, user *queries.User) error {
	if err := s.keepVisitorChoices(c, user); err != nil {
		return err
	}
	stage, err := s.nextStage(c.Request().Context(), user, false)
	if err != nil {
		return err
	}
	if err := s.enterStage(c, user.ID, stage, nil); err != nil {
		return err
	}
	if stage == stageFactor {
		if err := s.startFactorStep(c, user); err != nil {
			return err
		}
	}
	s.log.Info("password accepted", "id", state(c).ID, "user", user.ID, "stage", stage)
	return c.Redirect(http.StatusSeeOther, stagePages[stage])
}

// keepVisitorChoices stores the language and contrast chosen before sign-in on the account.
func (s *Server) keepVisitorChoices(c echo.Context, user *queries.User) error {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(langCookie); err == nil && locales.Supported(ck.Value) && ck.Value != user.Locale {
		if err := s.db.W.SetUserLocale(ctx, queries.SetUserLocaleParams{Locale: ck.Value, ID: user.ID}); err != nil {
			return err
		}
		user.Locale = ck.Value
	}
	if choice := contrastFromCookie(c.Request()); choice != "" {
		return s.storeContrast(c, user.ID, choice == "on")
	}
	return nil
}

func (s *Server) signOut(c echo.Context) error {
	st := state(c)
	if err := s.destroySession(c, st.Session); err != nil {
		return err
	}
	s.log.Info("signed out", "id", st.ID, "user", st.User.ID)
	return redirectWithNotice(c, "/inloggen", reasonSignedOut)
}

// extendSession is "Blijf ingelogd": the idle timer starts again; the absolute limit stays.
func (s *Server) extendSession(c echo.Context) error {
	st := state(c)
	if err := s.sessions.Touch(c.Request().Context(), st.Session, true); err != nil {
		return err
	}
	st.Meta.LastSeenAt = s.clock.Now()
	s.setSessionHeaders(c)
	if c.Request().Header.Get("HX-Request") == "true" {
		return c.NoContent(http.StatusNoContent)
	}
	return redirectBack(c)
}
