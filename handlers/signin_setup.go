package handlers

import (
	"context"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/internal/factor"
	"balie/queries"
	"balie/views"
)

// Setting up a second factor: during sign-in or activation (stage setup, under /inloggen/beveiliging)
// and from the account's security page (a full session, under /account/beveiliging/nieuw). The
// authenticator app's secret waits in the server-side session until a code from the app proves it was
// stored.
const pendingSecretKey = "totp_secret"

type setupData struct {
	views.Form
	Base         string // where this setup's forms post
	AllowTOTP    bool
	AllowSMS     bool
	AllowPasskey bool
	MobileEnd    string
	HasTOTP      bool
	HasSMS       bool
	QR           template.URL // a PNG data URL made here, never from input
	Secret       string       // grouped for typing
	Sent         bool
	Wait         *views.Text // why no code was sent, and when one can be
	InSignIn     bool
}

func setupBase(c echo.Context) string {
	if stageOf(state(c)) == stageSetup {
		return "/inloggen/beveiliging"
	}
	return "/account/beveiliging/nieuw"
}

func (s *Server) setupForm(c echo.Context, data setupData) (setupData, error) {
	ctx := c.Request().Context()
	st := state(c)
	clinic, err := s.clinic(ctx)
	if err != nil {
		return data, err
	}
	fs, err := s.db.R.ListFactors(ctx, st.User.ID)
	if err != nil {
		return data, err
	}
	data.Base = setupBase(c)
	data.InSignIn = stageOf(st) == stageSetup
	data.AllowTOTP = clinic.AllowTotp == 1
	data.AllowSMS = clinic.AllowSms == 1 && canText(st.User.Mobile)
	data.AllowPasskey = s.passkeysOffered(clinic)
	data.MobileEnd = mobileEnd(st.User.Mobile)
	data.HasTOTP, data.HasSMS = has(fs, "totp"), has(fs, "sms")
	return data, nil
}

// setupFormFor is setupForm for the page of one kind of factor ("totp" or "sms"): a 404 when the clinic
// does not offer it (or, for SMS, the number on file cannot receive texts).
func (s *Server) setupFormFor(c echo.Context, kind string, data setupData) (setupData, error) {
	data, err := s.setupForm(c, data)
	if err == nil && !map[string]bool{"totp": data.AllowTOTP, "sms": data.AllowSMS}[kind] {
		err = echo.NewHTTPError(http.StatusNotFound)
	}
	return data, err
}

// setupChoice shows the ways to add a second factor.
func (s *Server) setupChoice(c echo.Context) error {
	data, err := s.setupForm(c, setupData{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "signin_setup_choice", data)
}

// setupTOTPStart makes a new secret for an authenticator app.
func (s *Server) setupTOTPStart(c echo.Context) error {
	data, err := s.setupFormFor(c, "totp", setupData{})
	if err != nil {
		return err
	}
	st := state(c)
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	key, err := factor.NewTOTP(clinic.Name, accountLabel(st.User))
	if err != nil {
		return err
	}
	st.Session.Values[pendingSecretKey] = key.Secret()
	if err := s.saveSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, data.Base+"/app")
}

func accountLabel(u *queries.User) string {
	if u.UserName.Valid {
		return u.UserName.String
	}
	return u.Email
}

// setupTOTPPage shows the QR code, the key to type by hand and the field for the first code.
func (s *Server) setupTOTPPage(c echo.Context) error {
	return s.renderTOTPSetup(c, http.StatusOK, setupData{})
}

func (s *Server) renderTOTPSetup(c echo.Context, status int, data setupData) error {
	st := state(c)
	secret, _ := st.Session.Values[pendingSecretKey].(string)
	if secret == "" {
		return c.Redirect(http.StatusSeeOther, setupBase(c))
	}
	data, err := s.setupForm(c, data)
	if err != nil {
		return err
	}
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	key, err := factor.TOTPKey(clinic.Name, accountLabel(st.User), secret)
	if err != nil {
		return err
	}
	qr, err := factor.QRCode(key)
	if err != nil {
		return err
	}
	data.QR = template.URL(qr)
	data.Secret = factor.GroupSecret(secret)
	return s.render(c, status, "signin_setup_totp", data)
}

