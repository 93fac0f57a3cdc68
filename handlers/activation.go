package handlers

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/internal/password"
	"balie/internal/token"
	"balie/queries"
)

// minPasswordLength is design.md §5's minimum.
const minPasswordLength = 12

type activationData struct {
	Token         string
	Name          string
	Invalid       bool
	PasswordError string
	ConfirmError  string
}

// activationPage shows the form to choose a password, reached from a one-time link.
func (s *Server) activationPage(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer") // the URL holds a secret
	act, err := s.findActivation(c)
	if err != nil {
		return err
	}
	if act == nil {
		return s.render(c, http.StatusNotFound, "activate", activationData{Invalid: true})
	}
	return s.render(c, http.StatusOK, "activate", activationData{Token: c.Param("token"), Name: act.GivenName})
}

// activate sets the password, uses up the link and signs the new user in.
func (s *Server) activate(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	ctx := c.Request().Context()
	act, err := s.findActivation(c)
	if err != nil {
		return err
	}
	if act == nil {
		return s.render(c, http.StatusNotFound, "activate", activationData{Invalid: true})
	}
	tr := s.tr(c)
	data := activationData{Token: c.Param("token"), Name: act.GivenName}
	pw, confirm := c.FormValue("wachtwoord"), c.FormValue("herhaal")
	clinic, err := s.db.R.GetClinic(ctx)
	if err != nil {
		return err
	}
	switch {
	case utf8.RuneCountInString(pw) < minPasswordLength:
		data.PasswordError = tr.T("activate.too_short", "Min", minPasswordLength)
	case len(pw) > password.MaxLength:
		data.PasswordError = tr.T("activate.too_long")
	case strings.Contains(strings.ToLower(pw), strings.ToLower(clinic.Name)):
		data.PasswordError = tr.T("activate.clinic_name")
	case pw != confirm:
		data.ConfirmError = tr.T("activate.mismatch")
	}
	if data.PasswordError != "" || data.ConfirmError != "" {
		return s.render(c, http.StatusUnprocessableEntity, "activate", data)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		n, err := q.UseActivation(ctx, queries.UseActivationParams{Now: sql.NullTime{Time: now, Valid: true}, TokenHash: act.TokenHash})
		if err != nil {
			return err
		}
		if n != 1 {
			return errActivationUsed
		}
		return q.SetPassword(ctx, queries.SetPasswordParams{PasswordHash: sql.NullString{String: hash, Valid: true}, ID: act.UserID})
	})
	if errors.Is(err, errActivationUsed) { // used by a request that came in at the same moment
		return s.render(c, http.StatusNotFound, "activate", activationData{Invalid: true})
	}
	if err != nil {
		return err
	}
	user, err := s.db.W.GetUser(ctx, act.UserID)
	if err != nil {
		return err
	}
	return s.startSession(c, &user)
}

var errActivationUsed = errors.New("activation already used")

func (s *Server) findActivation(c echo.Context) (*queries.GetActivationRow, error) {
	act, err := s.db.R.GetActivation(c.Request().Context(), queries.GetActivationParams{
		TokenHash: token.Hash(c.Param("token")), Now: s.clock.Now()})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &act, nil
}
