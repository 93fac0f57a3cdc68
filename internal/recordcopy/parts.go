package recordcopy

import (
	"archive/zip"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"balie/internal/agenda"
	"balie/internal/filetype"
	"balie/internal/report"
	"balie/internal/results"
	"balie/queries"
)

// record is what the copy holds of one patient, read before the zip is written: every list without
// the reports' text and the documents' content, which parts read one at a time as they write them.
type record struct {
	db      *queries.DB
	now     time.Time
	tr      Translator
	clinic  queries.ClinicSetting
	patient queries.User

	reports      []queries.ListCopyReportsRow
	documents    []queries.ListCopyDocumentsRow
	appointments []queries.ListCopyAppointmentsRow
	medication   []queries.ListCopyMedicationRow
	results      []queries.ListCopyResultsRow
}

// load reads the lists of the patient's record as the patient may see them at the clock's now.
func (b *Builder) load(ctx context.Context, patientID int64) (*record, error) {
	q := b.DB.R
	r := &record{db: b.DB, now: b.Clock.Now()}
	var err error
	if r.patient, err = q.GetUser(ctx, patientID); err != nil {
		return nil, err
	}
	r.tr = b.Translator(r.patient.Locale)
	if r.clinic, err = q.GetClinic(ctx); err != nil {
		return nil, err
	}
	at := r.nullNow()
	if r.reports, err = q.ListCopyReports(ctx, queries.ListCopyReportsParams{PatientID: patientID, Now: at}); err != nil {
		return nil, err
	}
	if r.documents, err = q.ListCopyDocuments(ctx, queries.ListCopyDocumentsParams{PatientID: patientID, Now: at}); err != nil {
		return nil, err
	}
	if r.appointments, err = q.ListCopyAppointments(ctx, queries.ListCopyAppointmentsParams{PatientID: patientID, Now: r.now}); err != nil {
		return nil, err
	}
	if r.medication, err = q.ListCopyMedication(ctx, patientID); err != nil {
		return nil, err
	}
	r.results, err = q.ListCopyResults(ctx, queries.ListCopyResultsParams{PatientID: patientID, Now: at})
	return r, err
}

// parts write the zip's entries, in order. An area that lands later (results, questionnaires) adds its
// files here, its rows to load and its FHIR resources to resources (fhir.go).
var parts = []func(context.Context, *record, *zip.Writer) error{
	writeIndex, writeReports, writeDocuments, writeAppointments, writeMedication, writeResults, writeBundle,
}

func (r *record) nullNow() nullTime { return nullTime{Time: r.now, Valid: true} }

// reportFile and documentFile are the names of a report's PDF and of a document in the zip: a date
// or number and the id, so that they sort and never clash, whatever the titles hold.
func reportFile(rep queries.ListCopyReportsRow) string {
	return fmt.Sprintf("verslagen/%s-verslag-%d.pdf", rep.WrittenAt.In(agenda.Zone).Format("2006-01-02"), rep.ID)
}

func documentFile(d queries.ListCopyDocumentsRow) string {
	ext := filetype.Ext(d.ContentType)
	if ext == "" {
		ext = ".bin"
	}
	return fmt.Sprintf("documenten/%s-document-%d%s", d.CreatedAt.In(agenda.Zone).Format("2006-01-02"), d.ID, ext)
}

// calendarDay is the day of t in the practice's zone as a calendar date (midnight UTC), as LongDay
// reads dates.
func calendarDay(t time.Time) time.Time {
	l := t.In(agenda.Zone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// create starts an entry of the zip, dated now.
func (r *record) create(zw *zip.Writer, name string) (io.Writer, error) {
	return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: r.now})
}