// setupTOTPConfirm stores the app once it shows the right code.
func (s *Server) setupTOTPConfirm(c echo.Context) error {
	st := state(c)
	secret, _ := st.Session.Values[pendingSecretKey].(string)
	if secret == "" {
		return c.Redirect(http.StatusSeeOther, setupBase(c))
	}
	code := c.FormValue(codeField)
	step, ok := factor.CheckTOTP(secret, code, s.clock.Now(), 0)
	if !ok {
		var data setupData
		data.Set(codeField, code)
		problem := codeWrong
		if factor.Normalize(code) == "" {
			problem = codeRequired
		}
		data.Fail(codeField, string(problem))
		return s.renderTOTPSetup(c, http.StatusUnprocessableEntity, data)
	}
	delete(st.Session.Values, pendingSecretKey)
	return s.addFactor(c, queries.CreateFactorParams{Kind: "totp", Secret: secret}, step)
}

// setupSMSStart sends a code to the mobile number on file.
func (s *Server) setupSMSStart(c echo.Context) error {
	data, err := s.setupFormFor(c, "sms", setupData{})
	if err != nil {
		return err
	}
	st := state(c)
	err = s.sendCode(c.Request().Context(), st.User, st.User.Mobile, purposeMobile, numberProof(st.Session, st.User.Mobile))
	if err != nil && sendLimit(err) == nil {
		return err // a limit: the page says what to do
	}
	return c.Redirect(http.StatusSeeOther, data.Base+"/sms")
}

// setupSMSPage asks for the code that was sent.
func (s *Server) setupSMSPage(c echo.Context) error {
	data, err := s.setupFormFor(c, "sms", setupData{})
	if err != nil {
		return err
	}
	st := state(c)
	if data.Sent, data.Wait, err = s.codeState(c, st.User, st.User.Mobile, purposeMobile, numberProof(st.Session, st.User.Mobile)); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "signin_setup_sms", data)
}

// setupSMSConfirm adds SMS as a factor once the code from the phone is typed back.
func (s *Server) setupSMSConfirm(c echo.Context) error {
	st := state(c)
	data, err := s.setupFormFor(c, "sms", setupData{Sent: true})
	if err != nil {
		return err
	}
	code := c.FormValue(codeField)
	data.Set(codeField, code)
	res, err := s.checkCode(c, guess{purpose: purposeMobile, boundTo: numberProof(st.Session, st.User.Mobile)}, code)
	if err != nil {
		return err
	}
	if res.problem != codeOK {
		data.Fail(codeField, string(res.problem))
		return s.render(c, http.StatusUnprocessableEntity, "signin_setup_sms", data)
	}
	return s.addFactor(c, queries.CreateFactorParams{Kind: "sms", Label: st.User.Mobile}, 0)
}

// addFactor stores a proven factor and moves on: in sign-in to the next stage, else back to the
// security page.
func (s *Server) addFactor(c echo.Context, f queries.CreateFactorParams, step int64) error {
	target, err := s.storeFactor(c, f, step)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// storeFactor is addFactor without the redirect: it returns where the browser goes next (a passkey's
// setup answers its script with JSON).
func (s *Server) storeFactor(c echo.Context, f queries.CreateFactorParams, step int64) (string, error) {
	ctx := c.Request().Context()
	st := state(c)
	now := s.clock.Now()
	f.UserID, f.CreatedAt = st.User.ID, now
	err := s.changeAccount(c, st.User, "factor_added_"+f.Kind, func(ctx context.Context, q *queries.Queries) error {
		id, err := q.CreateFactor(ctx, f)
		if err != nil {
			return err
		}
		if step > 0 { // the code that proved the app cannot be used again to sign in
			if _, err := q.UseTOTPStep(ctx, queries.UseTOTPStepParams{Step: step, Now: sqlTime(now), ID: id}); err != nil {
				return err
			}
		}
		// Also at the first setup: someone who knows the password of an account without a factor
		// could add one, and the owner hears of it.
		u := st.User
		return s.queueMail(ctx, q, u.Email, u.Locale, "factor_added", map[string]any{"Name": u.FullName(),
			"Factor": s.views.Translator(u.Locale).T("mail.factor_added.kind_" + f.Kind)})
	})
	if err != nil {
		return "", err
	}
	s.wakeOutbox()
	if stageOf(st) != stageSetup {
		return withNotice(securityPath, "security.notice_added"), nil
	}
	stage, err := s.nextStage(ctx, st.User, true)
	if err != nil {
		return "", err
	}
	return s.moveToStage(c, st.User, stage, nil)
}
