// Package handlers is Balie's HTTP layer: every route (routes.go), the middleware, the error handler and
// one file per area. New builds the whole app, so tests run the real thing through httptest.
package handlers

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"balie/internal/accesslog"
	"balie/internal/clock"
	"balie/internal/config"
	"balie/internal/sessionstore"
	"balie/queries"
	"balie/static"
	"balie/views"
)

// Deps are what the app needs from outside.
type Deps struct {
	DB        *queries.DB
	Config    *config.Config
	Clock     clock.Clock
	Logger    *slog.Logger
	AccessLog *accesslog.Log
	Bundle    *i18n.Bundle
	// WakeOutbox, if set, is called after a transaction wrote mail or SMS to the outbox, so that it goes
	// out at once instead of at the worker's next poll.
	WakeOutbox func()
}

// Server is the app: its dependencies and the handlers as methods.
type Server struct {
	db        *queries.DB
	cfg       *config.Config
	clock     clock.Clock
	log       *slog.Logger
	access    *accesslog.Log
	views     *views.Views
	assets    *static.Assets
	sessions  *sessionstore.Store
	echo      *echo.Echo
	handler   http.Handler
	throttles throttleRules
	wake      func()
	// sign-ins with a passkey that began and have not finished (signin_passkey.go)
	pendingPasskeys *pendingCeremonies
	// where paths hold a mailed link's token, which the logs leave out (loggedPath)
	tokenPrefixes []string
	// why this site's address cannot have passkeys (nil when it can; passkeysOffered)
	passkeyProblem error
	// the clinic's settings as last read (clinic.go)
	clinicHeld atomic.Pointer[queries.ClinicSetting]
	// the menus built so far, by menuKey (areas.go)
	menus sync.Map
}

// New builds the app.
func New(d Deps) (*Server, error) {
	assets, err := static.Load()
	if err != nil {
		return nil, err
	}
	v, err := views.New(d.Bundle, assets, d.Clock)
	if err != nil {
		return nil, err
	}
	if err := addBuiltinQuestionnaires(context.Background(), d.DB, d.Clock.Now); err != nil {
		return nil, err
	}
	s := &Server{
		db: d.DB, cfg: d.Config, clock: d.Clock, log: d.Logger, access: d.AccessLog, views: v, assets: assets,
		throttles: defaultThrottles, wake: d.WakeOutbox, pendingPasskeys: newPendingCeremonies(passkeyPendingMax),
	}
	if _, s.passkeyProblem = newRelyingParty(d.Config.BaseURL, "Balie"); s.passkeyProblem != nil {
		s.log.Warn("passkeys are off: this address cannot have them; give -base-url a host name", "base_url", d.Config.BaseURL, "err", s.passkeyProblem)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(d.Config.TrustedProxies)
	s.sessions = sessionstore.New(d.DB, d.Clock, sessionstore.Options{
		Secure:     d.Config.Secure(),
		Idle:       d.Config.IdleTimeout,
		Absolute:   d.Config.AbsoluteTimeout,
		TouchEvery: touchEvery,
		Address:    func(r *http.Request) string { return e.IPExtractor(r) },
	})
	e.HTTPErrorHandler = s.handleError
	e.Use(s.requestContext, s.recoverPanics, s.loadSession)
	s.echo = e
	s.register()
	s.tokenPrefixes = tokenPrefixes(s.Routes())

	// Cross-origin state changes are refused before anything else runs (design.md §5), and every
	// answer, that refusal included, carries the security headers.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.handler = s.securityHeaders(cop.Handler(e))
	return s, nil
}

// wakeOutbox tells the outbox worker that something is waiting (call after the commit).
func (s *Server) wakeOutbox() {
	if s.wake != nil {
		s.wake()
	}
}

// ServeHTTP serves the app.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// DeleteExpiredSessions removes sessions past their limits; main calls it now and then.
func (s *Server) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	return s.sessions.DeleteExpired(ctx)
}

// ipExtractor believes X-Forwarded-For only from the configured proxies.
func ipExtractor(trusted []string) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, cidr := range trusted {
		if _, n, err := net.ParseCIDR(cidr); err == nil {
			opts = append(opts, echo.TrustIPRange(n))
		}
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
