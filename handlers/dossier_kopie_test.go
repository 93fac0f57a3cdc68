package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

const kopiePath = "/dossier/kopie"

// addDocument gives the patient a document the practice published, of size bytes.
func (a *testApp) addDocument(patient int64, title string, size int) {
	a.t.Helper()
	content := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), max(0, size-9))...)
	now := a.clock.Now()
	if _, err := a.db.Write.Exec(`INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at, published_at, content)
		VALUES (?, ?, ?, 'brief.pdf', 'application/pdf', ?, ?, ?, ?)`, patient, a.staff["practitioner"].ID, title, len(content), now.Add(-time.Hour), now.Add(-time.Hour), content); err != nil {
		a.t.Fatal(err)
	}
}

// download GETs a file that is no page (a zip), as the browser saves it.
func (c *client) download(path string) (*http.Response, []byte) {
	c.t.Helper()
	req := must(http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil))
	resp := must(c.http.Do(req))
	defer resp.Body.Close()
	return resp, must(io.ReadAll(resp.Body))
}

// unzip reads a zip that was downloaded, by entry name.
func unzip(t testing.TB, body []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = must(io.ReadAll(rc))
		rc.Close()
	}
	return files
}

// The whole walk: the patient asks for a copy, a second request is refused while it is made, the
// builder's round makes it, a mail without content says it is ready, and the download holds what the
// patient may see (a PDF of each shared report, not the unshared or withdrawn ones, the documents,
// appointments and medication) and a FHIR bundle that parses back into the model library's types and
// matches the record. Another patient gets a 404; after 24 hours the copy has expired and its file goes.
func TestDossierKopieRequestBuildMailDownload(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	now := a.clock.Now()
	shared := a.addReport(testReport{patient: me.ID, title: "Verwijsbrief aan de fysiotherapeut"})
	hidden := []int64{
		a.addReport(testReport{patient: me.ID, title: "Concept", unpublished: true}),
		a.addReport(testReport{patient: me.ID, title: "Ingetrokken", withdrawn: true}),
		a.addReport(testReport{patient: me.ID, title: "Morgen", published: now.Add(24 * time.Hour)}),
		a.addReport(testReport{patient: other.ID, title: "Van een ander"}),
	}
	a.addDocument(me.ID, "Uitslag van het lab", 2000)
	a.addAppointment(testAppointment{patient: me.ID, start: now.AddDate(0, 0, 7)})
	a.addMedication(testMedication{patient: me.ID, name: "Metformine", strength: "500 mg", form: "tablet", chronic: true, startDays: -365})
	reports := a.number(`SELECT count(*) FROM patient_reports WHERE patient_id = ? AND published_at <= ?`, me.ID, now)
	documents := a.number(`SELECT count(*) FROM documents WHERE patient_id = ? AND published_at <= ?`, me.ID, now)
	appointments := a.number(`SELECT count(*) FROM patient_appointments WHERE patient_id = ? AND visible_from <= ?`, me.ID, now)
	medication := a.number(`SELECT count(*) FROM medication WHERE patient_id = ?`, me.ID)
	results := a.number(`SELECT count(*) FROM patient_results WHERE patient_id = ? AND visible_from <= ?`, me.ID, now)

	c := a.patientClient(0)
	p := c.get(kopiePath)
	wantStatus(t, p, http.StatusOK)
	if got := p.Text(`form[action="/dossier/kopie"] button`); got != a.T("dossier_kopie.request") {
		t.Fatalf("the request button says %q", got)
	}
	if c.get("/dossier").Doc.Find(`a[href="/dossier/kopie"]`).Length() != 1 {
		t.Error("the dossier does not link to the copy")
	}
	p = c.follow(c.post(kopiePath, nil))
	wantStatus(t, p, http.StatusOK)
	if got := p.Text(".kopie-state"); got != a.T("dossier_kopie.state_requested") {
		t.Errorf("after the request the state is %q", got)
	}
	id := a.number(`SELECT max(id) FROM record_copies WHERE patient_id = ?`, me.ID)

	// One open request at a time.
	p = c.post(kopiePath, nil)
	wantStatus(t, p, http.StatusConflict)
	if !strings.Contains(p.Body, a.T("dossier_kopie.already_open")) {
		t.Error("a second request is not refused in words")
	}
	if n := a.number(`SELECT count(*) FROM record_copies WHERE patient_id = ? AND state = 'requested'`, me.ID); n != 1 {
		t.Fatalf("%d requests stored", n)
	}
	if _, err := a.db.Write.Exec(`INSERT INTO record_copies (patient_id, requested_by, requested_at) VALUES (?, ?, ?)`, me.ID, me.ID, now); err == nil {
		t.Error("the database takes a second open request")
	}

	b := a.app.RecordCopies()
	ctx := context.Background()
	if n, err := b.Round(ctx); err != nil || n != 1 {
		t.Fatalf("round: %d, %v", n, err)
	}
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) != 1 || mails[0].Subject != a.T("mail.dossier_kopie.subject") {
		t.Fatalf("%d mails; want one %q", len(mails), a.T("mail.dossier_kopie.subject"))
	}
	if !strings.Contains(mails[0].Text, a.cfg.BaseURL+kopiePath) {
		t.Errorf("the mail does not link to the copy:\n%s", mails[0].Text)
	}
	for _, w := range []string{"Verwijsbrief", "Metformine", "Uitslag"} {
		if strings.Contains(mails[0].Text, w) {
			t.Errorf("the mail tells %q", w)
		}
	}

	page := fmt.Sprintf("%s/%d", kopiePath, id)
	p = c.get(page)
	wantStatus(t, p, http.StatusOK)
	until := a.tr["nl"].DayTime(now.Add(24 * time.Hour))
	if got := p.Text(".kopie-state"); got != a.T("dossier_kopie.state_ready", "Until", until) {
		t.Errorf("the ready copy says %q", got)
	}
	resp, body := c.download(page + "/download")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	files := unzip(t, body)
	var pdfs int
	for name, data := range files {
		if strings.HasPrefix(name, "verslagen/") {
			pdfs++
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s is not a PDF", name)
			}
		}
		for _, h := range hidden {
			if strings.HasSuffix(name, "-verslag-"+strconv.FormatInt(h, 10)+".pdf") {
				t.Errorf("the copy holds report %d, which the patient may not see", h)
			}
		}
	}
	if int64(pdfs) != reports || reports < 1 {
		t.Errorf("%d report PDFs, want %d", pdfs, reports)
	}
	if !strings.Contains(string(files["index.html"]), "Verwijsbrief aan de fysiotherapeut") || strings.Contains(string(files["index.html"]), "Ingetrokken") {
		t.Error("the index does not list the shared report alone")
	}
	if !strings.Contains(string(files["medicatie.csv"]), "Metformine") {
		t.Errorf("medicatie.csv:\n%s", files["medicatie.csv"])
	}
	if lines := strings.Count(string(files["afspraken.csv"]), "\n"); int64(lines) != appointments+1 {
		t.Errorf("afspraken.csv has %d lines, want %d appointments and a header", lines, appointments)
	}

	// The FHIR bundle, read back into the library's types.
	bundle, err := fhir.UnmarshalBundle(files["fhir/bundle.json"])
	if err != nil {
		t.Fatalf("the bundle does not parse: %v", err)
	}
	if bundle.Type != fhir.BundleTypeCollection {
		t.Errorf("bundle type %v", bundle.Type)
	}
	counts := map[string]int64{}
	var titles, medicines []string
	for _, e := range bundle.Entry {
		var kind struct{ ResourceType string }
		if err := json.Unmarshal(e.Resource, &kind); err != nil {
			t.Fatal(err)
		}
		counts[kind.ResourceType]++
		switch kind.ResourceType {
		case "Patient":
			res := must(fhir.UnmarshalPatient(e.Resource))
			if *res.Name[0].Text != me.FullName() {
				t.Errorf("the patient is %q", *res.Name[0].Text)
			}
		case "DocumentReference":
			res := must(fhir.UnmarshalDocumentReference(e.Resource))
			titles = append(titles, *res.Description)
			if _, ok := files[*res.Content[0].Attachment.Url]; !ok {
				t.Errorf("a DocumentReference points at %q, which is not in the zip", *res.Content[0].Attachment.Url)
			}
		case "Appointment":
			must(fhir.UnmarshalAppointment(e.Resource))
		case "MedicationStatement":
			res := must(fhir.UnmarshalMedicationStatement(e.Resource))
			medicines = append(medicines, *res.MedicationCodeableConcept.Text)
		case "Observation":
			must(fhir.UnmarshalObservation(e.Resource))
		default:
			t.Errorf("an entry of type %q", kind.ResourceType)
		}
	}
	want := map[string]int64{"Patient": 1, "DocumentReference": reports + documents, "Appointment": appointments, "MedicationStatement": medication, "Observation": results}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d %s entries, want %d", counts[k], k, n)
		}
	}
	if !strings.Contains(strings.Join(titles, "|"), "Verwijsbrief aan de fysiotherapeut") || strings.Contains(strings.Join(titles, "|"), "Concept") {
		t.Errorf("the bundle's documents: %v", titles)
	}
	if !strings.Contains(strings.Join(medicines, "|"), "Metformine 500 mg tablet") {
		t.Errorf("the bundle's medication: %v", medicines)
	}
	if _, ok := files[fmt.Sprintf("verslagen/%s-verslag-%d.pdf", now.AddDate(0, 0, -7).In(time.FixedZone("CET", 3600)).Format(time.DateOnly), shared)]; !ok {
		t.Error("the shared report's PDF is not in the copy")
	}

	// Another patient: nothing, logged as denied.
	oc := a.patientClient(1)
	wantStatus(t, oc.get(page), http.StatusNotFound)
	wantStatus(t, oc.get(page+"/download"), http.StatusNotFound)
	// The request, the build and the download are in the access log.
	if got := a.scalar(`SELECT group_concat(action || ' ' || outcome, ', ') FROM (SELECT action, outcome FROM access_log
		WHERE object_type = 'record_copy' AND object_id = ? AND actor_id = ? ORDER BY id)`, id, me.ID); !strings.HasPrefix(got, "change ok, read ok, read ok, read ok") {
		t.Errorf("the access log of the copy: %s", got)
	}

	// After 24 hours: expired, and the round deletes the file.
	file := filepath.Join(filepath.Dir(a.cfg.DBPath), "kopieen", a.scalar(`SELECT file FROM record_copies WHERE id = ?`, id))
	a.fixed.Set(now.Add(25 * time.Hour))
	c = a.patientClient(0) // the session ended long ago
	p = c.get(page + "/download")
	wantStatus(t, p, http.StatusGone)
	if got := p.Text(".kopie-state"); got != a.T("dossier_kopie.state_expired") {
		t.Errorf("the expired copy says %q", got)
	}
	if _, err := b.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("the expired copy's file is still there: %v", err)
	}
	if got := a.scalar(`SELECT state || ' ' || file FROM record_copies WHERE id = ?`, id); got != "expired " {
		t.Errorf("the expired copy is stored as %q", got)
	}
	// Then a new copy may be asked for.
	wantStatus(t, c.post(kopiePath, nil), http.StatusSeeOther)
}

