package handlers

import (
	"database/sql"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// maxTermsLength bounds the terms' text in each language.
const maxTermsLength = 50_000

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
	return s.render(c, http.StatusOK, "terms", termsPage{Version: t.Version, Text: views.Format(termsText(t, state(c).Lang))})
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

type adminTermsData struct {
	views.Form
	Versions []queries.Term
}

// adminTerms lets the administrator read every version and publish a new one.
func (s *Server) adminTerms(c echo.Context) error {
	var data adminTermsData
	if err := s.loadTermsVersions(c, &data); err != nil {
		return err
	}
	if len(data.Versions) > 0 {
		data.Set("tekst_nl", data.Versions[0].TextNl)
		data.Set("tekst_en", data.Versions[0].TextEn)
	}
	return s.render(c, http.StatusOK, "admin_terms", data)
}

func (s *Server) loadTermsVersions(c echo.Context, data *adminTermsData) error {
	var err error
	data.Versions, err = s.db.R.ListTerms(c.Request().Context())
	return err
}

// publishTerms publishes a new version: every patient accepts it at their next sign-in.
func (s *Server) publishTerms(c echo.Context) error {
	var data adminTermsData
	for _, name := range []string{"tekst_nl", "tekst_en"} { // in the order of the page
		text := strings.TrimSpace(c.FormValue(name))
		data.Set(name, text)
		checkText(&data.Form, name, text, "terms.required", maxTermsLength)
	}
	if data.Failed() {
		if err := s.loadTermsVersions(c, &data); err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "admin_terms", data)
	}
	_, err := s.db.W.PublishTerms(c.Request().Context(), queries.PublishTermsParams{
		TextNl: data.Value("tekst_nl"), TextEn: data.Value("tekst_en"), PublishedAt: s.clock.Now(),
		PublishedBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true}})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/beheer/voorwaarden", "terms.notice_published")
}
