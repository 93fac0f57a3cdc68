package handlers

import (
	"context"
	"database/sql"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/report"
	"balie/queries"
	"balie/views"
)

// The practice's side of the dossier (issue 12): on the patient page a panel with the patient's reports
// in every state and the switch that links the dossier to the portal; writing a report (saved unshared,
// shared at once or from a day, with the patient's akkoord asked or not), its attachments, withdrawing it
// with a reason; and publishing a document for the patient. Typing a report is kept as a draft
// (drafts.go) until it is saved. The patient sees a report only from published_at on, never once
// withdrawn (the patient's pages, dossier.go).

const (
	maxReportTitle    = 200
	maxReportBody     = 50_000
	maxWithdrawReason = 1000
	// reportsOnPanel is how many of the patient's reports the patient page shows, newest first.
	reportsOnPanel = 20
	// draftReport is the kind of a report's draft; a new report's target names its patient.
	draftReport = "report"
)

// dossierPanel is the patient page's Dossier panel.
type dossierPanel struct {
	Reports []queries.ListReportsForStaffRow
	Total   int64
	Linked  bool // the dossier shows in the patient's portal
	Default bool // Linked comes from the practice's default (the patient's switch was never set)
	Now     time.Time
}

func (s *Server) dossierPanel(ctx context.Context, p queries.User) (dossierPanel, error) {
	d := dossierPanel{Now: s.clock.Now()}
	clinic, err := s.clinic(ctx)
	if err != nil {
		return d, err
	}
	d.Linked, d.Default = p.DossierLinked.Int64 == 1, !p.DossierLinked.Valid
	if d.Default {
		d.Linked = clinic.DossierLinkedDefault == 1
	}
	if d.Reports, err = s.db.R.ListReportsForStaff(ctx, queries.ListReportsForStaffParams{PatientID: p.ID, Limit: reportsOnPanel}); err != nil {
		return d, err
	}
	if len(d.Reports) > 0 {
		d.Total = d.Reports[0].Total
	}
	return d, nil
}

// reportState is how a report stands for the patient: draft, scheduled, shared, withdrawn or replaced.
func reportState(published, withdrawn sql.NullTime, supersededBy sql.NullInt64, now time.Time) string {
	switch {
	case withdrawn.Valid:
		return "withdrawn"
	case supersededBy.Valid:
		return "replaced"
	case !published.Valid:
		return "draft"
	case published.Time.After(now):
		return "scheduled"
	}
	return "shared"
}

// State is the report's state in the panel.
func (d dossierPanel) State(r queries.ListReportsForStaffRow) string {
	return reportState(r.PublishedAt, r.WithdrawnAt, r.SupersededBy, d.Now)
}

func patientHome(id int64) string { return "/praktijk/patienten/" + strconv.FormatInt(id, 10) }

