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
	"balie/views"
)

// E-consult (seed 002): a non-urgent question to the GP, with up to three photos. The answer arrives as
// a reply in the same conversation under "Berichten"; the patient cannot answer it there: a follow-up is
// a new e-consult. The text is kept as a draft (drafts.go) and the photos wait with it (photos.go) until
// the question is sent, so neither a reload nor a timeout loses them.

const (
	maxEconsultPhotos = 3
	econsultPath      = "/berichten/vraag"
)

// econsultForm is the question: fields titel, tekst and foto (the photos chosen, stored at once as
// Photos, waiting with the draft).
type econsultForm struct {
	views.Form
	Photos []queries.ListPendingPhotosRow
}

// MaxPhotos is how many photos an e-consult can carry.
func (f econsultForm) MaxPhotos() int { return maxEconsultPhotos }

// MaxMB is the size limit of one photo, in megabytes.
func (f econsultForm) MaxMB() int { return photo.MaxBytes >> 20 }

// MorePhotos is how many photos can still be added.
func (f econsultForm) MorePhotos() int { return maxEconsultPhotos - len(f.Photos) }

func (s *Server) withPendingPhotos(c echo.Context, f econsultForm) (econsultForm, error) {
	var err error
	f.Photos, err = s.db.R.ListPendingPhotos(c.Request().Context(), state(c).Patient.ID)
	return f, err
}

// newEconsult is the question form, filled from its draft; ?over=<id> starts a follow-up to an earlier one.
func (s *Server) newEconsult(c echo.Context) error {
	ctx := c.Request().Context()
	patient, me := state(c).Patient, state(c).User
	f := econsultForm{}
	d, err := s.draftFor(ctx, me.ID, "econsult", newDraft(c))
	if err != nil {
		return err
	}
	if d != nil {
		f.Set("titel", d.Title)
		f.Set("tekst", d.Body)
		s.showRestored(c, d)
	} else if over, err := strconv.ParseInt(c.QueryParam("over"), 10, 64); err == nil {
		earlier, err := s.db.R.GetPatientThread(ctx, queries.GetPatientThreadParams{ID: over, PatientID: patient.ID})
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			if err := s.logAccess(c, objThread, earlier.ID, accesslog.ActionRead, patient.ID); err != nil {
				return err
			}
			f.Set("titel", s.tr(c).T("econsult.follow_up_subject", "Subject", earlier.Subject))
		}
	}
	if f, err = s.withPendingPhotos(c, f); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "econsult_new", f)
}

// readEconsultForm reads the typed text, takes out a waiting photo the patient removed (field verwijder)
// and keeps the photos sent along; nothing typed is lost, and what became of the photos is told
// (photoChange).
func (s *Server) readEconsultForm(c echo.Context) (econsultForm, photoChange, error) {
	var ch photoChange
	u, err := readUpload(c, maxEconsultPhotos)
	if err != nil {
		return econsultForm{}, ch, err
	}
	var f econsultForm
	f.Set("titel", strings.TrimSpace(c.FormValue("titel")))
	f.Set("tekst", cleanText(c.FormValue("tekst")))
	if remove := c.FormValue("verwijder"); remove != "" {
		if err := s.removePendingPhoto(c, remove); err != nil {
			return f, ch, err
		}
		ch.removed = true
	}
	if ch.added, ch.problems, err = s.storeUploadedPhotos(c, u.Files(photoField)); err != nil {
		return f, ch, err
	}
	ch.status = u.status()
	f, err = s.withPendingPhotos(c, f)
	return f, ch, err
}

// photoChange is what became of the photos one request chose or removed.
type photoChange struct {
	added    int
	removed  bool
	problems []views.Text // one per refused file, saying which and why
	status   int          // of the form when it comes back with problems (uploaded.status)
}

// fail records the refused files on the photo field.
func (ch photoChange) fail(f *views.Form) {
	for _, p := range ch.problems {
		f.Fail(photoField, p.Key, p.Args...)
	}
}

// said is what the page announces (live region) after photos were chosen or removed with JavaScript:
// how many were added, and each one refused and why.
func (ch photoChange) said() []views.Text {
	var texts []views.Text
	switch {
	case ch.added == 1:
		texts = append(texts, views.Text{Key: "econsult.photo_added"})
	case ch.added > 1:
		texts = append(texts, views.Text{Key: "econsult.photos_added", Args: []any{"Count", ch.added}})
	case ch.removed:
		texts = append(texts, views.Text{Key: "econsult.photo_removed"})
	}
	return append(texts, ch.problems...)
}

// photoAnswer is the answer to photos chosen or removed with JavaScript: the photo field and what
// became of the photos, for the live region. The form was not sent: no error summary.
type photoAnswer struct {
	Econsult econsultForm
	Said     []views.Text
}

// saveEconsultDraft keeps the text as a draft and the chosen photos with it: the "Concept opslaan" button,
// and (htmx) the photo field as soon as photos are chosen, which gets back only the photo list.
func (s *Server) saveEconsultDraft(c echo.Context) error {
	f, ch, err := s.readEconsultForm(c)
	if err != nil {
		return err
	}
	ch.fail(&f.Form)
	if c.Request().Header.Get("HX-Request") == "true" {
		// The form's text autosaves on its own; only the photos changed.
		return s.render(c, http.StatusOK, "econsult_photos", photoAnswer{Econsult: f, Said: ch.said()})
	}
	// A draft too long to keep says so at its field, as any form does (keepDraft then keeps nothing).
	failTooLong(&f.Form, "titel", f.Value("titel"), maxDraftLength)
	failTooLong(&f.Form, "tekst", f.Value("tekst"), maxDraftLength)
	kept, err := s.keepDraft(c, state(c).Patient.ID, draftInput{Kind: "econsult", Target: draftNew, Title: f.Value("titel"), Body: f.Value("tekst"),
		Version: s.clock.Now().UnixMilli()})
	if err != nil {
		return err
	}
	if kept && !f.Failed() {
		setNotice(c, draftSavedNotice)
	}
	status := http.StatusOK
	if f.Failed() {
		status = ch.status
	}
	return s.render(c, status, "econsult_new", f)
}

// sendEconsult sends the question with its photos to the patient's own GP (or the team when they have none).
func (s *Server) sendEconsult(c echo.Context) error {
	f, ch, err := s.readEconsultForm(c)
	if err != nil {
		return err
	}
	patient := state(c).Patient
	subject, body := f.Value("titel"), f.Value("tekst")
	checkText(&f.Form, "titel", subject, "messages.subject_required", maxSubject)
	checkText(&f.Form, "tekst", body, "econsult.body_required", maxMessageBody)
	if ch.fail(&f.Form); f.Failed() {
		return s.render(c, ch.status, "econsult_new", f)
	}
	id, err := s.startThread(c, "econsult", patient.PractitionerID, subject, queries.AddMessageParams{Body: body},
		func(ctx context.Context, q *queries.Queries, msg int64) error {
			_, err := q.AttachPendingPhotos(ctx, queries.AttachPendingPhotosParams{MessageID: sql.NullInt64{Int64: msg, Valid: true}, PatientID: patient.ID})
			return err
		})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/berichten/"+strconv.FormatInt(id, 10), "econsult.notice_sent")
}
