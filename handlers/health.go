package handlers

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/static"
)

// healthz is for monitoring: it answers whether the database can be read, and nothing personal.
func (s *Server) healthz(c echo.Context) error {
	var one int
	if err := s.db.Read.QueryRowContext(c.Request().Context(), "SELECT 1").Scan(&one); err != nil {
		s.log.Error("health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// manifest makes the portal installable as a home-screen shortcut, under the clinic's short name, in the
// visitor's language (the page links it with credentials, so that the language cookie comes along).
func (s *Server) manifest(c echo.Context) error {
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	tr := s.tr(c)
	icons := []map[string]string{
		{"src": s.assets.Path("icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
	}
	for _, ic := range static.Icons {
		if ic.Purpose != "" {
			size := strconv.Itoa(ic.Size)
			icons = append(icons, map[string]string{"src": s.assets.Path(ic.Name), "sizes": size + "x" + size, "type": "image/png", "purpose": ic.Purpose})
		}
	}
	m := map[string]any{
		"name":             clinic.Name + " – " + tr.T("app.portal"),
		"short_name":       clinic.HomeScreenName(),
		"description":      tr.T("app.description", "Clinic", clinic.Name),
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"background_color": "#f4f6f7",
		"theme_color":      "#0b5563",
		"lang":             state(c).Lang,
		"dir":              "ltr", // both languages
		"icons":            icons,
	}
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/manifest+json", body)
}