// setDossierLink is the panel's switch: the dossier shows in this patient's portal, or not.
func (s *Server) setDossierLink(c echo.Context) error {
	p := *state(c).Patient
	linked, notice := int64(0), "dossier_praktijk.notice_unlinked"
	if c.FormValue("gekoppeld") == "1" {
		linked, notice = 1, "dossier_praktijk.notice_linked"
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := q.SetDossierLinked(ctx, queries.SetDossierLinkedParams{DossierLinked: sql.NullInt64{Int64: linked, Valid: true}, ID: p.ID}); err != nil {
			return err
		}
		cl.add("dossier_link", p.ID, p.ID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(p.ID), notice)
}

// visibility reads the form's "zichtbaar" (nu: at once, vanaf: from the day in "vanaf", at the start of
// that day in the practice's time zone) for something to share now; a day must be after today.
func visibility(c echo.Context, f *views.Form, now time.Time) sql.NullTime {
	when, from := strings.TrimSpace(c.FormValue("zichtbaar")), strings.TrimSpace(c.FormValue("vanaf"))
	if when != "vanaf" {
		when = "nu"
	}
	f.Set("zichtbaar", when)
	f.Set("vanaf", from)
	if when == "nu" {
		return sqlTime(now)
	}
	day, err := time.ParseInLocation("2006-01-02", from, views.Zone)
	today := now.In(views.Zone).Format("2006-01-02")
	switch {
	case err != nil:
		f.Fail("vanaf", "dossier_praktijk.from_invalid")
	case from <= today:
		f.Fail("vanaf", "dossier_praktijk.from_past")
	}
	return sqlTime(day.UTC())
}

// visibilityOptions are the choices of "zichtbaar", in the page's language.
func visibilityOptions(tr *views.Translator) []views.Option {
	return []views.Option{{Value: "nu", Label: tr.T("dossier_praktijk.visible_now")}, {Value: "vanaf", Label: tr.T("dossier_praktijk.visible_from_day")}}
}

// reportForm is the form of a new report or of one not yet shared (fields titel, datum, categorie,
// tekst, akkoord, zichtbaar, vanaf), as typed or as restored from its draft.
type reportForm struct {
	views.Form
	PatientName string
	Target      string // the draft's target: "nieuw-<patient id>" or the report's id
	Action      string
	Back        string // the patient page, or the report's page
	Self        string // the form's own address
	Categories  []views.Option
	Visibility  []views.Option
	categories  []queries.ReportCategory
}

// categoryLabel is how a category and subcategory show in a list.
func categoryLabel(category, subcategory string) string {
	if subcategory == "" {
		return category
	}
	return category + " – " + subcategory
}

func (s *Server) newReportForm(c echo.Context, p queries.User) (reportForm, error) {
	f := reportForm{PatientName: p.FullName(), Back: patientHome(p.ID), Visibility: visibilityOptions(s.tr(c))}
	var err error
	if f.categories, err = s.db.R.ListReportCategories(c.Request().Context()); err != nil {
		return f, err
	}
	f.Categories = []views.Option{{Value: "", Label: s.tr(c).T("dossier_praktijk.category_choose")}}
	for _, k := range f.categories {
		f.Categories = append(f.Categories, views.Option{Value: strconv.FormatInt(k.ID, 10), Label: categoryLabel(k.Category, k.Subcategory)})
	}
	return f, nil
}

// categoryValue is the option of the category a report is filed under ("" when the practice no longer has it).
func (f *reportForm) categoryValue(category, subcategory string) string {
	for _, k := range f.categories {
		if k.Category == category && k.Subcategory == subcategory {
			return strconv.FormatInt(k.ID, 10)
		}
	}
	return ""
}

// fillFromDraft puts a saved draft in the form, so that nothing typed before is lost.
func (f *reportForm) fillFromDraft(d *queries.Draft) {
	if d == nil {
		return
	}
	f.Set("titel", d.Title)
	f.Set("tekst", d.Body)
	extra := extraOf(d)
	for _, name := range []string{"datum", "categorie", "akkoord", "zichtbaar", "vanaf"} {
		f.Set(name, extra.Get(name))
	}
}

// reportInput is a checked report.
type reportInput struct {
	Title, Body, Category, Subcategory string
	Day                                time.Time
	Approval                           int64
	Publish                            bool
	PublishedAt                        sql.NullTime
}

// check reads and checks the posted report in the order of the page; the form keeps everything typed.
// "actie" publiceren shares it (at once or from a day); anything else saves it unshared.
func (f *reportForm) check(c echo.Context, now time.Time) reportInput {
	in := reportInput{Title: strings.TrimSpace(c.FormValue("titel")), Body: cleanText(c.FormValue("tekst")),
		Publish: c.FormValue("actie") == "publiceren"}
	day, category := strings.TrimSpace(c.FormValue("datum")), c.FormValue("categorie")
	f.Set("titel", in.Title)
	f.Set("datum", day)
	f.Set("categorie", category)
	f.Set("tekst", in.Body)
	checkText(&f.Form, "titel", in.Title, "dossier_praktijk.title_required", maxReportTitle)
	var err error
	if in.Day, err = time.ParseInLocation("2006-01-02", day, views.Zone); err != nil {
		f.Fail("datum", "dossier_praktijk.date_invalid")
	} else if day > now.In(views.Zone).Format("2006-01-02") {
		f.Fail("datum", "dossier_praktijk.date_future")
	}
	found := false
	for _, k := range f.categories {
		if strconv.FormatInt(k.ID, 10) == category {
			in.Category, in.Subcategory, found = k.Category, k.Subcategory, true
		}
	}
	if !found {
		f.Fail("categorie", "dossier_praktijk.category_required")
	}
	checkText(&f.Form, "tekst", in.Body, "dossier_praktijk.body_required", maxReportBody)
	if c.FormValue("akkoord") == "1" {
		in.Approval = 1
		f.Set("akkoord", "1")
	}
	if in.Publish {
		in.PublishedAt = visibility(c, &f.Form, now)
	} else { // kept as typed; checked when it is shared
		f.Set("zichtbaar", c.FormValue("zichtbaar"))
		f.Set("vanaf", strings.TrimSpace(c.FormValue("vanaf")))
	}
	return in
}

// writtenAt is when a report was written: now for today, noon of an earlier day; an edit that keeps the
// day keeps the moment it had.
func writtenAt(day, now time.Time, old *time.Time) time.Time {
	if old != nil && old.In(views.Zone).Format("2006-01-02") == day.Format("2006-01-02") {
		return *old
	}
	if day.Format("2006-01-02") == now.In(views.Zone).Format("2006-01-02") {
		return now
	}
	return day.Add(12 * time.Hour).UTC()
}

// ownsReportTarget: staff may draft a new report for any patient ("nieuw-<patient id>") or one that is
// not yet shared; the draft is about its patient.
func ownsReportTarget(ctx context.Context, s *Server, _ int64, target string) (int64, error) {
	if id, ok := strings.CutPrefix(target, draftNew+"-"); ok {
		return targetFound(id, func(id int64) (int64, error) { return s.db.R.IsPatient(ctx, id) })
	}
	return targetFound(target, func(id int64) (int64, error) {
		return s.db.R.ReportPatient(ctx, queries.ReportPatientParams{ID: id, Now: sqlTime(s.clock.Now())})
	})
}

func newReportTarget(patientID int64) string {
	return draftNew + "-" + strconv.FormatInt(patientID, 10)
}

func (s *Server) renderReportForm(c echo.Context, status int, f reportForm) error {
	return s.render(c, status, "dossier_praktijk_form", f)
}

// newReport is "Verslag schrijven": an empty form, or what the writer typed before.
func (s *Server) newReport(c echo.Context) error {
	p := *state(c).Patient
	f, err := s.newReportForm(c, p)
	if err != nil {
		return err
	}
	f.Target, f.Action = newReportTarget(p.ID), patientHome(p.ID)+"/verslagen"
	f.Self = f.Action + "/nieuw"
	f.Set("datum", s.clock.Now().In(views.Zone).Format("2006-01-02"))
	f.Set("zichtbaar", "nu")
	d, err := s.draftFor(c.Request().Context(), state(c).User.ID, draftReport, f.Target)
	if err != nil {
		return err
	}
	f.fillFromDraft(d)
	s.showRestored(c, d)
	return s.renderReportForm(c, http.StatusOK, f)
}

// reportNotice says what became of a saved report.
func reportNotice(in reportInput, now time.Time) string {
	switch {
	case !in.Publish:
		return "dossier_praktijk.notice_saved"
	case in.PublishedAt.Time.After(now):
		return "dossier_praktijk.notice_scheduled"
	}
	return "dossier_praktijk.notice_published"
}

func (s *Server) createReport(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	f, err := s.newReportForm(c, p)
	if err != nil {
		return err
	}
	f.Target, f.Action = newReportTarget(p.ID), patientHome(p.ID)+"/verslagen"
	f.Self = f.Action + "/nieuw"
	now := s.clock.Now()
	in := f.check(c, now)
	if f.Failed() {
		return s.renderReportForm(c, http.StatusUnprocessableEntity, f)
	}
	var id int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if id, err = q.CreateReport(ctx, queries.CreateReportParams{PatientID: p.ID, AuthorID: me.ID, Title: in.Title,
			Category: in.Category, Subcategory: in.Subcategory, Body: in.Body, SearchText: queries.ReportSearchText(in.Title, in.Body), WrittenAt: writtenAt(in.Day, now, nil),
			PublishedAt: in.PublishedAt, ApprovalRequested: in.Approval}); err != nil {
			return err
		}
		cl.add(objReport, id, p.ID)
		return s.dropDraft(ctx, q, me.ID, draftReport, f.Target)
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, reportPath(p.ID, id), reportNotice(in, now))
}

