package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/photo"
	"balie/queries"
)

// E-consult (seed 002): a non-urgent question to the GP, with up to three photos. The answer arrives as
// a reply in the same conversation under "Berichten"; the patient cannot answer it there: a follow-up is
// a new e-consult. The text is kept as a draft (drafts.go) and the photos wait with it (photos.go) until
// the question is sent, so neither a reload nor a timeout loses them.

const (
	maxEconsultPhotos = 3
	econsultPath      = "/berichten/vraag"
)

// requireEconsult answers 404 when the clinic (a GP practice) does not offer e-consults.
func (s *Server) requireEconsult(c echo.Context) error {
	_, on, err := s.messageArea(c.Request().Context())
	if err == nil && !on {
		err = echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

type econsultForm struct {
	Subject, Body string
	Photos        []queries.ListPendingPhotosRow
	Restored      bool
	DraftSaved    bool
	SubjectError  string
	BodyError     string
	PhotoErrors   []string
	problemStatus int // the status of the form when it comes back with problems (upload.status)
}

// MaxPhotos is how many photos an e-consult can carry.
func (f econsultForm) MaxPhotos() int { return maxEconsultPhotos }

// MaxMB is the size limit of one photo, in megabytes.
func (f econsultForm) MaxMB() int { return photo.MaxBytes >> 20 }

// MorePhotos is how many photos can still be added.
func (f econsultForm) MorePhotos() int { return maxEconsultPhotos - len(f.Photos) }

func (s *Server) withPendingPhotos(c echo.Context, f econsultForm) (econsultForm, error) {
	var err error
	f.Photos, err = s.db.R.ListPendingPhotos(c.Request().Context(), state(c).User.ID)
	return f, err
}

// newEconsult is the question form, filled from its draft; ?over=<id> starts a follow-up to an earlier one.
func (s *Server) newEconsult(c echo.Context) error {
	if err := s.requireEconsult(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := state(c).User
	f := econsultForm{DraftSaved: c.QueryParam("concept") == "opgeslagen"}
	d, err := s.draftFor(ctx, me.ID, "econsult", draftNew)
	if err != nil {
		return err
	}
	if d != nil {
		f.Subject, f.Body, f.Restored = d.Title, d.Body, true
	} else if over, err := strconv.ParseInt(c.QueryParam("over"), 10, 64); err == nil {
		earlier, err := s.db.R.GetPatientThread(ctx, queries.GetPatientThreadParams{ID: over, PatientID: me.ID})
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			if err := s.logAccess(c, objThread, earlier.ID, accesslog.ActionRead, me.ID); err != nil {
				return err
			}
			f.Subject = s.tr(c).T("econsult.follow_up_subject", "Subject", earlier.Subject)
		}
	}
	if f, err = s.withPendingPhotos(c, f); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "econsult_new", f)
}

// readEconsultForm (when the clinic offers e-consults) reads the typed text, takes out a waiting photo the patient removed (field verwijder)
// and keeps the photos sent along; what fails is named in the form, and nothing typed is lost.
func (s *Server) readEconsultForm(c echo.Context) (econsultForm, error) {
	if err := s.requireEconsult(c); err != nil {
		return econsultForm{}, err
	}
	u, err := readUpload(c, maxEconsultPhotos)
	if err != nil {
		return econsultForm{}, err
	}
	f := econsultForm{Subject: strings.TrimSpace(c.FormValue("titel")), Body: cleanText(c.FormValue("tekst"))}
	if remove := c.FormValue("verwijder"); remove != "" {
		if err := s.removePendingPhoto(c, remove); err != nil {
			return f, err
		}
	}
	problems, err := s.storeUploadedPhotos(c, u.Files(photoField))
	if err != nil {
		return f, err
	}
	f.PhotoErrors, f.problemStatus = problems, u.status()
	return s.withPendingPhotos(c, f)
}

// saveEconsultDraft keeps the text as a draft and the chosen photos with it: the "Concept opslaan" button,
// and (htmx) the photo field as soon as photos are chosen, which gets back only the photo list.
func (s *Server) saveEconsultDraft(c echo.Context) error {
	f, err := s.readEconsultForm(c)
	if err != nil {
		return err
	}
	me := state(c).User
	if c.Request().Header.Get("HX-Request") == "true" {
		// The form's text autosaves on its own; only the photos changed.
		return s.render(c, http.StatusOK, "econsult_photos", f)
	}
	kept, err := s.keepDraft(c, me.ID, draftInput{Kind: "econsult", Target: draftNew, Title: f.Subject, Body: f.Body,
		Version: s.clock.Now().UnixMilli()})
	if err != nil {
		return err
	}
	f.DraftSaved = kept && len(f.PhotoErrors) == 0
	status := http.StatusOK
	if len(f.PhotoErrors) > 0 {
		status = f.problemStatus
	}
	return s.render(c, status, "econsult_new", f)
}

// sendEconsult sends the question with its photos to the patient's own GP (or the team when they have none).
func (s *Server) sendEconsult(c echo.Context) error {
	f, err := s.readEconsultForm(c)
	if err != nil {
		return err
	}
	me := state(c).User
	f.SubjectError = s.checkSubject(c, f.Subject)
	f.BodyError = s.checkBody(c, f.Body, "econsult.body_required")
	if f.SubjectError != "" || f.BodyError != "" || len(f.PhotoErrors) > 0 {
		return s.render(c, f.problemStatus, "econsult_new", f)
	}
	id, err := s.startThread(c, "econsult", me.PractitionerID, f.Subject, queries.AddMessageParams{Body: f.Body},
		func(ctx context.Context, q *queries.Queries, msg int64) error {
			_, err := q.AttachPendingPhotos(ctx, queries.AttachPendingPhotosParams{MessageID: sql.NullInt64{Int64: msg, Valid: true}, PatientID: me.ID})
			return err
		})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/berichten/"+strconv.FormatInt(id, 10)+"?melding=vraag-verstuurd")
}
