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
// limit of an e-consult, and returns a translated line for each one it could not take.
func (s *Server) storeUploadedPhotos(c echo.Context, files []uploadedFile) ([]string, error) {
	if len(files) == 0 {
		return nil, nil
	}
	ctx := c.Request().Context()
	me := state(c).User
	tr := s.tr(c)
	waiting, err := s.db.R.ListPendingPhotos(ctx, me.ID)
	if err != nil {
		return nil, err
	}
	room := maxEconsultPhotos - len(waiting)
	var problems []string
	for _, file := range files {
		name := shortFileName(file.Name)
		if room <= 0 || file.Unread {
			problems = append(problems, tr.T("econsult.photo_too_many", "Max", maxEconsultPhotos, "Name", name))
			continue
		}
		p, err := readPhoto(ctx, file)
		switch {
		case errors.Is(err, photo.ErrTooLarge):
			problems = append(problems, tr.T("econsult.photo_too_large", "Name", name, "Max", photo.MaxBytes>>20))
			continue
		case errors.Is(err, photo.ErrNotAPhoto):
			problems = append(problems, tr.T("econsult.photo_not_a_photo", "Name", name))
			continue
		case errors.Is(err, photo.ErrTooManyPixels):
			problems = append(problems, tr.T("econsult.photo_too_many_pixels", "Name", name, "Max", photo.MaxMegapixels(err)))
			continue
		case errors.Is(err, photo.ErrUnreadable):
			s.log.Info("photo refused", "id", state(c).ID, "err", photo.Cause(err))
			problems = append(problems, tr.T("econsult.photo_unreadable", "Name", name))
			continue
		case err != nil:
			return nil, err
		}
		err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
			id, err := q.AddPhoto(ctx, queries.AddPhotoParams{PatientID: me.ID, Source: p.Source, SourceBytes: int64(len(file.Data)),
				Width: int64(p.Width), Height: int64(p.Height), ThumbWidth: int64(p.ThumbWidth), ThumbHeight: int64(p.ThumbHeight),
				CreatedAt: s.clock.Now(), Content: p.JPEG, Thumb: p.Thumb, Room: maxEconsultPhotos})
			if err != nil {
				return err
			}
			cl.add(objPhoto, id, me.ID)
			return nil
		})
		if errors.Is(err, sql.ErrNoRows) { // another upload filled the e-consult meanwhile
			problems = append(problems, tr.T("econsult.photo_too_many", "Max", maxEconsultPhotos, "Name", name))
			room = 0
			continue
		}
		if err != nil {
			return nil, err
		}
		room--
	}
	return problems, nil
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
	me := state(c).User
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return s.refuse(c, objPhoto, 0, me.ID)
	}
	var n int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if n, err = q.DeletePendingPhoto(ctx, queries.DeletePendingPhotoParams{ID: id, PatientID: me.ID}); err != nil || n == 0 {
			return err
		}
		cl.add(objPhoto, id, me.ID)
		return nil
	})
	if err == nil && n == 0 {
		return s.refuse(c, objPhoto, id, me.ID)
	}
	return err
}

// patientPhoto serves one of the signed-in patient's own photos; another's is a 404.
func (s *Server) patientPhoto(c echo.Context) error {
	me := state(c).User.ID
	p, err := lookup(s, c, "id", objPhoto, me, func(ctx context.Context, id int64) (queries.GetPatientPhotoRow, error) {
		return s.db.R.GetPatientPhoto(ctx, queries.GetPatientPhotoParams{ID: id, PatientID: me})
	})
	if err != nil {
		return err
	}
	return s.servePhoto(c, p.ID, p.PatientID)
}

// staffPhoto serves a photo a patient has sent, to the practice (any sent photo: no patient in view).
func (s *Server) staffPhoto(c echo.Context) error {
	p, err := lookup(s, c, "id", objPhoto, 0, s.db.R.GetSentPhoto)
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