func reportPath(patientID, id int64) string {
	return patientHome(patientID) + "/verslagen/" + strconv.FormatInt(id, 10)
}

// reportOf finds the report of the patient in the URL; another patient's is a 404.
func (s *Server) reportOf(c echo.Context) (queries.GetReportForStaffRow, error) {
	p := state(c).Patient.ID
	return lookup(s, c, "report", objReport, p, func(ctx context.Context, id int64) (queries.GetReportForStaffRow, error) {
		return s.db.R.GetReportForStaff(ctx, queries.GetReportForStaffParams{ID: id, PatientID: p})
	})
}

// staffReportPage is a report as the practice sees it, with its attachments and what can still be done.
type staffReportPage struct {
	views.Form  // the attachment's form: titel, bestand
	Report      queries.GetReportForStaffRow
	Text        template.HTML // the text as the patient reads it (report.HTML)
	Attachments []queries.ListReportAttachmentsRow
	PatientName string
	State       string
	MaxMB       int
	MayHide     bool // "Niet zichtbaar voor ouders" may be switched on (kinderen_praktijk.go)
}

// Editable: the patient has not seen it yet.
func (p staffReportPage) Editable() bool { return p.State == "draft" || p.State == "scheduled" }

func (s *Server) reportPageOf(c echo.Context, r queries.GetReportForStaffRow) (staffReportPage, error) {
	page := staffReportPage{Report: r, PatientName: state(c).Patient.FullName(), MaxMB: documentForm{}.MaxMB(),
		State: reportState(r.PublishedAt, r.WithdrawnAt, r.SupersededBy, s.clock.Now())}
	var err error
	if page.Text, err = report.HTML(r.Body); err != nil {
		return page, err
	}
	page.Attachments, err = s.db.R.ListReportAttachments(c.Request().Context(), queries.ListReportAttachmentsParams{ReportID: sql.NullInt64{Int64: r.ID, Valid: true}, PatientID: r.PatientID})
	if err != nil {
		return page, err
	}
	page.MayHide, err = s.mayHideFromParents(c.Request().Context(), *state(c).Patient)
	return page, err
}

