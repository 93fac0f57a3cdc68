package handlers

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/password"
	"balie/internal/sessionstore"
	"balie/internal/sms"
	"balie/queries"
	"balie/views"
)

// "Mijn account – Beveiliging": the user's own password, second factors, mobile number, sessions and
// recent sign-ins. Changing the password or the mobile number asks for the current password again.

const (
	pendingMobileKey = "new_mobile" // session value: the number a code was sent to
	securityPath     = "/account/beveiliging"
)

// securityPage is the page and its two forms, the password's and the mobile number's (one of them sent).
type securityPage struct {
	newPasswordForm
	Factors  []queries.Factor
	Sessions []sessionView
	Events   []queries.AccountEvent
	Mobile   string
}

type sessionView struct {
	ID      string
	This    bool
	Created string
	Seen    string
	Address string
	Device  string
}

func (s *Server) securityData(c echo.Context, data securityPage) (securityPage, error) {
	ctx := c.Request().Context()
	st := state(c)
	var err error
	if data.Factors, err = s.db.R.ListFactors(ctx, st.User.ID); err != nil {
		return data, err
	}
	sessions, err := s.sessions.ListUser(ctx, st.User.ID)
	if err != nil {
		return data, err
	}
	tr := s.tr(c)
	current := sessionstore.AttemptID(st.Session)
	for _, ss := range sessions {
		// A sign-in that only passed the password (or is still activating) is not signed in anywhere.
		if ss.Values[stageKey] != stageFull {
			continue
		}
		data.Sessions = append(data.Sessions, sessionView{ID: ss.IDHash, This: ss.IDHash == current,
			Created: tr.DayTime(ss.CreatedAt), Seen: tr.DayTime(ss.LastSeenAt), Address: ss.Address, Device: deviceName(tr, ss.UserAgent)})
	}
	if data.Events, err = s.db.R.ListAccountEvents(ctx, queries.ListAccountEventsParams{UserID: st.User.ID, Limit: accountEventsShown}); err != nil {
		return data, err
	}
	data.Mobile = st.User.Mobile
	if data.Rules == nil {
		data.Rules, err = s.passwordRules(ctx, "", st.User)
	}
	return data, err
}

// The browsers and systems a user agent names, in words people know. The first marker found wins, so
// a browser built on another (Edge and Samsung Internet say "Chrome", Chrome says "Safari") comes first.
var (
	uaBrowsers = []uaMarker{
		{"EdgA/", "Edge"}, {"EdgiOS/", "Edge"}, {"Edg/", "Edge"}, {"SamsungBrowser/", "Samsung Internet"},
		{"OPR/", "Opera"}, {"FxiOS/", "Firefox"}, {"Firefox/", "Firefox"}, {"CriOS/", "Chrome"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	}
	uaSystems = []uaMarker{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"Windows", "Windows"},
		{"CrOS", "ChromeOS"}, {"Macintosh", "Mac"}, {"Linux", "Linux"},
	}
)

type uaMarker struct{ marker, name string }

func uaFind(ua string, markers []uaMarker) string {
	for _, m := range markers {
		if strings.Contains(ua, m.marker) {
			return m.name
		}
	}
	return ""
}

// deviceName names a session's device from its user agent: "Chrome op Android", "Safari op iPhone",
// or what is known of it; "Onbekend apparaat" when nothing is.
func deviceName(tr *views.Translator, ua string) string {
	browser, system := uaFind(ua, uaBrowsers), uaFind(ua, uaSystems)
	switch {
	case browser != "" && system != "":
		return tr.T("security.device", "Browser", browser, "System", system)
	case browser != "":
		return browser
	case system != "":
		return system
	}
	return tr.T("security.device_unknown")
}

