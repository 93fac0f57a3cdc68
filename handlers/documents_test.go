package handlers_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/photo"
)

// postDocument sends the upload form as a browser does, the file in the field "bestand".
func (c *client) postDocument(title, name string, data []byte) *page {
	c.t.Helper()
	var files []upload
	if name != "" {
		files = append(files, upload{name, data})
	}
	return c.postMultipart("/documenten", url.Values{"titel": {title}}, "bestand", files...)
}

var testPDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func officeZip(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		f, _ := w.Create(n)
		_, _ = f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadedID is the id of the document titled title in the patient's list.
func uploadedID(t *testing.T, c *client, title string) string {
	t.Helper()
	var id string
	c.get("/documenten").Doc.Find(".entry-list li").Each(func(_ int, li *goquery.Selection) {
		if strings.TrimSpace(li.Find("strong").Text()) == title {
			href, _ := li.Find("a").First().Attr("href")
			id = strings.TrimPrefix(href, "/documenten/")
		}
	})
	if id == "" {
		t.Fatalf("%q is not in the documents list", title)
	}
	return id
}

func TestDocumentUploadAndDownload(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	pc := a.patientClient(0)
	p := pc.get("/documenten")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(".entry-list li").Length() == 0 {
		t.Fatal("the practice's documents are not listed")
	}
	wantStatus(t, pc.get("/documenten/nieuw"), http.StatusOK)

	// Each bad upload says why and keeps the title typed.
	heic := heicFixture(t)
	bad := []struct {
		title, name string
		data        []byte
		sel, want   string
	}{
		{"", "brief.pdf", testPDF, "#titel-error", a.T("documents.title_required")},
		{"Brief", "", nil, "#bestand-error", a.T("documents.file_required")},
		{"Brief <b>x</b>", "setup.exe", []byte("MZ\x90\x00\x03"), "#bestand-error", a.T("documents.not_allowed", "Name", "setup.exe")},
		{"Begroting", "begroting.xlsm", officeZip(t, "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"), "#bestand-error", a.T("documents.macros", "Name", "begroting.xlsm")},
		{"Scan", "scan.pdf", append(append([]byte{}, testPDF...), make([]byte, photo.MaxBytes)...), "#bestand-error", a.T("documents.too_large", "Name", "scan.pdf", "Max", 5)},
		{strings.Repeat("x", 151), "brief.pdf", testPDF, "#titel-error", a.T("error.too_long", "Max", 150, "Count", 151)},
	}
	for _, b := range bad {
		p := pc.postDocument(b.title, b.name, b.data)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := p.Problem(b.sel); got != b.want {
			t.Fatalf("%s: %q, want %q", b.name, got, b.want)
		}
		if v, _ := p.Doc.Find("#titel").Attr("value"); v != b.title {
			t.Fatalf("the title %q was not kept", b.title)
		}
	}
	// A file past the whole request's limit: the form still comes back, naming the limit, title kept.
	p = pc.postDocument("Scan van de röntgenfoto", "scan.pdf", make([]byte, 7*photo.MaxBytes))
	wantStatus(t, p, http.StatusRequestEntityTooLarge)
	if got, want := p.Problem("#bestand-error"), a.T("documents.too_large", "Name", "scan.pdf", "Max", 5); got != want {
		t.Fatalf("too large: %q, want %q", got, want)
	}
	if v, _ := p.Doc.Find("#titel").Attr("value"); v != "Scan van de röntgenfoto" {
		t.Fatal("the title was lost")
	}
	if p.Text("title") == "" || !strings.HasPrefix(p.Text("title"), a.T("form.title_prefix")) ||
		p.Doc.Find(`.error-summary a[href="#bestand"]`).Length() != 1 {
		t.Fatal("no error summary or title prefix")
	}

	// A PDF and an iPhone photo of a letter (stored as JPEG).
	wantStatus(t, pc.postDocument("Brief van het ziekenhuis", "brief.pdf", testPDF), http.StatusSeeOther)
	wantStatus(t, pc.postDocument("Foto van de verwijsbrief", "IMG_0042.HEIC", heic), http.StatusSeeOther)
	wantStatus(t, pc.postDocument("Werkrooster", "rooster.docx", officeZip(t, "[Content_Types].xml", "word/document.xml")), http.StatusSeeOther)
	pdf := uploadedID(t, pc, "Brief van het ziekenhuis")
	d := pc.get("/documenten/" + pdf)
	wantStatus(t, d, http.StatusOK)
	if d.Header.Get("Content-Type") != "application/pdf" || d.Header.Get("Content-Disposition") != `attachment; filename="brief-van-het-ziekenhuis.pdf"` ||
		d.Body != string(testPDF) {
		t.Fatalf("download: %q %q", d.Header.Get("Content-Type"), d.Header.Get("Content-Disposition"))
	}
	jpg := pc.get("/documenten/" + uploadedID(t, pc, "Foto van de verwijsbrief"))
	if jpg.Header.Get("Content-Type") != "image/jpeg" || !strings.HasSuffix(jpg.Header.Get("Content-Disposition"), `.jpg"`) {
		t.Fatalf("the HEIC photo was not kept as JPEG: %q", jpg.Header.Get("Content-Type"))
	}

	// A phone photo keeps no metadata (such as where it was taken).
	plain := testJPEG(t, 200, 100)
	exif := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10}, []byte("Exif\x00\x00GPS-52.09")...)
	withExif := append(exif, plain[2:]...)
	wantStatus(t, pc.postDocument("Foto van mijn pols", "pols.jpg", withExif), http.StatusSeeOther)
	if got := pc.get("/documenten/" + uploadedID(t, pc, "Foto van mijn pols")); strings.Contains(got.Body, "Exif") || strings.Contains(got.Body, "GPS") {
		t.Fatal("the photo kept its metadata")
	}

	// The practice sees and opens it on the patient's page.
	sc := a.staffClient("practitioner")
	staffURL := fmt.Sprintf("/praktijk/patienten/%d/documenten/%s", me.ID, pdf)
	if sc.get(fmt.Sprintf("/praktijk/patienten/%d", me.ID)).Doc.Find(`a[href="`+staffURL+`"]`).Length() != 1 {
		t.Fatal("the upload is not on the patient's page")
	}
	if s := sc.get(staffURL); s.StatusCode != http.StatusOK || s.Body != string(testPDF) {
		t.Fatal("the practice cannot open the upload")
	}
	var reads int
	if err := a.db.Write.QueryRow(`SELECT count(*) FROM access_log WHERE object_type = 'document' AND object_id = ? AND action = 'read' AND patient_id = ?`,
		pdf, me.ID).Scan(&reads); err != nil || reads != 2 {
		t.Fatalf("%d document reads logged, want 2 (%v)", reads, err)
	}

	// Deleting an own upload, after asking.
	p = pc.get("/documenten/" + pdf + "/verwijderen")
	wantStatus(t, p, http.StatusOK)
	wantStatus(t, pc.post("/documenten/"+pdf+"/verwijderen", nil), http.StatusSeeOther)
	wantStatus(t, pc.get("/documenten/"+pdf), http.StatusNotFound)
}

