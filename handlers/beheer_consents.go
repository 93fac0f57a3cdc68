package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// The administrator defines the consents the practice asks (seed 001): their text in Dutch and English,
// whether patients give or withdraw them in the portal, and whether they are still asked. A consent is
// never removed: the changes patients made stay readable. A consent the portal ships with a key
// (consent_kinds.key; the portal records 'relatives' itself) keeps its texts, so that its meaning stays
// what the code and the patients' earlier choices assume; the database refuses it too.

const (
	consentsAdminPath = "/praktijk/beheer/toestemmingen"
	// maxConsentText bounds a consent's text in each language.
	maxConsentText = 1000
)

type adminConsentsPage struct {
	views.Form
	Kinds []queries.ConsentKind
	ID    int64 // the consent the form changes; 0: a new one
	// Fixed: the consent has a key; its texts are shown, not offered to change.
	Fixed      bool
	FixedTexts [2]string // Dutch, English
}

// adminConsents lists the consents, with the form for a new one.
func (s *Server) adminConsents(c echo.Context) error {
	return s.adminConsentsPage(c, http.StatusOK, adminConsentsPage{Form: consentKindForm(queries.ConsentKind{PatientMayChange: 1, Active: 1})})
}

// editConsentKind is the form of one consent.
func (s *Server) editConsentKind(c echo.Context) error {
	k, err := lookup(s, c, "id", objConsentKind, 0, s.db.R.GetConsentKind)
	if err != nil {
		return err
	}
	return s.adminConsentsPage(c, http.StatusOK, consentKindPage(consentKindForm(k), k))
}

// consentKindPage is the page with the form f of kind k (the zero kind: a new one).
func consentKindPage(f views.Form, k queries.ConsentKind) adminConsentsPage {
	return adminConsentsPage{Form: f, ID: k.ID, Fixed: k.Key.Valid, FixedTexts: [2]string{k.TextNl, k.TextEn}}
}

func (s *Server) adminConsentsPage(c echo.Context, status int, data adminConsentsPage) error {
	var err error
	if data.Kinds, err = s.db.R.ListConsentKinds(c.Request().Context()); err != nil {
		return err
	}
	return s.render(c, status, "beheer_consents", data)
}

// consentKindForm is the form with the consent in its fields.
func consentKindForm(k queries.ConsentKind) views.Form {
	var f views.Form
	f.Set("tekst_nl", k.TextNl)
	f.Set("tekst_en", k.TextEn)
	for name, on := range map[string]int64{"wijzigbaar": k.PatientMayChange, "actief": k.Active} {
		if on == 1 {
			f.Set(name, "1")
		}
	}
	return f
}

// saveConsentKind adds a consent (no id in the path) or changes one.
func (s *Server) saveConsentKind(c echo.Context) error {
	var stored queries.ConsentKind
	if c.Param("id") != "" {
		var err error
		if stored, err = lookup(s, c, "id", objConsentKind, 0, s.db.R.GetConsentKind); err != nil {
			return err
		}
	}
	id := stored.ID
	var f views.Form
	k := queries.ConsentKind{ID: id, TextNl: stored.TextNl, TextEn: stored.TextEn}
	if !stored.Key.Valid { // a shipped consent keeps its texts; the form does not offer them
		k.TextNl, k.TextEn = strings.TrimSpace(c.FormValue("tekst_nl")), strings.TrimSpace(c.FormValue("tekst_en"))
		f.Set("tekst_nl", k.TextNl)
		f.Set("tekst_en", k.TextEn)
		checkText(&f, "tekst_nl", k.TextNl, "beheer_consents.text_required", maxConsentText)
		checkText(&f, "tekst_en", k.TextEn, "", maxConsentText)
	}
	k.PatientMayChange, k.Active = checkField(&f, c, "wijzigbaar"), checkField(&f, c, "actief")
	if f.Failed() {
		return s.adminConsentsPage(c, http.StatusUnprocessableEntity, consentKindPage(f, stored))
	}
	notice := "beheer_consents.notice_saved"
	err := s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		if id != 0 {
			return q.UpdateConsentKind(ctx, queries.UpdateConsentKindParams{TextNl: k.TextNl, TextEn: k.TextEn,
				PatientMayChange: k.PatientMayChange, Active: k.Active, ID: id})
		}
		notice = "beheer_consents.notice_added"
		_, err := q.CreateConsentKind(ctx, queries.CreateConsentKindParams{TextNl: k.TextNl, TextEn: k.TextEn,
			PatientMayChange: k.PatientMayChange, Active: k.Active})
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, consentsAdminPath, notice)
}