// recordCopy asks for a copy as the patient c, runs the builder's round and downloads it.
func (a *testApp) recordCopy(c *client, patient int64) map[string][]byte {
	a.t.Helper()
	wantStatus(a.t, c.post(kopiePath, nil), http.StatusSeeOther)
	if n, err := a.app.RecordCopies().Round(context.Background()); err != nil || n != 1 {
		a.t.Fatalf("round: %d, %v", n, err)
	}
	id := a.number(`SELECT max(id) FROM record_copies WHERE patient_id = ?`, patient)
	resp, body := c.download(fmt.Sprintf("%s/%d/download", kopiePath, id))
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("download: %d", resp.StatusCode)
	}
	return unzip(a.t, body)
}

// The copy holds the results the patient may see, in uitslagen.csv (out of range in words), in the
// index and as FHIR Observations (code, value with unit or text, range, interpretation, date, final);
// a result that waits for the practitioner's review is nowhere in the zip.
func TestDossierKopieHoldsReleasedResultsOnly(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	staff := a.staffClient("practitioner")
	_, shown := a.resultGroup("direct", diabetesCheck...)
	a.db.Write.Exec(`UPDATE result_tests SET code = 'HBA1C' WHERE id = ?`, shown[0])
	a.enterResult(staff, me.ID, shown[0], "58", "We verhogen de metformine.")
	a.enterResult(staff, me.ID, shown[3], "Geen afwijkingen.", "")
	held := a.resultTest("na_beoordeling", 1, "Kalium", "mmol/l", 3.5, 5)
	a.enterResult(staff, me.ID, held, "5,9", "Geheime toelichting")

	files := a.recordCopy(a.patientClient(1), me.ID)
	for name, data := range files {
		for _, secret := range []string{"Kalium", "Geheime toelichting", "5,9", "5.9"} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s holds %q of a result that waits for review", name, secret)
			}
		}
	}
	csv := string(files["uitslagen.csv"])
	for _, want := range []string{a.T("dossier_kopie.col_test"), "HbA1c;58;mmol/mol;< 53 mmol/mol;" + a.T("uitslagen.high") + ";We verhogen de metformine.",
		"Voetonderzoek;Geen afwijkingen.;;;;"} {
		if !strings.Contains(csv, want) {
			t.Errorf("uitslagen.csv lacks %q:\n%s", want, csv)
		}
	}
	if index := string(files["index.html"]); !strings.Contains(index, "We verhogen de metformine.") || !strings.Contains(index, `href="uitslagen.csv"`) {
		t.Error("the index does not list the results")
	}
	bundle := must(fhir.UnmarshalBundle(files["fhir/bundle.json"]))
	var got []string
	for _, e := range bundle.Entry {
		var kind struct{ ResourceType string }
		if err := json.Unmarshal(e.Resource, &kind); err != nil {
			t.Fatal(err)
		}
		if kind.ResourceType != "Observation" {
			continue
		}
		o := must(fhir.UnmarshalObservation(e.Resource))
		if o.Status != fhir.ObservationStatusFinal || o.EffectiveDateTime == nil || o.Subject == nil {
			t.Errorf("observation %s: status %v, effective %v", *o.Id, o.Status, o.EffectiveDateTime)
		}
		switch {
		case o.ValueQuantity != nil:
			got = append(got, fmt.Sprintf("%s %s %s %s <%s %s %s", *o.Code.Text, *o.Code.Coding[0].Code, *o.ValueQuantity.Value, *o.ValueQuantity.Unit,
				*o.ReferenceRange[0].High.Value, *o.Interpretation[0].Coding[0].Code, o.Note[0].Text))
		case o.ValueString != nil:
			got = append(got, *o.Code.Text+" "+*o.ValueString)
		}
	}
	if want := []string{"HbA1c HBA1C 58 mmol/mol <53 H We verhogen de metformine.", "Voetonderzoek Geen afwijkingen."}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the observations:\n%q\nwant\n%q", got, want)
	}
}