func (s *Server) report(c echo.Context) error {
	r, err := s.reportOf(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, r.PatientID); err != nil {
		return err
	}
	page, err := s.reportPageOf(c, r)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dossier_praktijk_report", page)
}

// editableReport is the report in the URL while the patient has not seen it; else a 404.
func (s *Server) editableReport(c echo.Context) (queries.GetReportForStaffRow, reportForm, error) {
	r, err := s.reportOf(c)
	if err != nil {
		return r, reportForm{}, err
	}
	if st := reportState(r.PublishedAt, r.WithdrawnAt, r.SupersededBy, s.clock.Now()); st != "draft" && st != "scheduled" {
		return r, reportForm{}, echo.NewHTTPError(http.StatusNotFound)
	}
	f, err := s.newReportForm(c, *state(c).Patient)
	f.Target = strconv.FormatInt(r.ID, 10)
	f.Action = reportPath(r.PatientID, r.ID)
	f.Back, f.Self = f.Action, f.Action+"/bewerken"
	return r, f, err
}

func (s *Server) editReport(c echo.Context) error {
	r, f, err := s.editableReport(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, r.PatientID); err != nil {
		return err
	}
	f.Set("titel", r.Title)
	f.Set("datum", r.WrittenAt.In(views.Zone).Format("2006-01-02"))
	f.Set("categorie", f.categoryValue(r.Category, r.Subcategory))
	f.Set("tekst", r.Body)
	f.Set("zichtbaar", "nu")
	if r.ApprovalRequested == 1 {
		f.Set("akkoord", "1")
	}
	if r.PublishedAt.Valid {
		f.Set("zichtbaar", "vanaf")
		f.Set("vanaf", r.PublishedAt.Time.In(views.Zone).Format("2006-01-02"))
	}
	d, err := s.draftFor(c.Request().Context(), state(c).User.ID, draftReport, f.Target)
	if err != nil {
		return err
	}
	f.fillFromDraft(d)
	s.showRestored(c, d)
	return s.renderReportForm(c, http.StatusOK, f)
}

