package handlers

import (
	"github.com/labstack/echo/v4"

	"balie/views"
)

// render answers with a page: the whole document for normal and boosted requests, only its content for
// other htmx requests (design.md §3).
func (s *Server) render(c echo.Context, status int, page string, data any) error {
	r := c.Request()
	fragment := r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true"
	st := state(c)
	body, err := s.views.Render(st.Lang, page, fragment, s.pageFrame(c, data, !fragment))
	if err != nil {
		return err
	}
	c.Response().Header().Add("Vary", "HX-Request")
	return sendHTML(c, status, body)
}

// tr is the translator of the request's language, for messages built in handlers.
func (s *Server) tr(c echo.Context) *views.Translator { return s.views.Translator(state(c).Lang) }

// pageFrame fills in what every page shows around its own content. A fragment (withChrome false) has
// no menu or session timers, so they are not looked up: autosave answers stay cheap.
func (s *Server) pageFrame(c echo.Context, data any, withChrome bool) views.Page {
	st := state(c)
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		s.log.Error("clinic settings", "err", err, "id", st.ID)
	}
	p := views.Page{
		Lang:          st.Lang,
		Clinic:        clinic,
		Path:          c.Request().URL.Path,
		ContrastClass: map[string]string{"on": "hc", "off": "no-hc"}[st.Contrast],
		RequestID:     st.ID,
		Demo:          s.cfg.Demo,
		Passkeys:      s.passkeysOffered(clinic),
		Data:          data,
		Notice:        s.noticeOf(c),
	}
	if f, ok := data.(interface{ FormErrors() []views.FieldError }); ok {
		p.Errors = f.FormErrors()
	}
	switch {
	case st.User == nil:
	case stageOf(st) != stageFull:
		p.Pending = true // half-way through signing in: no menu, but a way out
	default:
		p.User = st.User
		p.Home = homeOf(st.User.Role)
		if withChrome {
			p.Portal = s.portalFrame(c)
			p.Menu = s.menu(c.Request().Context(), st, p.Path)
			p.Session.IdleLeft, p.Session.AbsoluteLeft = s.sessionTimes(st)
			p.Session.WarnBefore = int(warnBefore(s.cfg.IdleTimeout).Seconds())
		}
	}
	return p
}

func homeOf(role string) string {
	if role == "patient" || role == "relative" {
		return "/overzicht"
	}
	return "/praktijk/patienten"
}
