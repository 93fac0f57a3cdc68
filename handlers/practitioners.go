package handlers

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/photo"
	"balie/queries"
	"balie/views"
)

// "Mijn behandelaars" (seed 000) and the photos of people (seed 003): staff place a photo of a staff
// member (the administrator, from the staff page) or of a patient (on the patient page); it goes through
// photo.Process like an e-consult's photos, and only the re-encoded JPEG and its thumbnail are kept.
// Pages show the thumbnail inline (a data: address), so that a photo needs no address of its own.

const (
	objProfilePhoto = "profile_photo"
	// involvedSince is how far back an appointment makes its practitioner one of the patient's.
	involvedSince = -1 // years
)

// photoURL is a thumbnail as an inline image address ("" without one).
func photoURL(thumb []byte) template.URL {
	if len(thumb) == 0 {
		return ""
	}
	return template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(thumb))
}

// userPhoto is the thumbnail of the user's photo, "" when there is none.
func (s *Server) userPhoto(ctx context.Context, userID int64) (template.URL, error) {
	p, err := s.db.R.GetUserPhotoThumb(ctx, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return photoURL(p.Thumb), err
}

// practitioner is one of "Mijn behandelaars".
type practitioner struct {
	queries.ListPatientPractitionersRow
	Photo template.URL
}

// patientPractitioners are the patient's lead practitioner and those of the appointments the patient
// sees from a year ago on.
func (s *Server) patientPractitioners(ctx context.Context, patientID int64) ([]practitioner, error) {
	now := s.clock.Now()
	rows, err := s.db.R.ListPatientPractitioners(ctx, queries.ListPatientPractitionersParams{PatientID: patientID,
		Since: now.AddDate(involvedSince, 0, 0), Now: now})
	list := make([]practitioner, len(rows))
	for i, r := range rows {
		list[i] = practitioner{ListPatientPractitionersRow: r, Photo: photoURL(r.Thumb)}
	}
	return list, err
}

// userPhotoPage is the form that places a person's photo.
type userPhotoPage struct {
	views.Form
	Name, Action, Back string
	Photo              template.URL
}

// MaxMB is the size limit of the photo, in megabytes.
func (userPhotoPage) MaxMB() int { return photo.MaxBytes >> 20 }

func staffPhotoPath(id int64) string {
	return "/praktijk/beheer/medewerkers/" + strconv.FormatInt(id, 10) + "/foto"
}

func patientPhotoPath(id int64) string {
	return "/praktijk/patienten/" + strconv.FormatInt(id, 10) + "/foto"
}

// staffMemberPhoto is the administrator's form for a staff member's photo.
func (s *Server) staffMemberPhoto(c echo.Context) error {
	u, err := lookup(s, c, "id", objStaffMember, 0, s.db.R.GetStaffMember)
	if err != nil {
		return err
	}
	return s.showUserPhoto(c, http.StatusOK, userPhotoPage{Name: u.FullName(), Action: staffPhotoPath(u.ID),
		Back: "/praktijk/beheer/medewerkers"}, u.ID)
}

func (s *Server) placeStaffMemberPhoto(c echo.Context) error {
	u, err := lookup(s, c, "id", objStaffMember, 0, s.db.R.GetStaffMember)
	if err != nil {
		return err
	}
	return s.placePhoto(c, userPhotoPage{Name: u.FullName(), Action: staffPhotoPath(u.ID), Back: "/praktijk/beheer/medewerkers"},
		u.ID, 0)
}

// patientProfilePhoto is the staff's form for the patient's profile photo.
func (s *Server) patientProfilePhoto(c echo.Context) error {
	p := state(c).Patient
	if err := s.logAccess(c, objProfilePhoto, p.ID, accesslog.ActionRead, p.ID); err != nil {
		return err
	}
	back := "/praktijk/patienten/" + strconv.FormatInt(p.ID, 10)
	return s.showUserPhoto(c, http.StatusOK, userPhotoPage{Name: p.FullName(), Action: patientPhotoPath(p.ID), Back: back}, p.ID)
}

func (s *Server) placePatientPhoto(c echo.Context) error {
	p := state(c).Patient
	back := "/praktijk/patienten/" + strconv.FormatInt(p.ID, 10)
	return s.placePhoto(c, userPhotoPage{Name: p.FullName(), Action: patientPhotoPath(p.ID), Back: back}, p.ID, p.ID)
}

func (s *Server) showUserPhoto(c echo.Context, status int, data userPhotoPage, userID int64) error {
	var err error
	if data.Photo, err = s.userPhoto(c.Request().Context(), userID); err != nil {
		return err
	}
	return s.render(c, status, "practitioners_photo", data)
}

// placePhoto keeps the uploaded photo as the user's (patientID: the patient it is of, 0 for staff), or
// shows the form again with the problem.
func (s *Server) placePhoto(c echo.Context, data userPhotoPage, userID, patientID int64) error {
	u, err := readUpload(c, 1)
	if err != nil {
		return err
	}
	files := u.Files(photoField)
	if len(files) == 0 || (len(files[0].Data) == 0 && !files[0].TooLarge) {
		data.Fail(photoField, "practitioners.photo_required")
		return s.showUserPhoto(c, u.status(), data, userID)
	}
	p, err := readPhoto(c.Request().Context(), files[0])
	if key, args := s.photoRefusal(c, err); key != "" {
		data.Fail(photoField, key, append([]any{"Name", shortFileName(files[0].Name)}, args...)...)
		return s.showUserPhoto(c, u.status(), data, userID)
	} else if err != nil {
		return err
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := q.SetUserPhoto(ctx, queries.SetUserPhotoParams{UserID: userID, Width: int64(p.Width), Height: int64(p.Height),
			ThumbWidth: int64(p.ThumbWidth), ThumbHeight: int64(p.ThumbHeight),
			PlacedBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, PlacedAt: s.clock.Now(), Content: p.JPEG, Thumb: p.Thumb}); err != nil {
			return err
		}
		if patientID != 0 {
			cl.add(objProfilePhoto, userID, patientID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, data.Back, "practitioners.notice_photo_placed")
}
