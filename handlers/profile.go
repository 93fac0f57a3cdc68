package handlers

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// personData is a patient's personal details as the profile and the back office show them.
type personData struct {
	Patient      queries.User
	Practitioner *queries.User
	Staff        bool         // shown to staff, who are not the patient: no "uw"
	Photo        template.URL // the patient's photo, placed by staff (practitioners.go)
}

// profilePage is the patient's profile with "Mijn behandelaars".
type profilePage struct {
	personData
	Practitioners []practitioner
}

// profile ("Profiel") shows the patient in view's details, read-only: corrections go through the clinic.
func (s *Server) profile(c echo.Context) error {
	patient := state(c).Patient
	if err := s.logAccess(c, "profile", 0, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	person, err := s.person(c.Request().Context(), *patient)
	if err != nil {
		return err
	}
	data := profilePage{personData: person}
	if data.Practitioners, err = s.patientPractitioners(c.Request().Context(), patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "profile", data)
}

func (s *Server) person(ctx context.Context, p queries.User) (personData, error) {
	data := personData{Patient: p}
	var err error
	if data.Photo, err = s.userPhoto(ctx, p.ID); err != nil {
		return data, err
	}
	if p.PractitionerID.Valid {
		pr, err := s.db.R.GetStaffMember(ctx, p.PractitionerID.Int64)
		switch {
		case err == nil:
			data.Practitioner = &pr
		case !errors.Is(err, sql.ErrNoRows):
			return data, err
		}
	}
	return data, nil
}
