package handlers

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"balie/internal/sessionstore"
	"balie/static"
)

// touchEvery: a request less than this after the last recorded one does not write the session again.
// The page still shows the exact time left, computed from the recorded time.
const touchEvery = 15 * time.Second

// Reasons a visitor lands on the sign-in page: the notices it shows (redirectToSignIn).
const (
	reasonIdle      = "signin.notice_idle"
	reasonAbsolute  = "signin.notice_absolute"
	reasonEnded     = "signin.notice_ended"
	reasonSignedOut = "signin.notice_signed_out"
)

// loadSession finds the signed-in user, if any. An expired session is already deleted by the store;
// its reason is kept so that a protected page can send the visitor to sign in with an explanation.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		st := state(c)
		r := c.Request()
		if strings.HasPrefix(r.URL.Path, static.Prefix) || r.URL.Path == "/healthz" {
			return next(c) // no personal data: no need to look the visitor up
		}
		sess, err := s.sessions.Get(r, s.sessions.CookieName())
		switch {
		case errors.Is(err, sessionstore.ErrIdle):
			st.Ended = reasonIdle
		case errors.Is(err, sessionstore.ErrAbsolute):
			st.Ended = reasonAbsolute
		case errors.Is(err, sessionstore.ErrUnknown):
			st.Ended = reasonEnded
		case err != nil:
			return err
		}
		if st.Ended != "" {
			s.clearSessionCookie(c)
			return next(c)
		}
		if sess.IsNew {
			return next(c)
		}
		meta, _ := sessionstore.MetaOf(sess)
		user := meta.User
		memoOf(r.Context()).clinicVersion = meta.ClinicVersion
		st.User, st.Session, st.Meta = &user, sess, meta
		st.Lang = user.Locale
		// The browser keeps the user's language too, so that the sign-in page after a timeout (the
		// session and with it the user are gone then) speaks it.
		if languageFromCookie(r) != user.Locale {
			s.setPreferenceCookie(c, langCookie, user.Locale)
		}
		if user.HighContrast.Valid {
			st.Contrast = map[bool]string{true: "on", false: "off"}[user.HighContrast.Int64 == 1]
		}
		return next(c)
	}
}

// require lets a request through only with the access its route needs, into an area the clinic
// offers, with the patient in view set (enterPatient). Anonymous visitors of a protected route go to the
// sign-in page (htmx requests are told to go there); a signed-in user of the wrong kind gets 403. A
// let-through request of a signed-in user restarts the idle time when it is activity (isActivity).
func (s *Server) require(r Route) echo.MiddlewareFunc {
	a := r.Access
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if a == public {
				if err := s.enterArea(c, r.Area); err != nil {
					return err
				}
				return next(c)
			}
			st := state(c)
			if st.User == nil {
				return s.redirectToSignIn(c, st.Ended)
			}
			stage := stageOf(st)
			if want, ok := stageAccess[a]; ok {
				if stage != want {
					return s.toStagePage(c, stage)
				}
			} else if a != signedIn && stage != stageFull {
				return s.toStagePage(c, stage)
			}
			if !a.fits(st.User.Role) {
				return echo.NewHTTPError(http.StatusForbidden)
			}
			if isActivity(c.Request()) {
				if err := s.sessions.Touch(c.Request().Context(), st.Session, false); err != nil {
					return err
				}
				st.Meta, _ = sessionstore.MetaOf(st.Session)
			}
			s.setSessionHeaders(c)
			if err := s.enterArea(c, r.Area); err != nil {
				return err
			}
			if err := s.enterPatient(c, r); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// userActionHeader is how the page's script marks an htmx request that the user caused (static/balie.js).
const userActionHeader = "X-User-Action"

// isActivity decides, in one place, whether a signed-in request restarts the idle time: only what the
// user does (a page, a form sent, "Blijf ingelogd", typing). An htmx request may also come from the page
// by itself (a draft saved because the timeout warning showed, a save tried again, anything polling),
// which would keep an unattended session alive for ever; so an htmx request counts only when the page's
// script says that the user's own event (a click, a keystroke) caused it.
func isActivity(r *http.Request) bool {
	return r.Header.Get("HX-Request") != "true" || r.Header.Get(userActionHeader) == "true"
}

// warnBefore is how long before a limit the page warns: five minutes (design.md §5), or half the idle
// time when that is shorter (tests run with timeouts of seconds).
func warnBefore(idle time.Duration) time.Duration { return min(5*time.Minute, idle/2) }

// sessionTimes are the seconds left until the signed-in session's two limits, rounded up: the page
// must not think the session over while the server still counts it alive (its reload would count as
// activity).
func (s *Server) sessionTimes(st *requestState) (idle, absolute int) {
	now := s.clock.Now()
	idle = int(math.Ceil(st.Meta.IdleDeadline(s.cfg.IdleTimeout).Sub(now).Seconds()))
	absolute = int(math.Ceil(st.Meta.ExpiresAt.Sub(now).Seconds()))
	return idle, absolute
}

// setSessionHeaders tells the page's script the time left after every htmx request.
func (s *Server) setSessionHeaders(c echo.Context) {
	idle, absolute := s.sessionTimes(state(c))
	h := c.Response().Header()
	h.Set("X-Session-Idle-Left", strconv.Itoa(idle))
	h.Set("X-Session-Absolute-Left", strconv.Itoa(absolute))
}

func (s *Server) redirectToSignIn(c echo.Context, reason string) error {
	return navigate(c, signInAfter(reason))
}

// signInAfter is the sign-in page saying reason (none when "").
func signInAfter(reason string) string {
	if reason == "" {
		return "/inloggen"
	}
	return withNotice("/inloggen", reason)
}

// destroySession deletes the session on the server and its cookie in the browser.
func (s *Server) destroySession(c echo.Context, sess *sessions.Session) error {
	sess.Options.MaxAge = -1
	return sess.Save(c.Request(), c.Response())
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: s.sessions.CookieName(), Value: "", Path: "/", MaxAge: -1,
		Secure: s.cfg.Secure(), HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
