package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/internal/report"
	"balie/internal/textfold"
	"balie/queries"
	"balie/views"
)

// The patient's dossier ("Dossier", issue 12): the reports and letters the practice shared, newest
// first, filtered by category and subcategory and searched, a page at a time; one report to read (in a
// dialog over the list with JavaScript, static/dialog.js, else its own page) and as a PDF. Released or
// not at all: every query reads the view patient_reports (schema.sql) and asks published_at <= now, so
// that a report not shared yet, a withdrawn one, or any while the dossier is not linked is nowhere on
// these pages, and its id is a 404.

const (
	dossierPath     = "/dossier"
	dossierPerPage  = 20
	maxDossierQuery = maxSearch
)

// dossierLinked reports whether the patient's dossier shows in the portal (seed 004): once the
// practitioner links it, or from the start where the practice's default says so.
func (s *Server) dossierLinked(ctx context.Context, p *queries.User) (bool, error) {
	if p.DossierLinked.Valid {
		return p.DossierLinked.Int64 == 1, nil
	}
	clinic, err := s.clinic(ctx)
	return clinic.DossierLinkedDefault == 1, err
}

type dossierRow = queries.ListDossierAfterRow

// dossierItem is a report of the list with its attachments.
type dossierItem struct {
	dossierRow
	Attachments []queries.ListDossierAttachmentsRow
	Viewer      bool // a share code's viewer's (inzien.go): read-only, linked under /inzien
}

type dossierPage struct {
	views.Form // the filters: categorie, subcategorie, zoek
	Linked     bool
	// The filters chosen ("": all), and the choices: "Alle", then the practice's categories, and the
	// subcategories of the category chosen (of every category while none is).
	Category, Sub, Query string
	Filtered             bool
	CategoryOptions      []views.Option
	SubcategoryOptions   []views.Option
	Items                []dossierItem
	Pager                pager
	viewerIsParent       int64 // a parent's view: without what is hidden from parents (kinderen_praktijk.go)
}