func (s *Server) updateReport(c echo.Context) error {
	r, f, err := s.editableReport(c)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	in := f.check(c, now)
	if f.Failed() {
		return s.renderReportForm(c, http.StatusUnprocessableEntity, f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.UpdateReport(ctx, queries.UpdateReportParams{Title: in.Title, Category: in.Category, Subcategory: in.Subcategory,
			Body: in.Body, SearchText: queries.ReportSearchText(in.Title, in.Body), WrittenAt: writtenAt(in.Day, now, &r.WrittenAt), PublishedAt: in.PublishedAt,
			ApprovalRequested: in.Approval, ID: r.ID, PatientID: r.PatientID, Now: sqlTime(now)})
		if err != nil || n == 0 {
			return err // n == 0: shared meanwhile, nothing changed
		}
		if err := q.ShareAttachments(ctx, queries.ShareAttachmentsParams{PublishedAt: in.PublishedAt, ReportID: sql.NullInt64{Int64: r.ID, Valid: true}, PatientID: r.PatientID}); err != nil {
			return err
		}
		cl.add(objReport, r.ID, r.PatientID)
		return s.dropDraft(ctx, q, state(c).User.ID, draftReport, f.Target)
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, reportPath(r.PatientID, r.ID), reportNotice(in, now))
}

// addAttachment adds a file to a report that is not withdrawn; it is shared with the report.
func (s *Server) addAttachment(c echo.Context) error {
	r, err := s.reportOf(c)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	if reportState(r.PublishedAt, r.WithdrawnAt, r.SupersededBy, now) == "withdrawn" {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	u, err := readUpload(c, 1)
	if err != nil {
		return err
	}
	page, err := s.reportPageOf(c, r)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(c.FormValue("titel"))
	page.Set("titel", title)
	checkText(&page.Form, "titel", title, "documents.title_required", maxDocumentTitle)
	content, kind, problem := s.readDocument(c, u.Files(documentField))
	if problem != nil {
		page.Fail(documentField, problem.Key, problem.Args...)
	}
	if page.Failed() {
		return s.render(c, u.status(), "dossier_praktijk_report", page)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.AddPracticeDocument(ctx, queries.AddPracticeDocumentParams{PatientID: r.PatientID, UploadedBy: state(c).User.ID,
			Title: title, FileName: downloadName(title, kind.Ext), ContentType: kind.ContentType, SizeBytes: int64(len(content)),
			CreatedAt: now, PublishedAt: r.PublishedAt, Content: content, ReportID: sql.NullInt64{Int64: r.ID, Valid: true}})
		if err != nil {
			return err
		}
		cl.add(objDocument, id, r.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, reportPath(r.PatientID, r.ID), "dossier_praktijk.notice_attached")
}

// withdrawForm asks the reason before a shared report is withdrawn.
type withdrawForm struct {
	views.Form
	Report      queries.GetReportForStaffRow
	PatientName string
}

// sharedReport is the report in the URL once shared (or scheduled) and not withdrawn; else a 404.
func (s *Server) sharedReport(c echo.Context) (queries.GetReportForStaffRow, error) {
	r, err := s.reportOf(c)
	if err == nil && (!r.PublishedAt.Valid || r.WithdrawnAt.Valid) {
		err = echo.NewHTTPError(http.StatusNotFound)
	}
	return r, err
}

func (s *Server) confirmWithdrawReport(c echo.Context) error {
	r, err := s.sharedReport(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, r.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dossier_praktijk_withdraw", withdrawForm{Report: r, PatientName: state(c).Patient.FullName()})
}

// withdrawReport takes a shared report back from the patient: kept, with who, when and why.
func (s *Server) withdrawReport(c echo.Context) error {
	r, err := s.sharedReport(c)
	if err != nil {
		return err
	}
	f := withdrawForm{Report: r, PatientName: state(c).Patient.FullName()}
	reason := cleanText(c.FormValue("reden"))
	f.Set("reden", reason)
	if checkText(&f.Form, "reden", reason, "dossier_praktijk.reason_required", maxWithdrawReason); f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "dossier_praktijk_withdraw", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.WithdrawReport(ctx, queries.WithdrawReportParams{WithdrawnAt: sqlTime(s.clock.Now()),
			WithdrawnBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, WithdrawReason: reason, ID: r.ID, PatientID: r.PatientID})
		if err != nil || n == 0 {
			return err // n == 0: withdrawn meanwhile
		}
		// Its attachments go with it.
		if err := q.ShareAttachments(ctx, queries.ShareAttachmentsParams{ReportID: sql.NullInt64{Int64: r.ID, Valid: true}, PatientID: r.PatientID}); err != nil {
			return err
		}
		cl.add(objReport, r.ID, r.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, reportPath(r.PatientID, r.ID), "dossier_praktijk.notice_withdrawn")
}

// practiceDocumentForm is the form of a document the practice publishes for the patient (fields titel,
// bestand, zichtbaar, vanaf, akkoord).
type practiceDocumentForm struct {
	documentForm
	PatientName string
	Back        string
	Visibility  []views.Option
}

func (s *Server) newPracticeDocumentForm(c echo.Context) practiceDocumentForm {
	p := state(c).Patient
	return practiceDocumentForm{PatientName: p.FullName(), Back: patientHome(p.ID), Visibility: visibilityOptions(s.tr(c))}
}

func (s *Server) newPracticeDocument(c echo.Context) error {
	f := s.newPracticeDocumentForm(c)
	f.Set("zichtbaar", "nu")
	return s.render(c, http.StatusOK, "dossier_praktijk_document", f)
}

// publishDocument stores a file the practice shares with the patient, at once or from a day.
func (s *Server) publishDocument(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	u, err := readUpload(c, 1)
	if err != nil {
		return err
	}
	f := s.newPracticeDocumentForm(c)
	now := s.clock.Now()
	title := strings.TrimSpace(c.FormValue("titel"))
	f.Set("titel", title)
	checkText(&f.Form, "titel", title, "documents.title_required", maxDocumentTitle)
	content, kind, problem := s.readDocument(c, u.Files(documentField))
	if problem != nil {
		f.Fail(documentField, problem.Key, problem.Args...)
	}
	at := visibility(c, &f.Form, now)
	var approval int64
	if c.FormValue("akkoord") == "1" {
		approval = 1
		f.Set("akkoord", "1")
	}
	if f.Failed() {
		return s.render(c, u.status(), "dossier_praktijk_document", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.AddPracticeDocument(ctx, queries.AddPracticeDocumentParams{PatientID: p.ID, UploadedBy: me.ID, Title: title,
			FileName: downloadName(title, kind.Ext), ContentType: kind.ContentType, SizeBytes: int64(len(content)),
			CreatedAt: now, PublishedAt: at, Content: content, ApprovalRequested: approval})
		if err != nil {
			return err
		}
		cl.add(objDocument, id, p.ID)
		return nil
	})
	if err != nil {
		return err
	}
	notice := "dossier_praktijk.notice_document_published"
	if at.Time.After(now) {
		notice = "dossier_praktijk.notice_document_scheduled"
	}
	return redirectWithNotice(c, patientHome(p.ID), notice)
}
