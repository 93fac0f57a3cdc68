package handlers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/recordcopy"
	"balie/queries"
	"balie/views"
)

// A copy of my record (/dossier/kopie, Wabvpz art. 15d): the patient asks for it, the builder
// (internal/recordcopy) makes it in the background, a content-free mail says it is ready, and the
// patient who asked downloads it for 24 hours. Every request, build and download is in the access log.

const (
	kopiePath = dossierPath + "/kopie"
	// objRecordCopy: one copy of the record a patient asked for.
	objRecordCopy = recordcopy.ObjectType
	// kopieShown: the page lists the patient's last few copies.
	kopieShown = 5
)

// RecordCopies is the builder of the copies with this app's database, clock, data folder and texts;
// the serve and demo commands run it beside the outbox worker.
func (s *Server) RecordCopies() *recordcopy.Builder {
	return &recordcopy.Builder{
		DB: s.db, Clock: s.clock, Log: s.log, Wake: s.wakeOutbox, Dir: filepath.Join(filepath.Dir(s.db.Path), "kopieen"),
		Translator: func(lang string) recordcopy.Translator { return s.views.Translator(lang) },
		Ready: func(ctx context.Context, q *queries.Queries, p queries.User) error {
			if p.Email == "" {
				return nil
			}
			return s.queueMail(ctx, q, p.Email, p.Locale, "dossier_kopie", map[string]any{"Name": p.FullName(), "Link": s.absoluteURL(kopiePath)})
		},
	}
}

// recordCopy is a copy as the pages show it.
type recordCopy struct {
	ID          int64
	RequestedAt time.Time
	// State: requested, building, ready, expired (also once ready past its 24 hours, before the
	// builder's round deletes it) or failed.
	State     string
	ExpiresAt sql.NullTime
	SizeBytes int64
}

func (s *Server) copyOf(id int64, requested time.Time, state string, expires sql.NullTime, size int64) recordCopy {
	if state == "ready" && !s.clock.Now().Before(expires.Time) {
		state = "expired"
	}
	return recordCopy{ID: id, RequestedAt: requested, State: state, ExpiresAt: expires, SizeBytes: size}
}

type kopiePage struct {
	views.Form
	Copies []recordCopy
	One    bool // one copy's own page
	// Poll is the page's own address while a copy is being made: htmx asks it again every few seconds,
	// so that the download shows without a reload (such a request is not the user's activity).
	Poll string
}

// polling sets the page to ask again at path while one of its copies waits or is being made.
func (p *kopiePage) polling(path string) {
	for _, c := range p.Copies {
		if c.State == "requested" || c.State == "building" {
			p.Poll = path
		}
	}
}

// dossierKopie explains what the copy holds and shows the patient's last copies.
func (s *Server) dossierKopie(c echo.Context) error {
	return s.renderKopie(c, http.StatusOK, views.Form{})
}

func (s *Server) renderKopie(c echo.Context, status int, f views.Form) error {
	patient := state(c).Patient
	rows, err := s.db.R.ListRecordCopies(c.Request().Context(), queries.ListRecordCopiesParams{PatientID: patient.ID, Limit: kopieShown})
	if err != nil {
		return err
	}
	page := kopiePage{Form: f}
	for _, r := range rows {
		page.Copies = append(page.Copies, s.copyOf(r.ID, r.RequestedAt, r.State, r.ExpiresAt, r.SizeBytes))
	}
	if err := s.logAccess(c, objRecordCopy, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	page.polling(kopiePath)
	return s.render(c, status, "dossier_kopie", page)
}

// errCopyOpen: the patient already has a copy that waits or is being made.
var errCopyOpen = errors.New("a record copy is open")

// requestKopie asks for a copy: one at a time, checked in the write (and refused by the database).
func (s *Server) requestKopie(c echo.Context) error {
	patient, user := state(c).Patient, state(c).User
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		open, err := q.HasOpenRecordCopy(ctx, patient.ID)
		if err != nil {
			return err
		}
		if open > 0 {
			return errCopyOpen
		}
		id, err := q.RequestRecordCopy(ctx, queries.RequestRecordCopyParams{PatientID: patient.ID, RequestedBy: user.ID, Now: s.clock.Now()})
		cl.add(objRecordCopy, id, patient.ID)
		return err
	})
	if errors.Is(err, errCopyOpen) {
		var f views.Form
		f.Fail("", "dossier_kopie.already_open")
		return s.renderKopie(c, http.StatusConflict, f)
	}
	if err != nil {
		return err
	}
	return redirectWithNotice(c, kopiePath, "dossier_kopie.notice_requested")
}

// findCopy turns the URL's id into a copy the patient asked for; anything else is a 404.
func (s *Server) findCopy(c echo.Context) (queries.GetRecordCopyRow, error) {
	patient := state(c).Patient
	return lookup(s, c, "id", objRecordCopy, patient.ID, func(ctx context.Context, id int64) (queries.GetRecordCopyRow, error) {
		return s.db.R.GetRecordCopy(ctx, queries.GetRecordCopyParams{ID: id, PatientID: patient.ID})
	})
}

// copyOfRow is the copy of the URL as the pages show it.
func (s *Server) copyOfRow(r queries.GetRecordCopyRow) recordCopy {
	return s.copyOf(r.ID, r.RequestedAt, r.State, r.ExpiresAt, r.SizeBytes)
}

// renderCopy shows one copy's page.
func (s *Server) renderCopy(c echo.Context, status int, r queries.GetRecordCopyRow) error {
	page := kopiePage{Copies: []recordCopy{s.copyOfRow(r)}, One: true}
	page.polling(fmt.Sprintf("%s/%d", kopiePath, r.ID))
	return s.render(c, status, "dossier_kopie", page)
}

// dossierKopieRequest shows one copy's state, with its download while it lasts.
func (s *Server) dossierKopieRequest(c echo.Context) error {
	r, err := s.findCopy(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objRecordCopy, r.ID, accesslog.ActionRead, state(c).Patient.ID); err != nil {
		return err
	}
	return s.renderCopy(c, http.StatusOK, r)
}

// downloadKopie sends the zip, streamed from its file, for 24 hours after it was made; after that the
// copy's page says it expired (410), and before it is ready that it is being made.
func (s *Server) downloadKopie(c echo.Context) error {
	patient := state(c).Patient
	r, err := s.findCopy(c)
	if err != nil {
		return err
	}
	if cp := s.copyOfRow(r); cp.State != "ready" || r.File == "" {
		status := http.StatusConflict
		if cp.State == "expired" {
			status = http.StatusGone
		}
		return s.renderCopy(c, status, r)
	}
	if err := s.logAccess(c, objRecordCopy, r.ID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	name := fmt.Sprintf("dossier-kopie-%s.zip", r.FinishedAt.Time.In(views.Zone).Format("2006-01-02"))
	return c.Attachment(s.RecordCopies().Path(r.File), name)
}