// BenchmarkRecordCopy: the copy of a record with 500 reports and 50 documents (of 1 MB): the time of
// one build, and the process's peak resident memory (VmHWM), which stays flat as the zip streams.
func BenchmarkRecordCopy(b *testing.B) {
	a := newTestApp(b)
	me := a.people[0]
	a.addReports(me.ID, 500)
	for i := range 50 {
		a.addDocument(me.ID, fmt.Sprintf("Document %d", i), 1<<20)
	}
	builder := a.app.RecordCopies()
	ctx := context.Background()
	var size int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if _, err := a.db.Write.Exec(`INSERT INTO record_copies (patient_id, requested_by, requested_at) VALUES (?, ?, ?)`, me.ID, me.ID, a.clock.Now()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if n, err := builder.Round(ctx); err != nil || n != 1 {
			b.Fatalf("round: %d, %v", n, err)
		}
		b.StopTimer()
		var file string
		if err := a.db.Read.QueryRow(`SELECT file, size_bytes FROM record_copies ORDER BY id DESC LIMIT 1`).Scan(&file, &size); err != nil || file == "" {
			b.Fatalf("no copy: %v", err)
		}
		os.Remove(builder.Path(file))
		b.StartTimer()
	}
	b.StopTimer()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(size)/1e6, "zip-MB")
	b.ReportMetric(float64(m.HeapSys)/1e6, "heap-sys-MB")
	b.ReportMetric(float64(peakRSS(b))/1e3, "peak-RSS-MB")
}