func (s *Server) securityPage(c echo.Context) error {
	data, err := s.securityData(c, securityPage{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "security", data)
}

// currentPasswordThrottle limits guesses at the current password from a signed-in session (a session
// left open on a shared computer must not let anyone try passwords without end, each costing a hash).
var currentPasswordThrottle = throttleRule{prefix: "current:", max: 5, window: 15 * time.Minute, lock: 15 * time.Minute}

// currentPasswordCheck re-checks the signed-in user's password before a sensitive change. Its try is
// taken before the password is compared; a right password gives it back. The answer is nil when the
// password is right, else the problem to show beside the field.
func (s *Server) currentPasswordCheck(c echo.Context, u *queries.User, pw string) (*views.Text, error) {
	ctx := c.Request().Context()
	tries := []limitedTry{{rule: currentPasswordThrottle, key: currentPasswordThrottle.key(userKey(u.ID)), clear: true}}
	wait, err := s.takeTries(ctx, tries)
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		return &views.Text{Key: "security.current_locked", Args: []any{"Minutes", int(math.Ceil(wait.Minutes()))}}, nil
	}
	ok := false
	if u.PasswordHash.Valid {
		if ok, err = password.Verify(pw, u.PasswordHash.String); err != nil {
			return nil, err
		}
	}
	if !ok {
		return &views.Text{Key: "security.current_wrong"}, nil
	}
	return nil, s.giveTriesBack(ctx, tries)
}

// failWith records problem, if any, at the form's field.
func failWith(f *views.Form, field string, problem *views.Text) {
	if problem != nil {
		f.Fail(field, problem.Key, problem.Args...)
	}
}

// changePassword: the current password, then a new one by the rules; other sessions end.
func (s *Server) changePassword(c echo.Context) error {
	st := state(c)
	u := st.User
	wrong, err := s.currentPasswordCheck(c, u, c.FormValue("huidig"))
	if err != nil {
		return err
	}
	var data securityPage
	failWith(&data.Form, "huidig", wrong)
	hash, err := s.checkNewPassword(c, u, &data.newPasswordForm)
	if err != nil {
		return err
	}
	if data.Failed() {
		if data, err = s.securityData(c, data); err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "security", data)
	}
	err = s.changeAccount(c, u, "password_changed", func(ctx context.Context, q *queries.Queries) error {
		if err := q.SetPassword(ctx, queries.SetPasswordParams{PasswordHash: sql.NullString{String: hash, Valid: true}, ID: u.ID}); err != nil {
			return err
		}
		if err := q.DeleteOtherSessions(ctx, queries.DeleteOtherSessionsParams{UserID: u.ID, Keep: sessionstore.AttemptID(st.Session)}); err != nil {
			return err
		}
		return s.mailPasswordChanged(ctx, q, u)
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, securityPath, "security.notice_password")
}

