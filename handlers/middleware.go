package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/locales"
	"balie/queries"
)

// csp allows nothing inline: htmx is configured to need neither inline styles nor eval (design.md §3).
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// requestContext gives the request an id and the visitor's language and contrast choice (from cookies,
// until a signed-in user's own settings replace them), and logs the request when it is done.
func (s *Server) requestContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		c.SetRequest(c.Request().WithContext(queries.WithStatementCounter(withRequestMemo(c.Request().Context()))))
		st := state(c)
		st.ID = newRequestID()
		st.Lang = languageFromCookie(c.Request())
		st.Contrast = contrastFromCookie(c.Request())
		c.Response().Header().Set("X-Request-Id", st.ID)
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		attrs := []any{
			slog.String("id", st.ID), slog.String("method", c.Request().Method),
			// The path only: query strings can hold names typed into a search.
			slog.String("path", s.loggedPath(c)), slog.Int("status", c.Response().Status),
			slog.Duration("took", time.Since(start)),
			slog.Int64("statements", queries.StatementsRun(c.Request().Context())),
		}
		if st.User != nil {
			attrs = append(attrs, slog.Int64("user", st.User.ID))
		}
		s.log.Info("request", attrs...)
		return nil
	}
}

// loggedPath is the request's path as the logs show it. The token in a mailed link is a secret (stored
// only hashed), so a route with a :token is logged as the route ("/activeren/:token"), and any other
// path at such a place (a page that does not exist, a request refused before routing) up to the token.
func (s *Server) loggedPath(c echo.Context) string {
	route, path := c.Path(), c.Request().URL.Path
	switch {
	case strings.Contains(route, ":token"):
		return route
	case route == path: // a route without parameters
		return path
	}
	for _, prefix := range s.tokenPrefixes {
		if strings.HasPrefix(path, prefix) {
			return prefix + "…"
		}
	}
	return path
}

// tokenPrefixes are the beginnings of the paths that carry a token: every route with a :token, up to
// it ("/activeren/", "/wachtwoord-herstellen/").
func tokenPrefixes(routes []Route) []string {
	var prefixes []string
	for _, r := range routes {
		if i := strings.Index(r.Path, ":token"); i >= 0 && !slices.Contains(prefixes, r.Path[:i]) {
			prefixes = append(prefixes, r.Path[:i])
		}
	}
	return prefixes
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// recoverPanics turns a panic into a 500 page and a log line with the stack's cause.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// defaultBodyLimit bounds every request but those whose route says otherwise (Route.BodyLimit: the
// uploads): the longest draft fits with room to spare.
const defaultBodyLimit = 2 << 20

// limitBody refuses request bodies over limit (the route's) before anything reads them.
func limitBody(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, limit)
			return next(c)
		}
	}
}

// securityHeaders sets the headers of design.md §5 on every answer, error pages, redirects, static files
// and the cross-origin refusal included: it wraps the whole app, so nothing answers without them.
// Pages may hold personal data, so nothing is cached unless a handler (the hashed static files) says
// otherwise; a handler may also tighten Referrer-Policy (the pages of a mailed link).
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "geolocation=(), microphone=(), payment=(), usb=()")
		h.Set("Cache-Control", "no-store")
		if s.cfg.Secure() {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

const (
	langCookie     = "taal"
	contrastCookie = "contrast"
)

func languageFromCookie(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && locales.Supported(c.Value) {
		return c.Value
	}
	return locales.Default
}

func contrastFromCookie(r *http.Request) string {
	if c, err := r.Cookie(contrastCookie); err == nil && (c.Value == "on" || c.Value == "off") {
		return c.Value
	}
	return ""
}

// setPreferenceCookie remembers a visitor's language or contrast choice for a year. It holds no
// personal data.
func (s *Server) setPreferenceCookie(c echo.Context, name, value string) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.cfg.Secure(), HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}
