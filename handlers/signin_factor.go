package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/factor"
	"balie/internal/sessionstore"
	"balie/queries"
	"balie/views"
)

// The second step of signing in: a code from the authenticator app or an SMS code (passkeys sign in
// through their own ceremony, signin_passkey.go). The session holds which way the user is using now.
const (
	methodKey    = "method"
	methodTOTP   = "totp"
	methodSMS    = "sms"
	maxFactorTry = 5 // tries in one sign-in before it starts again (counted in its session row)
)

// codeThrottle limits wrong second-factor codes per account across sign-ins and reset links (each
// try is taken before the code is compared, and a right code clears the count: tryFactor).
var codeThrottle = throttleRule{prefix: "code:", max: 10, window: 15 * time.Minute, lock: 15 * time.Minute}

type factorData struct {
	views.Form
	Method     string
	HasTOTP    bool
	HasSMS     bool
	HasPasskey bool
	MobileEnd  string
	Sent       bool        // an SMS code was sent for this sign-in
	Wait       *views.Text // why none was, and when one can be
}

// usableFactors are the user's factors of the kinds the clinic allows.
func (s *Server) usableFactors(ctx context.Context, userID int64) ([]queries.Factor, error) {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.db.R.ListFactors(ctx, userID)
	if err != nil {
		return nil, err
	}
	allowed := map[string]bool{"totp": clinic.AllowTotp == 1, "passkey": s.passkeysOffered(clinic), "sms": clinic.AllowSms == 1}
	var out []queries.Factor
	for _, f := range all {
		if allowed[f.Kind] {
			out = append(out, f)
		}
	}
	return out, nil
}

// touchSMSFactors records that the user's SMS factor was just used (the app and passkeys record their
// own use when their code or signature is checked).
func (s *Server) touchSMSFactors(ctx context.Context, userID int64) error {
	fs, err := s.usableFactors(ctx, userID)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.Kind == "sms" {
			if err := s.db.W.TouchFactor(ctx, queries.TouchFactorParams{LastUsedAt: sqlTime(s.clock.Now()), ID: f.ID}); err != nil {
				return err
			}
		}
	}
	return nil
}

