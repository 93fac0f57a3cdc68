package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"balie/internal/accesslog"
	"balie/internal/filetype"
	"balie/internal/photo"
	"balie/queries"
	"balie/views"
)

// Documents ("Documenten", seed 001): what the practice published for the patient, and files the
// patient adds (at most 5 MB; PDF, photos, Word or Excel, decided by their content in internal/filetype).
// Files are always downloaded, never shown in the page, under a name the server chooses. Messages carry
// no attachments: a message points to a document the patient added here.

const (
	maxDocumentTitle = 150
	documentField    = "bestand"
	documentsPath    = "/documenten"
	// documentUploadLimit lets a file far over the limit be counted through (never kept, readUpload), so
	// that the form comes back naming the limit rather than a refused request.
	documentUploadLimit = 32 << 20
)

type documentsPage struct {
	Documents []queries.ListPatientDocumentsRow
	Viewer    bool // a share code's viewer's (inzien.go): read-only
}

// documents lists the patient's documents.
func (s *Server) documents(c echo.Context) error {
	patient := state(c).Patient
	if err := s.logAccess(c, "documents", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	docs, err := s.db.R.ListPatientDocuments(c.Request().Context(), queries.ListPatientDocumentsParams{PatientID: patient.ID, Now: sqlTime(s.clock.Now()),
		ViewerIsParent: viewerIsParentParam(c)})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "documents", documentsPage{Documents: docs})
}

type documentForm struct {
	views.Form
}

// MaxMB is the size limit of one file, in megabytes.
func (documentForm) MaxMB() int { return photo.MaxBytes >> 20 }

func (s *Server) newDocument(c echo.Context) error {
	return s.render(c, http.StatusOK, "documents_new", documentForm{})
}

// addDocument stores the patient's file after checking what it is; the title stays in the form
// whatever goes wrong.
func (s *Server) addDocument(c echo.Context) error {
	patient, me := state(c).Patient, state(c).User
	u, err := readUpload(c, 1)
	if err != nil {
		return err
	}
	var f documentForm
	title := strings.TrimSpace(c.FormValue("titel"))
	f.Set("titel", title)
	checkText(&f.Form, "titel", title, "documents.title_required", maxDocumentTitle)
	content, kind, problem := s.readDocument(c, u.Files(documentField))
	if problem != nil {
		f.Fail(documentField, problem.Key, problem.Args...)
	}
	if f.Failed() {
		return s.render(c, u.status(), "documents_new", f)
	}
	now := s.clock.Now()
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.AddDocument(ctx, queries.AddDocumentParams{PatientID: patient.ID, UploadedBy: me.ID, Title: title,
			FileName: downloadName(title, kind.Ext), ContentType: kind.ContentType, SizeBytes: int64(len(content)),
			CreatedAt: now, PublishedAt: sqlTime(now), Content: content})
		if err != nil {
			return err
		}
		cl.add(objDocument, id, patient.ID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, documentsPath, "documents.notice_added")
}

// readDocument decides what the uploaded file is; a problem comes back as a text for the form.
func (s *Server) readDocument(c echo.Context, files []uploadedFile) ([]byte, filetype.Type, *views.Text) {
	problem := func(key, name string, args ...any) *views.Text {
		return &views.Text{Key: key, Args: append([]any{"Name", name}, args...)}
	}
	if len(files) == 0 {
		return nil, filetype.Type{}, &views.Text{Key: "documents.file_required"}
	}
	file := files[0]
	name := shortFileName(file.Name)
	if file.TooLarge {
		return nil, filetype.Type{}, problem("documents.too_large", name, "Max", photo.MaxBytes>>20)
	}
	data := file.Data
	if len(data) == 0 {
		return nil, filetype.Type{}, problem("documents.unreadable", name)
	}
	kind, err := filetype.Detect(data)
	switch {
	case errors.Is(err, filetype.ErrMacros):
		return nil, kind, problem("documents.macros", name)
	case err != nil:
		return nil, kind, problem("documents.not_allowed", name)
	case kind == filetype.HEIC || kind == filetype.JPEG || kind == filetype.PNG:
		// A photo goes through the same pipeline as an e-consult's: no location or other metadata is
		// kept, and a HEIC becomes a JPEG that every computer at the practice can open.
		p, err := photo.Process(c.Request().Context(), data)
		switch {
		case errors.Is(err, photo.ErrTooManyPixels):
			return nil, kind, problem("documents.too_many_pixels", name, "Max", photo.MaxMegapixels(err))
		case err != nil:
			s.log.Info("document photo refused", "id", state(c).ID, "err", photo.Cause(err))
			return nil, kind, problem("documents.unreadable", name)
		}
		return p.JPEG, filetype.JPEG, nil
	}
	return data, kind, nil
}

