package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/photo"
	"balie/queries"
	"balie/views"
)

// Photos sent with an e-consult. What the patient uploads is checked by its content and re-encoded by
// internal/photo (scaled down, no metadata such as the place it was taken); only that re-encoded JPEG is
// stored and served. Until the e-consult is sent the photos wait with the patient; staff see them only
// once sent.

// photoUploadLimit bounds a request that carries photos: three at the size limit, and room for photos
// far too large to be counted through (never kept, readUpload), so that each gets its own clear message
// instead of a refused request.
const photoUploadLimit = 48 << 20

// photoField is the form's file field.
const photoField = "foto"

// storeUploadedPhotos keeps the photos in the (parsed) request as the patient's waiting photos, up to the
// limit of an e-consult, and returns how many it kept and a problem for each one it could not take.
func (s *Server) storeUploadedPhotos(c echo.Context, files []uploadedFile) (int, []views.Text, error) {
	if len(files) == 0 {
		return 0, nil, nil
	}
	ctx := c.Request().Context()
	patient := state(c).Patient
	waiting, err := s.db.R.ListPendingPhotos(ctx, patient.ID)
	if err != nil {
		return 0, nil, err
	}
	room := maxEconsultPhotos - len(waiting)
	added := 0
	var problems []views.Text
	refuse := func(key, name string, args ...any) {
		problems = append(problems, views.Text{Key: key, Args: append([]any{"Name", name}, args...)})
	}
	for _, file := range files {
		name := shortFileName(file.Name)
		if room <= 0 || file.Unread {
			refuse("econsult.photo_too_many", name, "Max", maxEconsultPhotos)
			continue
		}
		p, err := readPhoto(ctx, file)
		if key, args := s.photoRefusal(c, err); key != "" {
			refuse(key, name, args...)
			continue
		} else if err != nil {
			return added, nil, err
		}
		err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
			id, err := q.AddPhoto(ctx, queries.AddPhotoParams{PatientID: patient.ID, Source: p.Source, SourceBytes: int64(len(file.Data)),
				Width: int64(p.Width), Height: int64(p.Height), ThumbWidth: int64(p.ThumbWidth), ThumbHeight: int64(p.ThumbHeight),
				CreatedAt: s.clock.Now(), Content: p.JPEG, Thumb: p.Thumb, Room: maxEconsultPhotos})
			if err != nil {
				return err
			}
			cl.add(objPhoto, id, patient.ID)
			return nil
		})
		if errors.Is(err, sql.ErrNoRows) { // another upload filled the e-consult meanwhile
			refuse("econsult.photo_too_many", name, "Max", maxEconsultPhotos)
			room = 0
			continue
		}
		if err != nil {
			return added, nil, err
		}
		room--
		added++
	}
	return added, problems, nil
}

// photoRefusal is the problem to show for a photo readPhoto refused (the locale key and its arguments
// beside the file's Name), or "" when err is no refusal.
func (s *Server) photoRefusal(c echo.Context, err error) (string, []any) {
	switch {
	case errors.Is(err, photo.ErrTooLarge):
		return "econsult.photo_too_large", []any{"Max", photo.MaxBytes >> 20}
	case errors.Is(err, photo.ErrNotAPhoto):
		return "econsult.photo_not_a_photo", nil
	case errors.Is(err, photo.ErrTooManyPixels):
		return "econsult.photo_too_many_pixels", []any{"Max", photo.MaxMegapixels(err)}
	case errors.Is(err, photo.ErrUnreadable):
		s.log.Info("photo refused", "id", state(c).ID, "err", photo.Cause(err))
		return "econsult.photo_unreadable", nil
	}
	return "", nil
}

func readPhoto(ctx context.Context, file uploadedFile) (photo.Photo, error) {
	if file.TooLarge {
		return photo.Photo{}, photo.ErrTooLarge
	}
	return photo.Process(ctx, file.Data)
}

// shortFileName is the name the patient's device gave the file, short enough to show in a message.
func shortFileName(name string) string {
	if utf8.RuneCountInString(name) <= 60 {
		return name
	}
	return string([]rune(name)[:57]) + "…"
}

// removePendingPhoto takes a waiting photo (id as typed in the form) out of the unsent e-consult; another
// patient's photo, or one already sent, is a 404 logged as denied.
func (s *Server) removePendingPhoto(c echo.Context, idText string) error {
	patient := state(c).Patient
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return s.refuse(c, objPhoto, 0, patient.ID)
	}
	var n int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if n, err = q.DeletePendingPhoto(ctx, queries.DeletePendingPhotoParams{ID: id, PatientID: patient.ID}); err != nil || n == 0 {
			return err
		}
		cl.add(objPhoto, id, patient.ID)
		return nil
	})
	if err == nil && n == 0 {
		return s.refuse(c, objPhoto, id, patient.ID)
	}
	return err
}

// patientPhoto serves one of the patient in view's own photos; another's is a 404.
func (s *Server) patientPhoto(c echo.Context) error {
	patient := state(c).Patient.ID
	p, err := lookup(s, c, "id", objPhoto, patient, func(ctx context.Context, id int64) (queries.GetPatientPhotoRow, error) {
		return s.db.R.GetPatientPhoto(ctx, queries.GetPatientPhotoParams{ID: id, PatientID: patient})
	})
	if err != nil {
		return err
	}
	return s.servePhoto(c, p.ID, p.PatientID)
}

// servePhoto writes the photo (?formaat=klein: its thumbnail) after logging the access. The bytes are
// our own re-encoded JPEG, so they may show inline; nosniff and the CSP still apply.
func (s *Server) servePhoto(c echo.Context, id, patientID int64) error {
	ctx := c.Request().Context()
	if err := s.logAccess(c, objPhoto, id, accesslog.ActionRead, patientID); err != nil {
		return err
	}
	var data []byte
	var err error
	name := "foto-" + strconv.FormatInt(id, 10)
	if c.QueryParam("formaat") == "klein" {
		data, err = s.db.R.PhotoThumb(ctx, id)
		name += "-klein"
	} else {
		data, err = s.db.R.PhotoContent(ctx, id)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+name+`.jpg"`)
	return c.Blob(http.StatusOK, "image/jpeg", data)
}
