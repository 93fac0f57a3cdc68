package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

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
	return c.HTMLBlob(status, body)
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
	}
	switch {
	case st.User == nil:
	case stageOf(st) != stageFull:
		p.Pending = true // half-way through signing in: no menu, but a way out
	default:
		p.User = st.User
		p.Home = homeOf(st.User.Role)
		if withChrome {
			p.Menu = s.menu(c.Request().Context(), st.User, st.Area, p.Path)
			p.Session.IdleLeft, p.Session.AbsoluteLeft = s.sessionTimes(st)
			p.Session.WarnBefore = int(warnBefore(s.cfg.IdleTimeout).Seconds())
		}
	}
	return p
}

func homeOf(role string) string {
	if role == "patient" {
		return "/overzicht"
	}
	return "/praktijk/patienten"
}

// localPath returns p if it is a clean path on this site, else "/": the return address of a form must
// not send anyone elsewhere. Browsers drop tabs and newlines from an address and read a backslash as a
// slash, so "/<tab>/evil.example" and "/<backslash>evil.example" lead to another site: a path with a
// backslash or a control character is refused, written plainly or percent-encoded.
func localPath(p string) string {
	decoded, err := url.PathUnescape(p)
	if err != nil || !cleanLocalPath(p) || !cleanLocalPath(decoded) {
		return "/"
	}
	return p
}

// cleanLocalPath reports whether p begins with a single "/" and holds no backslash or control character.
// withQuery adds one query parameter to a local path that may already have a query string.
func withQuery(path, param string) string {
	if strings.Contains(path, "?") {
		return path + "&" + param
	}
	return path + "?" + param
}

func cleanLocalPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	return !strings.ContainsFunc(p, func(r rune) bool { return r == '\\' || unicode.IsControl(r) })
}

// redirectBack answers a form post with 303 to the local path in the form field "terug".
func redirectBack(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("terug")))
}
