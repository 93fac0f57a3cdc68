package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// The diary ("Dagboek", seed 001): the patient's own notes, private unless the patient shares one
// entry with the practice (and can withdraw that). Practitioners see only shared entries and get no
// notification. Typing is saved as a draft (drafts.go) until the patient saves the entry.

const (
	maxDiaryTitle = 200
	maxDiaryBody  = 20_000
)

type diaryList struct {
	Entries []queries.ListDiaryEntriesRow
	Draft   *queries.Draft // an unfinished new entry
}

func (s *Server) diary(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	if err := s.logAccess(c, "diary", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	entries, err := s.db.R.ListDiaryEntries(ctx, patient.ID)
	if err != nil {
		return err
	}
	draft, err := s.draftFor(ctx, state(c).User.ID, "diary", draftNew)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "diary", diaryList{Entries: entries, Draft: draft})
}

// diaryForm is the form of a new or an existing entry (fields titel, datum as yyyy-mm-dd, tekst), as
// typed or as restored from its draft.
type diaryForm struct {
	views.Form
	Target string // draftNew or the entry's id
	Action string
}

// fill puts an entry's title, day and text in the form.
func (f *diaryForm) fill(title, day, body string) {
	f.Set("titel", title)
	f.Set("datum", day)
	f.Set("tekst", body)
}

// Back is the form's own address, where "Concept opslaan" without JavaScript returns to.
func (f diaryForm) Back() string {
	if f.Target == draftNew {
		return "/dagboek/nieuw"
	}
	return "/dagboek/" + f.Target + "/bewerken"
}

// ownsDiaryTarget: a diary draft is for a new note or one of the patient in view's own.
func ownsDiaryTarget(ctx context.Context, s *Server, patientID int64, target string) (int64, error) {
	if target == draftNew {
		return patientID, nil
	}
	return targetFound(target, func(id int64) (int64, error) {
		e, err := s.db.R.GetDiaryEntry(ctx, queries.GetDiaryEntryParams{ID: id, PatientID: patientID})
		return e.PatientID, err
	})
}

// fillFromDraft puts a saved draft in the form, so that nothing typed before is lost.
func fillFromDraft(f *diaryForm, d *queries.Draft) {
	if d == nil {
		return
	}
	f.fill(d.Title, extraOf(d).Get("datum"), d.Body)
}

func (s *Server) newDiaryEntry(c echo.Context) error {
	me := state(c).User // the draft is the writer's
	f := diaryForm{Target: draftNew, Action: "/dagboek"}
	f.Set("datum", s.clock.Now().In(views.Zone).Format("2006-01-02"))
	d, err := s.draftFor(c.Request().Context(), me.ID, "diary", draftNew)
	if err != nil {
		return err
	}
	fillFromDraft(&f, d)
	s.showRestored(c, d)
	return s.render(c, http.StatusOK, "diary_form", f)
}

// diaryInput is a checked entry.
type diaryInput struct {
	Title, Body string
	Day         time.Time
}

// checkDiaryForm reads and checks the posted entry; the form keeps everything typed.
func checkDiaryForm(c echo.Context, f *diaryForm) diaryInput {
	in := diaryInput{Title: strings.TrimSpace(c.FormValue("titel")), Body: cleanText(c.FormValue("tekst"))}
	day := strings.TrimSpace(c.FormValue("datum"))
	f.fill(in.Title, day, in.Body)
	checkText(&f.Form, "titel", in.Title, "diary.title_required", maxDiaryTitle)
	var err error
	if in.Day, err = time.Parse("2006-01-02", day); err != nil {
		f.Fail("datum", "diary.day_invalid")
	}
	checkText(&f.Form, "tekst", in.Body, "diary.body_required", maxDiaryBody)
	return in
}

// createDiaryEntry turns the draft into an entry.
func (s *Server) createDiaryEntry(c echo.Context) error {
	patient, me := state(c).Patient, state(c).User // the draft is the writer's
	f := diaryForm{Target: draftNew, Action: "/dagboek"}
	in := checkDiaryForm(c, &f)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "diary_form", f)
	}
	now := s.clock.Now()
	var id int64
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if id, err = q.CreateDiaryEntry(ctx, queries.CreateDiaryEntryParams{PatientID: patient.ID, Title: in.Title, EntryDate: in.Day,
			Body: in.Body, CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		cl.add(objDiaryEntry, id, patient.ID)
		return s.dropDraft(ctx, q, me.ID, "diary", draftNew)
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/dagboek/"+strconv.FormatInt(id, 10), "diary.notice_saved")
}

// diaryEntryOf finds the patient in view's entry named in the URL; another's is a 404.
func (s *Server) diaryEntryOf(c echo.Context) (queries.DiaryEntry, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objDiaryEntry, patient, func(ctx context.Context, id int64) (queries.DiaryEntry, error) {
		return s.db.R.GetDiaryEntry(ctx, queries.GetDiaryEntryParams{ID: id, PatientID: patient})
	})
}