func has(fs []queries.Factor, kind string) bool {
	for _, f := range fs {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

// startFactorStep picks the way in for a fresh factor stage: the authenticator app when the user has
// one, else an SMS code, which is sent right away (the password post is the request that asks for it).
func (s *Server) startFactorStep(c echo.Context, user *queries.User) error {
	fs, err := s.usableFactors(c.Request().Context(), user.ID)
	if err != nil {
		return err
	}
	st := state(c)
	switch {
	case has(fs, "totp"):
		st.Session.Values[methodKey] = methodTOTP
	case has(fs, "sms"):
		st.Session.Values[methodKey] = methodSMS
		if err := s.sendCode(c.Request().Context(), user, user.Mobile, purposeSignIn, sessionstore.AttemptID(st.Session)); err != nil && sendLimit(err) == nil {
			return err // the code page explains a limit or a number that cannot receive texts
		}
	}
	return s.saveSession(c)
}

func (s *Server) factorForm(c echo.Context, data factorData) (factorData, error) {
	st := state(c)
	fs, err := s.usableFactors(c.Request().Context(), st.User.ID)
	if err != nil {
		return data, err
	}
	data.HasTOTP, data.HasSMS, data.HasPasskey = has(fs, "totp"), has(fs, "sms"), has(fs, "passkey")
	data.Method, _ = st.Session.Values[methodKey].(string)
	data.MobileEnd = mobileEnd(st.User.Mobile)
	if data.Method == methodSMS {
		data.Sent, data.Wait, err = s.codeState(c, st.User, st.User.Mobile, purposeSignIn, sessionstore.AttemptID(st.Session))
	}
	return data, err
}

// factorPage asks for the second factor.
func (s *Server) factorPage(c echo.Context) error {
	data, err := s.factorForm(c, factorData{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "signin_factor", data)
}

// checkFactor checks the typed code; the right one completes the sign-in.
func (s *Server) checkFactor(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	data, err := s.factorForm(c, factorData{})
	if err != nil {
		return err
	}
	code := c.FormValue(codeField)
	data.Set(codeField, code)
	attempt := sessionstore.AttemptID(st.Session)
	res, err := s.checkFactorCode(c, data.Method, guess{user: st.User.ID, attempt: attempt, purpose: purposeSignIn, boundTo: attempt}, code)
	if err != nil {
		return err
	}
	if res.problem != codeOK {
		return s.factorFailed(c, data, res)
	}
	if data.Method == methodSMS {
		if err := s.touchSMSFactors(ctx, st.User.ID); err != nil {
			return err
		}
	}
	target, err := s.factorPassed(c, st.User)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// factorPassed completes a sign-in whose second factor is proven (a code, or a passkey, which counts
// for both steps when it signs in without a password): the sign-in is recorded, and the session moves
// to its next stage, whose page it returns.
func (s *Server) factorPassed(c echo.Context, user *queries.User) (string, error) {
	ctx := c.Request().Context()
	if err := s.accountEvent(c, user.ID, "sign_in"); err != nil {
		return "", err
	}
	stage, err := s.nextStage(ctx, user, true)
	if err != nil {
		return "", err
	}
	return s.moveToStage(c, user, stage, nil)
}

// factorFailed explains a refused code. When the sign-in has no tries left, or the account is locked
// for wrong codes, the sign-in ends.
func (s *Server) factorFailed(c echo.Context, data factorData, res guessResult) error {
	ended, err := s.endFailedSignIn(c, res)
	if err != nil {
		return err
	}
	if ended {
		var form signInData
		if res.lock > 0 {
			return s.renderLocked(c, form, "signin.locked_codes", res.lock)
		}
		form.Fail("", string(codeNoTry))
		return s.render(c, http.StatusUnauthorized, "signin", form)
	}
	data.Fail(codeFieldFor(data.Method, data.Sent), string(res.problem))
	return s.render(c, http.StatusUnprocessableEntity, "signin_factor", data)
}

// endFailedSignIn ends the sign-in when a refused second factor left it no tries or the account is
// locked: the session is gone, and ended is true.
func (s *Server) endFailedSignIn(c echo.Context, res guessResult) (ended bool, err error) {
	if !res.ended && res.lock == 0 {
		return false, nil
	}
	st := state(c)
	if err := s.destroySession(c, st.Session); err != nil {
		return false, err
	}
	st.Session, st.User = nil, nil
	return true, nil
}

// checkTOTP checks a code from the authenticator app: any of the user's apps, each time step once.
func (s *Server) checkTOTP(c echo.Context, g guess, code string) (guessResult, error) {
	if factor.Normalize(code) == "" {
		return guessResult{problem: codeRequired}, nil
	}
	ctx := c.Request().Context()
	return s.tryFactor(c, g, func() (codeProblem, error) {
		fs, err := s.usableFactors(ctx, g.user)
		if err != nil {
			return "", err
		}
		now := s.clock.Now()
		for _, f := range fs {
			if f.Kind != "totp" {
				continue
			}
			step, ok := factor.CheckTOTP(f.Secret, code, now, f.LastStep)
			if !ok {
				continue
			}
			n, err := s.db.W.UseTOTPStep(ctx, queries.UseTOTPStepParams{Step: step, Now: sqlTime(now), ID: f.ID})
			if err != nil {
				return "", err
			}
			if n == 1 {
				return codeOK, nil
			}
		}
		return codeWrong, nil
	})
}

// sendSignInCode sends (or sends again) an SMS code and switches to it.
func (s *Server) sendSignInCode(c echo.Context) error {
	st := state(c)
	data, err := s.factorForm(c, factorData{})
	if err != nil {
		return err
	}
	if !data.HasSMS {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	st.Session.Values[methodKey] = methodSMS
	if err := s.saveSession(c); err != nil {
		return err
	}
	err = s.sendCode(c.Request().Context(), st.User, st.User.Mobile, purposeSignIn, sessionstore.AttemptID(st.Session))
	wait := sendLimit(err)
	if wait == nil {
		if err != nil {
			return err
		}
		return redirectWithNotice(c, stagePages[stageFactor], "signin_factor.notice_code_sent")
	}
	if data, err = s.factorForm(c, factorData{}); err != nil {
		return err
	}
	data.Wait = placeWait(s.tr(c), &data.Form, data.Sent, wait)
	return s.render(c, http.StatusTooManyRequests, "signin_factor", data)
}

// useAuthenticator switches the sign-in to the authenticator app.
func (s *Server) useAuthenticator(c echo.Context) error {
	st := state(c)
	data, err := s.factorForm(c, factorData{})
	if err != nil {
		return err
	}
	if !data.HasTOTP {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	st.Session.Values[methodKey] = methodTOTP
	if err := s.saveSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, stagePages[stageFactor])
}