// writeReports writes a PDF of each report, reading its text only now, one report at a time.
func writeReports(ctx context.Context, r *record, zw *zip.Writer) error {
	for _, rep := range r.reports {
		body, err := r.db.R.GetCopyReportBody(ctx, queries.GetCopyReportBodyParams{ID: rep.ID, PatientID: r.patient.ID, Now: r.nullNow()})
		if err != nil {
			return err
		}
		w, err := r.create(zw, reportFile(rep))
		if err != nil {
			return err
		}
		letter := report.Letter{Practice: r.clinic.Name, Patient: r.patient.FullName(), Born: r.patient.BirthDate.Time,
			Title: rep.Title, Author: rep.Author, AuthorRole: rep.AuthorRole, Category: rep.Category,
			Subcategory: rep.Subcategory, Written: calendarDay(rep.WrittenAt), Body: body}
		if err := report.PDF(w, letter.Document(r.tr)); err != nil {
			return err
		}
	}
	return nil
}

// writeDocuments writes each document's stored bytes, one document at a time. They are compressed
// already (PDF, JPEG, Office files), so they are stored as they are.
func writeDocuments(ctx context.Context, r *record, zw *zip.Writer) error {
	for _, d := range r.documents {
		content, err := r.db.R.GetCopyDocumentContent(ctx, queries.GetCopyDocumentContentParams{ID: d.ID, PatientID: r.patient.ID, Now: r.nullNow()})
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: documentFile(d), Method: zip.Store, Modified: r.now})
		if err != nil {
			return err
		}
		if _, err := w.Write(content); err != nil {
			return err
		}
	}
	return nil
}

// appointmentStatus is an appointment's state in words: nothing for one that goes ahead.
func (r *record) appointmentStatus(status string) string {
	if status == "booked" {
		return ""
	}
	return r.tr.T("agenda.status_" + status)
}

func (r *record) yesNo(b bool) string {
	if b {
		return r.tr.T("dossier_kopie.yes")
	}
	return r.tr.T("dossier_kopie.no")
}

// day is a calendar date in words, or "" when there is none.
func (r *record) day(t nullTime) string {
	if !t.Valid {
		return ""
	}
	return r.tr.LongDay(t.Time)
}

// writeAppointments writes afspraken.csv: every appointment the patient may see, oldest first.
func writeAppointments(_ context.Context, r *record, zw *zip.Writer) error {
	rows := [][]string{{r.tr.T("dossier_kopie.col_when"), r.tr.T("dossier_kopie.col_kind"), r.tr.T("dossier_kopie.col_with"),
		r.tr.T("dossier_kopie.col_place"), r.tr.T("dossier_kopie.col_status"), r.tr.T("dossier_kopie.col_instructions")}}
	for _, a := range r.appointments {
		rows = append(rows, []string{r.tr.DayTime(a.StartsAt), r.tr.Pick(a.KindNl, a.KindEn), a.Practitioners,
			place(a), r.appointmentStatus(a.Status), a.Instructions})
	}
	return r.writeCSV(zw, "afspraken.csv", rows)
}

// place is an appointment's place with its address.
func place(a queries.ListCopyAppointmentsRow) string {
	return joined(", ", a.Place, a.Street, joined(" ", a.Postcode, a.City))
}

// joined joins the parts that are not empty.
func joined(sep string, parts ...string) string {
	return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), sep)
}

type nullTime = sql.NullTime

// writeMedication writes medicatie.csv: the medication table.
func writeMedication(_ context.Context, r *record, zw *zip.Writer) error {
	rows := [][]string{{r.tr.T("dossier_kopie.col_medicine"), r.tr.T("dossier_kopie.col_strength"), r.tr.T("dossier_kopie.col_form"),
		r.tr.T("dossier_kopie.col_dosage"), r.tr.T("dossier_kopie.col_chronic"), r.tr.T("dossier_kopie.col_started"), r.tr.T("dossier_kopie.col_ended")}}
	for _, m := range r.medication {
		rows = append(rows, []string{m.Name, m.Strength, m.Form, m.Dosage, r.yesNo(m.Chronic == 1),
			r.tr.LongDay(m.StartedOn), r.day(m.EndedOn)})
	}
	return r.writeCSV(zw, "medicatie.csv", rows)
}

