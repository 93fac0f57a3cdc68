package handlers

import (
	"database/sql"
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

type termsPage struct {
	Version int64
	Text    template.HTML
}

// termsToAccept shows the latest terms to a patient who has not accepted them yet.
func (s *Server) termsToAccept(c echo.Context) error {
	// Terms are never withdrawn, and this stage is entered only while some wait: none is an error.
	t, err := s.db.R.LatestTerms(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "signin_terms", termsPage{Version: t.Version, Text: views.Format(termsText(t, state(c).Lang))})
}

func termsText(t queries.Term, lang string) string {
	if lang == "en" {
		return t.TextEn
	}
	return t.TextNl
}

// acceptTerms stores the acceptance of the version shown and opens the portal. A newer version
// published in between is shown instead.
func (s *Server) acceptTerms(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	t, err := s.db.R.LatestTerms(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case c.FormValue("versie") != strconv.FormatInt(t.Version, 10):
		// Only the version the user was shown counts: another one (or none) shows the latest first.
		return c.Redirect(http.StatusSeeOther, stagePages[stageTerms])
	default:
		if err := s.db.W.AcceptTerms(ctx, queries.AcceptTermsParams{UserID: st.User.ID, Version: t.Version, AcceptedAt: s.clock.Now()}); err != nil {
			return err
		}
	}
	return s.goToStage(c, st.User, stageFull, nil)
}
