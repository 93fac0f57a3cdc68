package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
)

// errorPage is the data of the error page: locale keys of its title and message.
type errorPage struct {
	Title, Message string
}

var errorPages = map[int]errorPage{
	http.StatusBadRequest:            {"error.title", "error.bad_request"},
	http.StatusForbidden:             {"error.forbidden_title", "error.forbidden"},
	http.StatusNotFound:              {"error.not_found_title", "error.not_found"},
	http.StatusMethodNotAllowed:      {"error.title", "error.method"},
	http.StatusRequestEntityTooLarge: {"error.title", "error.too_large"},
}

// handleError is the one error handler: a translated, friendly page; the error itself goes to the log
// with the request id, never to the browser.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	st := state(c)
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	page, ok := errorPages[status]
	if !ok {
		page = errorPage{"error.title", "error.server"}
		if status < 500 {
			status = http.StatusBadRequest
			page.Message = "error.bad_request"
		}
	}
	if status >= 500 {
		s.log.Error("request failed", "id", st.ID, "path", s.loggedPath(c), "err", err)
	}
	if rerr := s.render(c, status, "error", page); rerr != nil {
		s.log.Error("error page failed", "id", st.ID, "err", rerr)
		_ = c.String(status, http.StatusText(status))
	}
}

// crossOriginDenied answers a cross-origin state change (refused before it reaches echo).
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	c := s.echo.NewContext(r, w)
	st := state(c)
	st.ID = newRequestID()
	st.Lang = languageFromCookie(r)
	st.Contrast = contrastFromCookie(r)
	s.log.Warn("cross-origin request refused", "id", st.ID, "path", s.loggedPath(c), "origin", r.Header.Get("Origin"))
	if err := s.render(c, http.StatusForbidden, "error", errorPage{"error.forbidden_title", "error.cross_origin"}); err != nil {
		http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
	}
}