// resultRow is a result as the CSV and the index show it: date, test, value, unit, range, out of range
// in words ("te hoog", never a colour or a letter alone), and the practitioner's comment.
func (r *record) resultRow(x queries.ListCopyResultsRow) []string {
	value := x.ValueText
	if x.ValueNum.Valid {
		value = results.Number(r.patient.Locale, x.ValueNum.Float64)
	}
	var flag string
	switch x.Interpretation {
	case "H":
		flag = r.tr.T("uitslagen.high")
	case "L":
		flag = r.tr.T("uitslagen.low")
	}
	return []string{r.tr.LongDay(calendarDay(x.EffectiveAt)), r.tr.Pick(x.NameNl, x.NameEn), value, x.Unit,
		results.Range(r.patient.Locale, x.RefLow, x.RefHigh, x.RefText, x.Unit), flag, x.Comment}
}

// resultColumns are the columns of uitslagen.csv and of the index's table.
var resultColumns = []string{"dossier_kopie.col_date", "dossier_kopie.col_test", "dossier_kopie.col_value", "dossier_kopie.col_unit",
	"dossier_kopie.col_range", "dossier_kopie.col_flag", "dossier_kopie.col_comment"}

func (r *record) header(keys []string) []string {
	row := make([]string, len(keys))
	for i, k := range keys {
		row[i] = r.tr.T(k)
	}
	return row
}

// writeResults writes uitslagen.csv: the results the patient may see, oldest first.
func writeResults(_ context.Context, r *record, zw *zip.Writer) error {
	rows := [][]string{r.header(resultColumns)}
	for _, x := range r.results {
		rows = append(rows, r.resultRow(x))
	}
	return r.writeCSV(zw, "uitslagen.csv", rows)
}

// writeCSV writes a table as CSV with a byte-order mark, so that a spreadsheet reads its diacritics.
func (r *record) writeCSV(zw *zip.Writer, name string, rows [][]string) error {
	w, err := r.create(zw, name)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';' // what a Dutch spreadsheet expects
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// indexSource is index.html's template (here rather than in a file of its own, so that the locale test
// sees the keys it uses).
const indexSource = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{t .Tr "dossier_kopie.index_title" "Name" .Name}}</title>
</head>
<body>
<h1>{{t .Tr "dossier_kopie.index_title" "Name" .Name}}</h1>
<p>{{t .Tr "dossier_kopie.index_intro" "Clinic" .Clinic "Born" .Born "When" .Made}}</p>

<h2>{{t .Tr "dossier_kopie.reports"}}</h2>
{{with .Reports}}<ul>
{{range .}}<li><a href="{{.File}}">{{.Title}}</a> · {{.Date}}{{with .About}} · {{.}}{{end}}</li>
{{end}}</ul>{{else}}<p>{{t $.Tr "dossier_kopie.none"}}</p>{{end}}

<h2>{{t .Tr "dossier_kopie.documents"}}</h2>
{{with .Documents}}<ul>
{{range .}}<li><a href="{{.File}}">{{.Title}}</a> · {{.Date}}</li>
{{end}}</ul>{{else}}<p>{{t $.Tr "dossier_kopie.none"}}</p>{{end}}

