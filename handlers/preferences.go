package handlers

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/locales"
	"balie/queries"
)

// setLanguage switches between Dutch and English: remembered in a cookie before sign-in and on the
// account after.
func (s *Server) setLanguage(c echo.Context) error {
	lang := c.FormValue("taal")
	if !locales.Supported(lang) {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	s.setPreferenceCookie(c, langCookie, lang)
	if u := state(c).User; u != nil {
		if err := s.db.W.SetUserLocale(c.Request().Context(), queries.SetUserLocaleParams{Locale: lang, ID: u.ID}); err != nil {
			return err
		}
	}
	return redirectBack(c)
}

// setContrast flips high contrast. The form says what is showing now ("showing"), because until the
// user chooses, the device's prefers-contrast decides and only the browser knows it.
func (s *Server) setContrast(c echo.Context) error {
	on := c.FormValue("showing") != "1"
	s.setPreferenceCookie(c, contrastCookie, map[bool]string{true: "on", false: "off"}[on])
	if u := state(c).User; u != nil {
		if err := s.storeContrast(c, u.ID, on); err != nil {
			return err
		}
	}
	return redirectBack(c)
}

func (s *Server) storeContrast(c echo.Context, userID int64, on bool) error {
	v := int64(0)
	if on {
		v = 1
	}
	return s.db.W.SetUserHighContrast(c.Request().Context(), queries.SetUserHighContrastParams{
		HighContrast: sql.NullInt64{Int64: v, Valid: true}, ID: userID})
}