// downloadName is the name a document is downloaded under: its title in plain letters and digits, so
// that no name a browser sent ever reaches a header or a disk.
func downloadName(title, ext string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(title) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case unicode.Is(unicode.Mn, r): // the accent of é, ë: dropped, the letter stays
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "document"
	}
	return name + ext
}

// patientDocument finds the patient in view's document in the URL; another's is a 404.
func (s *Server) patientDocument(c echo.Context) (queries.GetPatientDocumentRow, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objDocument, patient, func(ctx context.Context, id int64) (queries.GetPatientDocumentRow, error) {
		return s.db.R.GetPatientDocument(ctx, queries.GetPatientDocumentParams{ID: id, PatientID: patient, Now: sqlTime(s.clock.Now()),
			ViewerIsParent: viewerIsParentParam(c)})
	})
}

func (s *Server) downloadDocument(c echo.Context) error {
	d, err := s.patientDocument(c)
	if err != nil {
		return err
	}
	return s.serveDocument(c, d.ID, d.PatientID, d.Title, d.ContentType)
}

// serveDocument logs the read and sends the file as a download, never to be shown in the page.
func (s *Server) serveDocument(c echo.Context, id, patientID int64, title, contentType string) error {
	if err := s.logAccess(c, objDocument, id, accesslog.ActionRead, patientID); err != nil {
		return err
	}
	content, err := s.db.R.DocumentContent(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+downloadName(title, filetype.Ext(contentType))+`"`)
	return c.Blob(http.StatusOK, contentType, content)
}

type documentDelete struct {
	queries.GetPatientDocumentRow
	views.Form // a problem of the whole form: a message points to the document
}

// confirmDeleteDocument asks before a patient removes a file they added.
func (s *Server) confirmDeleteDocument(c echo.Context) error {
	d, err := s.ownUpload(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objDocument, d.ID, accesslog.ActionRead, d.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "documents_delete", documentDelete{GetPatientDocumentRow: d})
}

// ownUpload is the patient's own upload in the URL; the practice's documents cannot be removed (404).
func (s *Server) ownUpload(c echo.Context) (queries.GetPatientDocumentRow, error) {
	d, err := s.patientDocument(c)
	if err == nil && d.UploadedBy != d.PatientID {
		err = echo.NewHTTPError(http.StatusNotFound)
	}
	return d, err
}

// deleteDocument removes the patient's own upload, unless a message to the practice points to it.
func (s *Server) deleteDocument(c echo.Context) error {
	d, err := s.ownUpload(c)
	if err != nil {
		return err
	}
	var n int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if n, err = q.DeleteOwnUpload(ctx, queries.DeleteOwnUploadParams{ID: d.ID, PatientID: d.PatientID}); err != nil || n == 0 {
			return err // n == 0: a message points to it, nothing changed
		}
		cl.add(objDocument, d.ID, d.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		page := documentDelete{GetPatientDocumentRow: d}
		page.Fail("", "documents.delete_linked")
		return s.render(c, http.StatusConflict, "documents_delete", page)
	}
	return redirectWithNotice(c, documentsPath, "documents.notice_deleted")
}
