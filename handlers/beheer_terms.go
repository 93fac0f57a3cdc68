package handlers

import (
	"database/sql"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// maxTermsLength bounds the terms' text in each language.
const maxTermsLength = 50_000

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
	return s.render(c, http.StatusOK, "beheer_terms", data)
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
		checkText(&data.Form, name, text, "beheer_terms.required", maxTermsLength)
	}
	if data.Failed() {
		if err := s.loadTermsVersions(c, &data); err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "beheer_terms", data)
	}
	_, err := s.db.W.PublishTerms(c.Request().Context(), queries.PublishTermsParams{
		TextNl: data.Value("tekst_nl"), TextEn: data.Value("tekst_en"), PublishedAt: s.clock.Now(),
		PublishedBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true}})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/beheer/voorwaarden", "beheer_terms.notice_published")
}
