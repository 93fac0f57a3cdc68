package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/views"
)

// A notice says what the user's last action did ("Uw bericht is verstuurd"). The layout shows it once,
// above the page (views/form.html, "notice"). Handlers speak in locale keys named <area>.notice_<what>:
// after a change they redirect with the key in the address (the page survives a reload and needs no
// session), or set it on the page they render (setNotice).

// noticeParam is the query parameter that carries a notice's locale key.
const noticeParam = "melding"

// withNotice is the local path with the address of its page saying key.
func withNotice(path, key string) string {
	return withQuery(path, noticeParam+"="+url.QueryEscape(key))
}

// redirectWithNotice answers a change with 303 to the local path, whose page then says key.
func redirectWithNotice(c echo.Context, path, key string) error {
	return c.Redirect(http.StatusSeeOther, withNotice(path, key))
}

// setNotice makes the page this request renders say key.
func setNotice(c echo.Context, key string, args ...any) {
	state(c).Notice = &views.Text{Key: key, Args: args}
}

// noticeOf is the notice of the page: the one the handler set, or the one in the address if it names a
// notice, so that an address cannot make the page say any other text of the app.
func (s *Server) noticeOf(c echo.Context) *views.Text {
	if n := state(c).Notice; n != nil {
		return n
	}
	key := c.QueryParam(noticeParam)
	if !isNoticeKey(key) || !s.views.Translator(state(c).Lang).Has(key) {
		return nil
	}
	return &views.Text{Key: key}
}

// isNoticeKey reports whether key has the form of a notice's locale key: <area>.notice_<what>.
func isNoticeKey(key string) bool {
	area, what, ok := strings.Cut(key, ".notice_")
	return ok && area != "" && what != "" && !strings.ContainsAny(area+what, ". ")
}