type diaryEntryPage struct {
	Entry queries.DiaryEntry
	Staff bool
	Back  string
}

func (s *Server) diaryEntry(c echo.Context) error {
	e, err := s.diaryEntryOf(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objDiaryEntry, e.ID, accesslog.ActionRead, e.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "diary_entry", diaryEntryPage{Entry: e, Back: "/dagboek"})
}

func (s *Server) editDiaryEntry(c echo.Context) error {
	e, err := s.diaryEntryOf(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objDiaryEntry, e.ID, accesslog.ActionRead, e.PatientID); err != nil {
		return err
	}
	target := strconv.FormatInt(e.ID, 10)
	f := diaryForm{Target: target, Action: "/dagboek/" + target}
	f.fill(e.Title, e.EntryDate.UTC().Format("2006-01-02"), e.Body)
	d, err := s.draftFor(c.Request().Context(), state(c).User.ID, "diary", target) // the draft is the writer's
	if err != nil {
		return err
	}
	fillFromDraft(&f, d)
	s.showRestored(c, d)
	return s.render(c, http.StatusOK, "diary_form", f)
}

func (s *Server) updateDiaryEntry(c echo.Context) error {
	e, err := s.diaryEntryOf(c)
	if err != nil {
		return err
	}
	target := strconv.FormatInt(e.ID, 10)
	f := diaryForm{Target: target, Action: "/dagboek/" + target}
	in := checkDiaryForm(c, &f)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "diary_form", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.UpdateDiaryEntry(ctx, queries.UpdateDiaryEntryParams{Title: in.Title, EntryDate: in.Day, Body: in.Body,
			UpdatedAt: s.clock.Now(), ID: e.ID, PatientID: e.PatientID}); err != nil {
			return err
		}
		cl.add(objDiaryEntry, e.ID, e.PatientID)
		return s.dropDraft(ctx, q, state(c).User.ID, "diary", target)
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/dagboek/"+target, "diary.notice_saved")
}

// shareDiaryEntry shares an entry with the practice, or (share=false) withdraws the share.
func (s *Server) shareDiaryEntry(share bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		e, err := s.diaryEntryOf(c)
		if err != nil {
			return err
		}
		at, notice := sql.NullTime{}, "diary.notice_unshared"
		if share {
			at, notice = sqlTime(s.clock.Now()), "diary.notice_shared"
		}
		err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
			if _, err := q.SetDiaryShared(ctx, queries.SetDiarySharedParams{SharedAt: at, ID: e.ID, PatientID: e.PatientID}); err != nil {
				return err
			}
			cl.add(objDiaryEntry, e.ID, e.PatientID)
			return nil
		})
		if err != nil {
			return err
		}
		return redirectWithNotice(c, "/dagboek/"+strconv.FormatInt(e.ID, 10), notice)
	}
}

// confirmDeleteDiaryEntry asks before deleting: a deleted note cannot come back.
func (s *Server) confirmDeleteDiaryEntry(c echo.Context) error {
	e, err := s.diaryEntryOf(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objDiaryEntry, e.ID, accesslog.ActionRead, e.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "diary_delete", e)
}

// deleteDiaryEntry deletes the patient's own entry, with its draft; a shared one is gone for the
// practice too.
func (s *Server) deleteDiaryEntry(c echo.Context) error {
	e, err := s.diaryEntryOf(c)
	if err != nil {
		return err
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.DeleteDiaryEntry(ctx, queries.DeleteDiaryEntryParams{ID: e.ID, PatientID: e.PatientID}); err != nil {
			return err
		}
		cl.add(objDiaryEntry, e.ID, e.PatientID)
		return s.dropDraft(ctx, q, state(c).User.ID, "diary", strconv.FormatInt(e.ID, 10))
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/dagboek", "diary.notice_deleted")
}
