package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/static"
)

// access says who may use a route.
type access int

const (
	public   access = iota // anyone
	signedIn               // any signed-in user
	patient                // signed-in patients
	staff                  // signed-in staff of any role
	admin                  // signed-in administrators
)

// Route is one entry of the route list.
type Route struct {
	Method  string
	Path    string
	Access  access
	Handler echo.HandlerFunc
}

// Public reports whether the route needs no sign-in.
func (r Route) Public() bool { return r.Access == public }

// Routes is every route of the app, in one list.
func (s *Server) Routes() []Route {
	routes := []Route{
		{http.MethodGet, "/", public, s.home},
		{http.MethodGet, "/healthz", public, s.healthz},
		{http.MethodGet, "/manifest.webmanifest", public, s.manifest},
		{http.MethodGet, static.Prefix + "*", public, echo.WrapHandler(s.assets)},

		{http.MethodGet, "/inloggen", public, s.signInPage},
		{http.MethodPost, "/inloggen", public, s.signIn},
		{http.MethodPost, "/uitloggen", signedIn, s.signOut},
		{http.MethodPost, "/sessie/verlengen", signedIn, s.extendSession},
		{http.MethodGet, "/activeren/:token", public, s.activationPage},
		{http.MethodPost, "/activeren/:token", public, s.activate},
		{http.MethodPost, "/taal", public, s.setLanguage},
		{http.MethodPost, "/contrast", public, s.setContrast},

		{http.MethodGet, "/overzicht", patient, s.overview},
		{http.MethodGet, "/profiel", patient, s.profile},

		{http.MethodGet, "/praktijk/patienten", staff, s.patients},
		{http.MethodGet, "/praktijk/patienten/:id", staff, s.patient},

		{http.MethodGet, "/praktijk/beheer/uitgaand", admin, s.adminOutbox},
		{http.MethodPost, "/praktijk/beheer/uitgaand/:id/opnieuw", admin, s.retryOutbox},
	}
	if s.cfg.Demo {
		// Demo only: what would have been mailed or texted, including activation links, so it is public.
		routes = append(routes, Route{http.MethodGet, "/demo/outbox", public, s.demoOutbox})
	}
	return routes
}

func (s *Server) register() {
	for _, r := range s.Routes() {
		s.echo.Add(r.Method, r.Path, r.Handler, s.require(r.Access))
	}
}
