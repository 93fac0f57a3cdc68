package handlers

import "github.com/labstack/echo/v4"

// AddPanickingRoute adds a GET route whose handler panics, so that a test can see what a visitor gets
// from a bug: no route of the app panics on purpose.
func (s *Server) AddPanickingRoute(path string) {
	s.echo.GET(path, func(echo.Context) error { panic("a bug") })
}