func TestDocumentsAreThePatientsOwn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	owner, other := a.patientClient(0), a.patientClient(1)
	wantStatus(t, owner.postDocument("Brief", "brief.pdf", testPDF), http.StatusSeeOther)
	doc := uploadedID(t, owner, "Brief")
	wantStatus(t, other.get("/documenten/"+doc), http.StatusNotFound)
	wantStatus(t, other.get("/documenten/"+doc+"/verwijderen"), http.StatusNotFound)
	wantStatus(t, other.post("/documenten/"+doc+"/verwijderen", nil), http.StatusNotFound)
	// The practice's URL names the patient: with another patient's id the document is not there.
	sc := a.staffClient("assistant")
	wantStatus(t, sc.get(fmt.Sprintf("/praktijk/patienten/%d/documenten/%s", a.people[1].ID, doc)), http.StatusNotFound)
	// Another patient cannot point a message to it.
	p := other.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {"Zie bijlage"}, "document": {doc}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Text(".error-summary li") != a.T("messages.document_invalid") {
		t.Fatal("a message could point to another patient's document")
	}
	// The practice's own documents cannot be removed by the patient.
	var clinicDoc int64
	if err := a.db.Write.QueryRow("SELECT id FROM documents WHERE patient_id = ? AND uploaded_by <> patient_id LIMIT 1", a.people[0].ID).Scan(&clinicDoc); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, owner.post(fmt.Sprintf("/documenten/%d/verwijderen", clinicDoc), nil), http.StatusNotFound)
}