// removeFactor removes one way of signing in, never the last.
func (s *Server) removeFactor(c echo.Context) error {
	ctx := c.Request().Context()
	u := state(c).User
	f, err := lookup(s, c, "id", objFactor, patientOf(u), func(ctx context.Context, id int64) (queries.Factor, error) {
		return s.db.R.GetFactor(ctx, queries.GetFactorParams{ID: id, UserID: u.ID}) // another user's is a 404
	})
	if err != nil {
		return err
	}
	id := f.ID
	fs, err := s.usableFactors(ctx, u.ID)
	if err != nil {
		return err
	}
	if len(fs) <= 1 {
		return redirectWithNotice(c, securityPath, "security.notice_last_factor")
	}
	err = s.changeAccount(c, u, "factor_removed", func(ctx context.Context, q *queries.Queries) error {
		_, err := q.DeleteFactor(ctx, queries.DeleteFactorParams{ID: id, UserID: u.ID})
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, securityPath, "security.notice_removed")
}

// endSession ends one of the user's other sessions.
func (s *Server) endSession(c echo.Context) error {
	u := state(c).User
	id := c.FormValue("sessie")
	if len(id) > sha256.Size*2 { // no session's id is longer
		return echo.NewHTTPError(http.StatusNotFound)
	}
	err := s.changeAccount(c, u, "session_ended", func(ctx context.Context, q *queries.Queries) error {
		n, err := q.DeleteUserSession(ctx, queries.DeleteUserSessionParams{IDHash: id, UserID: u.ID})
		if err == nil && n == 0 { // not one of the user's sessions: nothing changes
			err = echo.NewHTTPError(http.StatusNotFound)
		}
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, securityPath, "security.notice_session_ended")
}

// changeMobileStart checks the password and the new number, and sends a code to the new number.
func (s *Server) changeMobileStart(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	u := st.User
	var data securityPage
	mobile := strings.TrimSpace(c.FormValue("mobiel"))
	data.Set("mobiel", mobile)
	wrong, err := s.currentPasswordCheck(c, u, c.FormValue("wachtwoord"))
	if err != nil {
		return err
	}
	normalized, numErr := sms.Normalize(mobile)
	// In the order of the page: the number, then the password that confirms it.
	switch {
	case failTooLong(&data.Form, "mobiel", mobile, maxPhone): // the number as typed waits in the session for its code
	case numErr != nil:
		data.Fail("mobiel", "security.mobile_invalid")
	}
	failWith(&data.Form, mobilePasswordField, wrong)
	if data.Failed() {
		if data, err = s.securityData(c, data); err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "security", data)
	}
	// The number waits for its code only once a code is on its way to it.
	if err := s.sendCode(ctx, u, normalized, purposeMobile, numberProof(st.Session, normalized)); err != nil {
		wait := sendLimit(err)
		if wait == nil {
			return err
		}
		problem := wait.problem(s.tr(c))
		failWith(&data.Form, "mobiel", &problem)
		if data, err = s.securityData(c, data); err != nil {
			return err
		}
		return s.render(c, http.StatusTooManyRequests, "security", data)
	}
	st.Session.Values[pendingMobileKey] = mobile
	if err := s.saveSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account/beveiliging/mobiel")
}

// mobilePasswordField is the id of the password that confirms a new mobile number (the page has two
// fields named "wachtwoord").
const mobilePasswordField = "mobiel-wachtwoord"

type mobileCodeData struct {
	views.Form
	End string
}

func (s *Server) changeMobilePage(c echo.Context) error {
	pending, _ := state(c).Session.Values[pendingMobileKey].(string)
	if pending == "" {
		return c.Redirect(http.StatusSeeOther, securityPath)
	}
	return s.render(c, http.StatusOK, "security_mobile", mobileCodeData{End: mobileEnd(pending)})
}

// changeMobileConfirm stores the new number once its code is typed back, and tells the user by mail.
func (s *Server) changeMobileConfirm(c echo.Context) error {
	st := state(c)
	u := st.User
	pending, _ := st.Session.Values[pendingMobileKey].(string)
	if pending == "" {
		return c.Redirect(http.StatusSeeOther, securityPath)
	}
	data := mobileCodeData{End: mobileEnd(pending)}
	code := c.FormValue(codeField)
	data.Set(codeField, code)
	res, err := s.checkCode(c, guess{purpose: purposeMobile, boundTo: numberProof(st.Session, pending)}, code)
	if err != nil {
		return err
	}
	if res.problem != codeOK {
		data.Fail(codeField, string(res.problem))
		return s.render(c, http.StatusUnprocessableEntity, "security_mobile", data)
	}
	err = s.changeAccount(c, u, "mobile_changed", func(ctx context.Context, q *queries.Queries) error {
		if err := q.SetMobile(ctx, queries.SetMobileParams{Mobile: pending, ID: u.ID}); err != nil {
			return err
		}
		if err := q.RelabelSMSFactors(ctx, queries.RelabelSMSFactorsParams{Label: pending, UserID: u.ID}); err != nil {
			return err
		}
		return s.mailMobileChanged(ctx, q, u, pending)
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	delete(st.Session.Values, pendingMobileKey)
	if err := s.saveSession(c); err != nil {
		return err
	}
	return redirectWithNotice(c, securityPath, "security.notice_mobile")
}

func (s *Server) mailMobileChanged(ctx context.Context, q *queries.Queries, u *queries.User, mobile string) error {
	return s.queueMail(ctx, q, u.Email, u.Locale, "mobile_changed", map[string]any{"Name": u.FullName(), "End": mobileEnd(mobile)})
}