<h2>{{t .Tr "dossier_kopie.appointments"}}</h2>
{{with .Appointments}}<table>
<tr><th>{{t $.Tr "dossier_kopie.col_when"}}</th><th>{{t $.Tr "dossier_kopie.col_kind"}}</th><th>{{t $.Tr "dossier_kopie.col_with"}}</th><th>{{t $.Tr "dossier_kopie.col_place"}}</th><th>{{t $.Tr "dossier_kopie.col_status"}}</th></tr>
{{range .}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
<p><a href="afspraken.csv">afspraken.csv</a></p>{{else}}<p>{{t $.Tr "dossier_kopie.none"}}</p>{{end}}

<h2>{{t .Tr "dossier_kopie.medication"}}</h2>
{{with .Medication}}<table>
<tr><th>{{t $.Tr "dossier_kopie.col_medicine"}}</th><th>{{t $.Tr "dossier_kopie.col_strength"}}</th><th>{{t $.Tr "dossier_kopie.col_form"}}</th><th>{{t $.Tr "dossier_kopie.col_dosage"}}</th><th>{{t $.Tr "dossier_kopie.col_chronic"}}</th><th>{{t $.Tr "dossier_kopie.col_started"}}</th><th>{{t $.Tr "dossier_kopie.col_ended"}}</th></tr>
{{range .}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
<p><a href="medicatie.csv">medicatie.csv</a></p>{{else}}<p>{{t $.Tr "dossier_kopie.none"}}</p>{{end}}

<h2>{{t .Tr "dossier_kopie.results"}}</h2>
{{with .Results}}<table>
<tr>{{range $.ResultColumns}}<th>{{.}}</th>{{end}}</tr>
{{range .}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
<p><a href="uitslagen.csv">uitslagen.csv</a></p>{{else}}<p>{{t $.Tr "dossier_kopie.none"}}</p>{{end}}

<h2>{{t .Tr "dossier_kopie.fhir"}}</h2>
<p>{{t .Tr "dossier_kopie.fhir_intro"}} <a href="fhir/bundle.json">fhir/bundle.json</a></p>
</body>
</html>
`

var index = template.Must(template.New("index").Funcs(template.FuncMap{
	"t": func(tr Translator, key string, pairs ...any) string { return tr.T(key, pairs...) },
}).Parse(indexSource))

// indexData is what index.html shows.
type indexData struct {
	Tr                             Translator
	Lang, Clinic, Name, Born, Made string
	Reports                        []indexRow
	Documents                      []indexRow
	Appointments                   [][]string
	Medication                     [][]string
	ResultColumns                  []string
	Results                        [][]string
}

type indexRow struct{ File, Date, Title, About string }

// writeIndex writes index.html: everything in the copy, in words, each file linked.
func writeIndex(_ context.Context, r *record, zw *zip.Writer) error {
	d := indexData{Tr: r.tr, Clinic: r.clinic.Name, Lang: r.patient.Locale, Name: r.patient.FullName(), Made: r.tr.DayTime(r.now)}
	if r.patient.BirthDate.Valid {
		d.Born = r.tr.LongDay(r.patient.BirthDate.Time)
	}
	for _, rep := range r.reports {
		about := joined(" · ", rep.Category, rep.Subcategory, rep.Author)
		d.Reports = append(d.Reports, indexRow{File: reportFile(rep), Date: r.tr.LongDay(calendarDay(rep.WrittenAt)), Title: rep.Title, About: about})
	}
	for _, doc := range r.documents {
		d.Documents = append(d.Documents, indexRow{File: documentFile(doc), Date: r.tr.LongDay(calendarDay(doc.CreatedAt)), Title: doc.Title})
	}
	for _, a := range r.appointments {
		d.Appointments = append(d.Appointments, []string{r.tr.DayTime(a.StartsAt), r.tr.Pick(a.KindNl, a.KindEn), a.Practitioners, place(a), r.appointmentStatus(a.Status)})
	}
	for _, m := range r.medication {
		d.Medication = append(d.Medication, []string{m.Name, m.Strength, m.Form, m.Dosage, r.yesNo(m.Chronic == 1), r.tr.LongDay(m.StartedOn), r.day(m.EndedOn)})
	}
	d.ResultColumns = r.header(resultColumns)
	for _, x := range r.results {
		d.Results = append(d.Results, r.resultRow(x))
	}
	w, err := r.create(zw, "index.html")
	if err != nil {
		return err
	}
	return index.Execute(w, d)
}