func TestMessagePointsToADocument(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	pc := a.patientClient(0)
	wantStatus(t, pc.postDocument("Uitslag van de fysiotherapeut", "uitslag.pdf", testPDF), http.StatusSeeOther)
	doc := uploadedID(t, pc, "Uitslag van de fysiotherapeut")
	p := pc.get("/berichten/nieuw")
	if p.Doc.Find(`select[name=document] option[value="`+doc+`"]`).Length() != 1 {
		t.Fatal("the new message form does not offer the upload")
	}
	// The choice is part of the draft.
	wantStatus(t, pc.post("/concept", url.Values{"soort": {"message"}, "doel": {"nieuw"}, "versie": {"1"}, "aan": {"team"},
		"titel": {"Uitslag"}, "tekst": {"Zie het document."}, "document": {doc}, "terug": {"/berichten/nieuw"}}), http.StatusSeeOther)
	if _, ok := pc.get("/berichten/nieuw").Doc.Find(`option[value="` + doc + `"]`).Attr("selected"); !ok {
		t.Fatal("the draft lost the chosen document")
	}
	p = pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Uitslag"}, "tekst": {"Zie het document."}, "document": {doc}})
	wantStatus(t, p, http.StatusSeeOther)
	thread := threadID(p)
	link := pc.follow(p).Doc.Find(".message-document a")
	if href, _ := link.Attr("href"); href != "/documenten/"+doc || link.Text() != "Uitslag van de fysiotherapeut" {
		t.Fatalf("the message does not point to the document: %q", href)
	}
	sc := a.staffClient("practitioner")
	href, _ := sc.get("/praktijk/berichten/" + thread).Doc.Find(".message-document a").Attr("href")
	if href != fmt.Sprintf("/praktijk/patienten/%d/documenten/%s", me.ID, doc) {
		t.Fatalf("the practice's link is %q", href)
	}
	wantStatus(t, sc.get(href), http.StatusOK)
	// Now that the practice has it, the patient cannot take it away.
	p = pc.post("/documenten/"+doc+"/verwijderen", nil)
	wantStatus(t, p, http.StatusConflict)
	if p.Text(".error-summary li") != a.T("documents.delete_linked") {
		t.Fatal("no clear word why the document stays")
	}
	wantStatus(t, pc.get("/documenten/"+doc), http.StatusOK)
}

// A document shows the patient and the practice one date, labelled as the day it was added, with the
// year when that is not this year (the clock stands in March 2026).
func TestDocumentShowsOneLabelledDate(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	var id int64
	var title string
	if err := a.db.Read.QueryRow(`SELECT id, title FROM documents WHERE patient_id = ? AND uploaded_by <> patient_id
		AND published_at IS NOT NULL AND report_id IS NULL ORDER BY id LIMIT 1`, me.ID).Scan(&id, &title); err != nil {
		t.Fatal(err)
	}
	// The practice prepared it 17 days before it was published: it was added to the patient's documents
	// at its publication, and that is the one date both see.
	added := time.Date(2025, 12, 19, 13, 30, 0, 0, time.UTC)
	if _, err := a.db.Write.Exec("UPDATE documents SET created_at = ?, published_at = ? WHERE id = ?",
		added.AddDate(0, 0, -17), added, id); err != nil {
		t.Fatal(err)
	}
	want := a.T("documents.added_on", "When", "vrijdag 19 december 2025, 14:30")
	meta := func(p *page, href string) string {
		t.Helper()
		li := p.Doc.Find(".entry-list li").FilterFunction(func(_ int, s *goquery.Selection) bool {
			h, _ := s.Find("a").First().Attr("href")
			return h == href
		})
		if li.Length() != 1 {
			t.Fatalf("%s is not listed once on %s", href, p.Request.URL.Path)
		}
		return collapse(li.Find(".meta").Text())
	}
	if got := meta(a.patientClient(0).get("/documenten"), fmt.Sprintf("/documenten/%d", id)); !strings.Contains(got, want) {
		t.Errorf("the patient sees %q, want %q in it", got, want)
	}
	staffPage := a.staffClient("assistant").get(fmt.Sprintf("/praktijk/patienten/%d", me.ID))
	if got := meta(staffPage, fmt.Sprintf("/praktijk/patienten/%d/documenten/%d", me.ID, id)); !strings.Contains(got, want) {
		t.Errorf("the practice sees %q, want %q in it", got, want)
	}
}

// A document the practice publishes from a moment on does not exist for the patient before it: not in
// the list, not in the overview's count, not at its address (a 404 logged as denied); from that moment on
// it is there. Fixed clock.
func TestDocumentBeforeItsPublicationExistsNowhere(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	var id int64
	if err := a.db.Read.QueryRow(`SELECT id FROM documents WHERE patient_id = ? AND uploaded_by <> patient_id
		AND published_at IS NOT NULL AND report_id IS NULL ORDER BY id LIMIT 1`, me.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	publishAt := a.fixed.Now().Add(time.Minute) // within the session's idle time
	if _, err := a.db.Write.Exec("UPDATE documents SET published_at = ? WHERE id = ?", publishAt, id); err != nil {
		t.Fatal(err)
	}
	pc := a.patientClient(0)
	href := fmt.Sprintf("/documenten/%d", id)
	listed := func() bool {
		return pc.get("/documenten").Doc.Find(fmt.Sprintf(`.entry-list a[href=%q]`, href)).Length() > 0
	}
	if listed() {
		t.Fatal("the document is listed before its publication")
	}
	wantStatus(t, pc.get(href), http.StatusNotFound)
	if a.scalar("SELECT count(*) FROM access_log WHERE outcome = 'denied' AND object_type = 'document' AND object_id = ?", id) == "0" {
		t.Fatal("the refused address was not logged as denied")
	}

	a.fixed.Set(publishAt)
	if !listed() {
		t.Fatal("the document is not listed at its publication")
	}
	wantStatus(t, pc.get(href), http.StatusOK)
}