// dossier lists the patient's reports.
func (s *Server) dossier(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	linked, err := s.dossierLinked(ctx, patient)
	if err != nil {
		return err
	}
	if !linked { // the page says to ask the practitioner
		return s.render(c, http.StatusOK, "dossier", dossierPage{})
	}
	data := dossierPage{Linked: true, Category: strings.TrimSpace(c.QueryParam("categorie")),
		Sub: strings.TrimSpace(c.QueryParam("subcategorie")), Query: strings.TrimSpace(c.QueryParam("zoek"))}
	// A search longer than any text is cut rather than refused: nothing a patient typed makes an error.
	if r := []rune(data.Query); len(r) > maxDossierQuery {
		data.Query = string(r[:maxDossierQuery])
	}
	if err := s.dossierFilters(c, &data); err != nil {
		return err
	}
	keep := url.Values{}
	for k, v := range map[string]string{"categorie": data.Category, "subcategorie": data.Sub, "zoek": data.Query} {
		if v != "" {
			keep.Set(k, v)
			data.Filtered = true
		}
	}
	cur := readCursor[int64](c)
	data.viewerIsParent = viewerIsParentParam(c)
	rows, err := s.findDossier(ctx, patient.ID, data, cur)
	if err != nil {
		return err
	}
	page, pg := pageOf(rows, dossierPerPage, cur, func(r dossierRow) int64 { return r.ID }, dossierPath, keep)
	if len(page) == 0 && cur.Set {
		return toFirstPage(c, dossierPath, keep)
	}
	pg.Words = "dossier"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	data.Pager = pg
	if data.Items, err = s.withAttachments(ctx, patient.ID, data.viewerIsParent, page); err != nil {
		return err
	}
	if err := s.logAccess(c, "dossier", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dossier", data)
}

// dossierFilters fills in the filters' choices from the practice's categories, in the practice's order,
// and what was chosen. A subcategory of another category than the one chosen is dropped: choosing a
// category shows all of it.
func (s *Server) dossierFilters(c echo.Context, data *dossierPage) error {
	cats, err := s.db.R.ListDossierCategories(c.Request().Context())
	if err != nil {
		return err
	}
	all := views.Option{Value: "", Label: s.tr(c).T("dossier.all")}
	data.CategoryOptions, data.SubcategoryOptions = []views.Option{all}, []views.Option{all}
	seenCat, seenSub, subFits := map[string]bool{}, map[string]bool{}, data.Sub == ""
	for _, cat := range cats {
		if !seenCat[cat.Category] { // a category's first row, of itself or of a subcategory
			seenCat[cat.Category] = true
			data.CategoryOptions = append(data.CategoryOptions, views.Option{Value: cat.Category, Label: cat.Category})
		}
		if cat.Subcategory != "" && (data.Category == "" || data.Category == cat.Category) && !seenSub[cat.Subcategory] {
			seenSub[cat.Subcategory] = true
			subFits = subFits || cat.Subcategory == data.Sub
			data.SubcategoryOptions = append(data.SubcategoryOptions, views.Option{Value: cat.Subcategory, Label: cat.Subcategory})
		}
	}
	if !subFits {
		data.Sub = ""
	}
	data.Set("categorie", data.Category)
	data.Set("subcategorie", data.Sub)
	data.Set("zoek", data.Query)
	return nil
}

// findDossier reads one page and one more of the list from cur, each row with the list's capped count.
func (s *Server) findDossier(ctx context.Context, patientID int64, f dossierPage, cur cursor[int64]) ([]dossierRow, error) {
	now, limit, count := sqlTime(s.clock.Now()), int64(dossierPerPage+1), int64(countCap+1)
	search := textfold.Fold(f.Query) // as reports.search_text is
	if !cur.Back {
		return s.db.R.ListDossierAfter(ctx, queries.ListDossierAfterParams{PatientID: patientID, Now: now,
			Category: f.Category, Subcategory: f.Sub, Search: search, Cap: count, Cursor: cur.Key, Limit: limit,
			ViewerIsParent: f.viewerIsParent})
	}
	rows, err := s.db.R.ListDossierBefore(ctx, queries.ListDossierBeforeParams{PatientID: patientID, Now: now,
		Category: f.Category, Subcategory: f.Sub, Search: search, Cap: count, Cursor: cur.Key, Limit: limit,
		ViewerIsParent: f.viewerIsParent})
	return convertRows(rows, err, func(r queries.ListDossierBeforeRow) dossierRow { return dossierRow(r) })
}

// withAttachments puts each report's attachments under it, read for the whole page in one statement.
func (s *Server) withAttachments(ctx context.Context, patientID, viewerIsParent int64, rows []dossierRow) ([]dossierItem, error) {
	items := make([]dossierItem, len(rows))
	if len(rows) == 0 {
		return items, nil
	}
	ids := make([]int64, len(rows))
	at := make(map[int64]int, len(rows))
	for i, r := range rows {
		items[i].dossierRow, ids[i], at[r.ID] = r, r.ID, i
	}
	list, err := s.attachmentsOf(ctx, patientID, viewerIsParent, ids...)
	for _, d := range list {
		i := at[d.ReportID.Int64]
		items[i].Attachments = append(items[i].Attachments, d)
	}
	return items, err
}

// attachmentsOf are the attachments of the reports ids that the patient may download (a parent: not
// those hidden from parents, viewerIsParentParam).
func (s *Server) attachmentsOf(ctx context.Context, patientID, viewerIsParent int64, ids ...int64) ([]queries.ListDossierAttachmentsRow, error) {
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return s.db.R.ListDossierAttachments(ctx, queries.ListDossierAttachmentsParams{ReportIds: string(b),
		PatientID: patientID, Now: sqlTime(s.clock.Now()), ViewerIsParent: viewerIsParent})
}

// findReport turns the URL's id into a report the patient may read; anything else is a 404.
func (s *Server) findReport(c echo.Context) (queries.GetDossierReportRow, error) {
	patient := state(c).Patient
	now := sqlTime(s.clock.Now())
	return lookup(s, c, "id", objReport, patient.ID, func(ctx context.Context, id int64) (queries.GetDossierReportRow, error) {
		return s.db.R.GetDossierReport(ctx, queries.GetDossierReportParams{ID: id, PatientID: patient.ID, Now: now,
			ViewerIsParent: viewerIsParentParam(c)})
	})
}

type reportPage struct {
	queries.GetDossierReportRow
	Text        template.HTML
	Attachments []queries.ListDossierAttachmentsRow
	// The patient's statements added to it (dossier_correction), and the akkoord it asks, if it does.
	Statements []queries.ListReportStatementsRow
	Akkoord    *queries.GetApprovableReportRow
	Viewer     bool // a share code's viewer's (inzien.go): the newer version's link under /inzien
}

// dossierReport shows one report, and marks it read the first time the patient opens it.
func (s *Server) dossierReport(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	r, err := s.findReport(c)
	if err != nil {
		return err
	}
	if !r.ReadAt.Valid && !readsAlong(c) { // as messages are marked read: a plain update, the read below logs the opening
		if _, err := s.db.W.MarkReportRead(ctx, queries.MarkReportReadParams{Now: sqlTime(s.clock.Now()), ID: r.ID, PatientID: patient.ID}); err != nil {
			return err
		}
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	text, err := report.HTML(r.Body)
	if err != nil {
		return err
	}
	attachments, err := s.attachmentsOf(ctx, patient.ID, viewerIsParentParam(c), r.ID)
	if err != nil {
		return err
	}
	page := reportPage{GetDossierReportRow: r, Text: text, Attachments: attachments}
	if page.Statements, err = s.db.R.ListReportStatements(ctx, r.ID); err != nil {
		return err
	}
	ak, err := s.db.R.GetApprovableReport(ctx, queries.GetApprovableReportParams{ID: r.ID, PatientID: patient.ID, Now: sqlTime(s.clock.Now())})
	switch {
	case err == nil:
		page.Akkoord = &ak
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return s.render(c, http.StatusOK, "dossier_report", page)
}

// dossierPDF sends one report as a PDF ("Download als PDF"), with the practice's name, the patient's
// name and birth date, the author, the date and page numbers.
func (s *Server) dossierPDF(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	r, err := s.findReport(c)
	if err != nil {
		return err
	}
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	var b bytes.Buffer
	letter := report.Letter{Practice: clinic.Name, Patient: patient.FullName(), Born: patient.BirthDate.Time, Title: r.Title,
		Author: r.Author, AuthorRole: r.AuthorRole, Category: r.Category, Subcategory: r.Subcategory,
		Written: calendarDay(r.WrittenAt), Body: r.Body}
	if err := report.PDF(&b, letter.Document(s.tr(c))); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="verslag-%d.pdf"`, r.ID))
	return c.Blob(http.StatusOK, "application/pdf", b.Bytes())
}

// calendarDay is the day of t in the practice's zone, as a calendar date (midnight UTC, as DATE columns
// hold them): what LongDay formats.
func calendarDay(t time.Time) time.Time {
	l := t.In(agenda.Zone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}
