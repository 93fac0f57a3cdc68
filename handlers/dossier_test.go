package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func reportPath(id int64) string { return fmt.Sprintf("/dossier/%d", id) }

// dossierLinks are the reports a dossier page lists, by the address of each one's page.
func dossierLinks(p *page) []string {
	return p.Doc.Find(".dossier-item a[data-dialog]").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("href", "") })
}

// The dossier lists the reports the practice shared with the patient, newest first, each with its date,
// category and subcategory, author and role, its attachments under it and the unread ones marked; not
// what is unshared, shared from a later moment, withdrawn, or another patient's.
func TestDossierListsSharedReportsNewestFirst(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	hidden := []int64{
		a.addReport(testReport{patient: me.ID, title: "Concept", unpublished: true}),
		a.addReport(testReport{patient: me.ID, title: "Morgen gedeeld", published: a.clock.Now().Add(24 * time.Hour)}),
		a.addReport(testReport{patient: me.ID, title: "Ingetrokken", withdrawn: true}),
		a.addReport(testReport{patient: other.ID, title: "Van een ander"}),
	}
	newest := a.addReport(testReport{patient: me.ID, title: "Verwijzing naar de fysiotherapeut", written: a.clock.Now().Add(-time.Hour),
		published: a.clock.Now().Add(-time.Minute)})

	p := a.patientClient(0).get("/dossier")
	wantStatus(t, p, http.StatusOK)
	want := a.ids(`SELECT id FROM reports WHERE patient_id = ? AND published_at <= ? AND withdrawn_at IS NULL
		ORDER BY written_at DESC, id DESC LIMIT 20`, me.ID, testStart)
	links := dossierLinks(p)
	if len(want) < 20 || len(links) != len(want) {
		t.Fatalf("the first page lists %d reports, want %d", len(links), len(want))
	}
	for i, id := range want {
		if links[i] != reportPath(id) {
			t.Errorf("report %d is %s, want %s (newest first)", i, links[i], reportPath(id))
		}
	}
	if links[0] != reportPath(newest) {
		t.Errorf("the newest report is %s, want %s", links[0], reportPath(newest))
	}
	all := strings.Join(links, " ")
	for _, id := range hidden {
		if strings.Contains(all+" ", reportPath(id)+" ") {
			t.Errorf("report %d is listed, but the patient may not see it", id)
		}
	}
	total := a.number(`SELECT count(*) FROM reports WHERE patient_id = ? AND published_at <= ? AND withdrawn_at IS NULL`, me.ID, testStart)
	if got := p.Text(".dossier [role=status]"); got != a.T("dossier.count", "Count", total) {
		t.Errorf("count %q, want %q", got, a.T("dossier.count", "Count", total))
	}
	item := p.Doc.Find(".dossier-item").First()
	meta := collapse(item.Find(".meta").Text())
	for _, w := range []string{"Brieven · Verwijsbrief", a.staff["practitioner"].FullName(), a.T("role.practitioner"),
		a.tr["nl"].DayHeading(a.clock.Now().Add(-time.Hour))} {
		if !strings.Contains(meta, w) {
			t.Errorf("the newest report's details %q lack %q", meta, w)
		}
	}
	// Unread: marked; the demo's reports are all unread, so mark one read.
	if item.Find(".dossier-new").Text() != a.T("dossier.unread") {
		t.Error("an unread report is not marked")
	}
	if _, err := a.db.Write.Exec(`UPDATE reports SET read_at = ? WHERE id = ?`, testStart, want[1]); err != nil {
		t.Fatal(err)
	}
	p = a.patientClient(0).get("/dossier")
	if p.Doc.Find(`.dossier-item:has(a[href="`+reportPath(want[1])+`"]) .dossier-new`).Length() != 0 {
		t.Error("a report the patient read is still marked new")
	}
	// The demo's two letters with an attachment: each listed under its own report, downloadable.
	attached := a.ids(`SELECT d.id FROM documents d JOIN reports r ON r.id = d.report_id WHERE d.patient_id = ? ORDER BY d.id`, me.ID)
	if len(attached) != 2 {
		t.Fatalf("the demo patient has %d attachments, want 2", len(attached))
	}
	c := a.patientClient(0)
	for _, doc := range attached {
		report := a.number(`SELECT report_id FROM documents WHERE id = ?`, doc)
		found := false
		for path := "/dossier"; path != "" && !found; {
			p := c.get(path)
			under := p.Doc.Find(`.dossier-item:has(a[href="` + reportPath(report) + `"]) .dossier-attachments a`)
			found = under.AttrOr("href", "") == fmt.Sprintf("/documenten/%d", doc)
			path = p.Doc.Find(".pager a[rel=next]").AttrOr("href", "")
		}
		if !found {
			t.Errorf("attachment %d is not listed under its report %d", doc, report)
		}
		wantStatus(t, c.get(fmt.Sprintf("/documenten/%d", doc)), http.StatusOK)
	}
}

// A report shared from a moment on is nowhere before it (list, count, overview, its page) and
// everywhere from it.
func TestDossierReportBeforeItsPublicationExistsNowhere(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID, title: "Uitslag", written: a.clock.Now().Add(-time.Hour), published: a.clock.Now().Add(time.Minute)})
	c := a.patientClient(0)
	seen := func() (listed bool, count, tile string, status int) {
		p := c.get("/dossier")
		o := c.get("/overzicht")
		return slices.Contains(dossierLinks(p), reportPath(id)), p.Text(".dossier [role=status]"),
			o.Text(`.tile:has(a[href="/dossier"]) .tile-number`), c.get(reportPath(id)).StatusCode
	}
	listed, count, tile, status := seen()
	if listed || status != http.StatusNotFound {
		t.Fatalf("before its publication the report is listed (%v) or opens (%d)", listed, status)
	}
	a.fixed.Set(a.clock.Now().Add(time.Minute))
	listed2, count2, tile2, status2 := seen()
	if !listed2 || status2 != http.StatusOK || count2 == count || tile2 == tile {
		t.Errorf("at its publication: listed %v, page %d, count %q → %q, overview %q → %q", listed2, status2, count, count2, tile, tile2)
	}
}

// "Categorie" and "Subcategorie" narrow the list (with "Alle" for everything), the search finds a word
// in titles and text, and the list pages by 20 keeping the filters, with a count.
func TestDossierFiltersSearchAndPaging(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	for i := range 25 {
		a.addReport(testReport{patient: me.ID, title: fmt.Sprintf("Verwijsbrief %d", i), category: "Brieven", sub: "Verwijsbrief",
			written: a.clock.Now().Add(-time.Duration(i+1) * time.Hour), published: a.clock.Now().Add(-time.Minute)})
	}
	needle := a.addReport(testReport{patient: me.ID, title: "Voortgang", category: "Behandeling", sub: "Voortgangsverslag",
		body: "Het zwemmen in het Sloterparkbad gaat goed.", written: a.clock.Now().AddDate(0, -3, 0)})
	c := a.patientClient(0)

	p := c.get("/dossier")
	options := p.Doc.Find("select#categorie option").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(options) < 3 || options[0] != a.T("dossier.all") || !slices.Contains(options, "Brieven") {
		t.Fatalf("category choices %v", options)
	}

	count := func(where string, args ...any) int64 {
		return a.number(`SELECT count(*) FROM reports WHERE patient_id = ? AND published_at <= ? AND withdrawn_at IS NULL AND `+where,
			append([]any{me.ID, testStart}, args...)...)
	}
	letters := count(`category = 'Brieven'`)
	p = c.get("/dossier?categorie=Brieven")
	wantStatus(t, p, http.StatusOK)
	if got := p.Text(".dossier [role=status]"); got != a.T("dossier.count", "Count", letters) {
		t.Errorf("Brieven: count %q, want %d", got, letters)
	}
	var seen []string
	for path := "/dossier?categorie=Brieven"; path != ""; {
		p := c.get(path)
		p.Doc.Find(".dossier-item .meta").Each(func(_ int, s *goquery.Selection) {
			if strings.Contains(s.Text(), " · ") && !strings.Contains(s.Text(), "Brieven") {
				t.Errorf("the filter Brieven lists %q", collapse(s.Text()))
			}
		})
		seen = append(seen, dossierLinks(p)...)
		if n := len(dossierLinks(p)); n > 20 {
			t.Errorf("a page of %d reports", n)
		}
		path = p.Doc.Find(".pager a[rel=next]").AttrOr("href", "")
		if path != "" && !strings.Contains(path, "categorie=Brieven") {
			t.Fatalf("the next page %q drops the filter", path)
		}
	}
	if int64(len(seen)) != letters || len(slices.Compact(slices.Clone(seen))) != len(seen) {
		t.Errorf("paging through Brieven showed %d reports (%d distinct), want %d", len(seen), len(slices.Compact(slices.Clone(seen))), letters)
	}
	// Back from the second page: the first again.
	second := c.get(c.get("/dossier?categorie=Brieven").Doc.Find(".pager a[rel=next]").AttrOr("href", ""))
	back := c.get(second.Doc.Find(".pager a[rel=prev]").AttrOr("href", ""))
	if !slices.Equal(dossierLinks(back), seen[:20]) {
		t.Error("the page before the second is not the first")
	}
	// A subcategory; one of another category than the one chosen is dropped.
	p = c.get("/dossier?categorie=Behandeling&subcategorie=Voortgangsverslag")
	if got, want := int64(len(dossierLinks(p))), count(`subcategory = 'Voortgangsverslag'`); got != want || got == 0 {
		t.Errorf("Voortgangsverslag lists %d, want %d", got, want)
	}
	p = c.get("/dossier?categorie=Brieven&subcategorie=Voortgangsverslag")
	if got := p.Doc.Find("select#subcategorie option[selected]").AttrOr("value", "x"); got != "" {
		t.Errorf("a subcategory of another category stays chosen: %q", got)
	}
	// The search: a word of the text, in any case.
	p = c.get("/dossier?" + url.Values{"zoek": {"sloterparkBAD"}}.Encode())
	if links := dossierLinks(p); !slices.Equal(links, []string{reportPath(needle)}) {
		t.Errorf("the search lists %v, want only %s", links, reportPath(needle))
	}
	if p.Doc.Find("input#zoek").AttrOr("value", "") != "sloterparkBAD" {
		t.Error("the search box lost what was typed")
	}
	p = c.get("/dossier?zoek=onvindbaarwoord")
	if len(dossierLinks(p)) != 0 || !strings.Contains(p.Text(".dossier"), a.T("dossier.none_found")) {
		t.Error("a search that finds nothing does not say so")
	}
	// An unreadable cursor shows the first page.
	if p := c.get("/dossier?na=bogus"); len(dossierLinks(p)) != 20 {
		t.Errorf("an unreadable cursor shows %d reports", len(dossierLinks(p)))
	}
}

// A report of another patient's, not shared yet, shared from a later moment or withdrawn is a 404 on its
// page and its PDF, logged as denied.
func TestDossierReportOutsideWhatThePatientSeesIsNotFound(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	c := a.patientClient(0)
	for name, id := range map[string]int64{
		"another patient's": a.addReport(testReport{patient: other.ID}),
		"unpublished":       a.addReport(testReport{patient: me.ID, unpublished: true}),
		"published later":   a.addReport(testReport{patient: me.ID, published: a.clock.Now().Add(time.Hour)}),
		"withdrawn":         a.addReport(testReport{patient: me.ID, withdrawn: true}),
	} {
		for _, path := range []string{reportPath(id), reportPath(id) + "/pdf"} {
			p := c.get(path)
			if p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title") {
				t.Errorf("%s report: %s is %d %q", name, path, p.StatusCode, p.Text("main h1"))
			}
		}
		if n := a.number(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND object_type = 'report' AND object_id = ?`, id); n != 2 {
			t.Errorf("%s report: %d denials logged, want 2", name, n)
		}
		if n := a.number(`SELECT count(*) FROM reports WHERE id = ? AND read_at IS NOT NULL`, id); n != 0 {
			t.Errorf("%s report was marked read", name)
		}
	}
}

// Opening a report shows its text with its formatting and marks it read, once: the first moment stays.
// The list then no longer marks it new. The reading is logged.
func TestDossierReportMarksReadOnFirstOpen(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID, title: "Behandelplan", body: "## Doelen\n\n- beter *slapen*\n- minder **piekeren**\n"})
	c := a.patientClient(0)
	p := c.get(reportPath(id))
	wantStatus(t, p, http.StatusOK)
	if p.Text("main h1") != "Behandelplan" || p.Text(".report-text h2") != "Doelen" ||
		p.Text(".report-text li em") != "slapen" || p.Text(".report-text li strong") != "piekeren" {
		t.Errorf("the report's text is not shown with its formatting: %q", p.Doc.Find(".report-text").Text())
	}
	if p.Doc.Find(`a[href="`+reportPath(id)+`/pdf"]`).Text() != a.T("dossier.download_pdf") {
		t.Error("no link to the PDF")
	}
	readAt := func() string { return a.scalar(`SELECT coalesce(read_at, '') FROM reports WHERE id = ?`, id) }
	first := readAt()
	if first == "" {
		t.Fatal("the report is not marked read")
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'report' AND object_id = ? AND action = 'read' AND outcome = 'ok'
		AND patient_id = ?`, id, me.ID); n != 1 {
		t.Errorf("%d read rows logged, want 1", n)
	}
	a.fixed.Advance(10 * time.Minute)
	wantStatus(t, c.get(reportPath(id)), http.StatusOK)
	if readAt() != first {
		t.Errorf("opening it again moved read_at from %s to %s", first, readAt())
	}
	list := c.get("/dossier")
	if list.Doc.Find(`.dossier-item:has(a[href="`+reportPath(id)+`"]) .dossier-new`).Length() != 0 {
		t.Error("the list still marks the report new")
	}
}

// Raw HTML in a report's text is shown as the text it is, never as markup.
func TestDossierReportEscapesRawHTML(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	id := a.addReport(testReport{patient: a.people[0].ID,
		body: "<script>alert(1)</script>\n\nTekst met <b onclick=\"x()\">vet</b> en <img src=x onerror=alert(2)>."})
	p := a.patientClient(0).get(reportPath(id))
	wantStatus(t, p, http.StatusOK)
	text := p.Doc.Find(".report-text")
	if n := text.Find("script, b, img, [onclick], [onerror]").Length(); n != 0 {
		t.Errorf("the report's raw HTML became %d elements: %s", n, must(text.Html()))
	}
	for _, w := range []string{"<script>alert(1)</script>", `<b onclick="x()">vet</b>`, "<img src=x onerror=alert(2)>"} {
		if !strings.Contains(text.Text(), w) {
			t.Errorf("the text %q does not show %q", text.Text(), w)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Until the practitioner links the dossier (or while the practice's default leaves it unlinked), the
// dossier and the overview say to ask the practitioner, the overview counts nothing of it, and a
// report's id is a 404. Linked, it shows whatever the default.
func TestDossierNotLinkedAsksThePractitioner(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID})
	set := func(query string, args ...any) {
		t.Helper()
		if _, err := a.db.Write.Exec(query, args...); err != nil {
			t.Fatal(err)
		}
	}
	check := func(name string, linked bool) {
		t.Helper()
		c := a.patientClient(0)
		p := c.get("/dossier")
		wantStatus(t, p, http.StatusOK)
		asks := strings.Contains(p.Text(".dossier"), a.T("dossier.not_linked"))
		if asks == linked || (len(dossierLinks(p)) > 0) != linked {
			t.Errorf("%s: the dossier asks %v and lists %d reports", name, asks, len(dossierLinks(p)))
		}
		if got, want := c.get(reportPath(id)).StatusCode, map[bool]int{true: 200, false: 404}[linked]; got != want {
			t.Errorf("%s: the report's page is %d, want %d", name, got, want)
		}
		o := c.get("/overzicht")
		if got := strings.Contains(o.Text("main"), a.T("overview.dossier_not_linked")); got == linked {
			t.Errorf("%s: the overview says the dossier is not linked: %v", name, got)
		}
		tile := o.Doc.Find(`.tile:has(a[href="/dossier"]) .tile-number`).Text()
		if want := a.number(`SELECT count(*) FROM reports WHERE patient_id = ? AND published_at <= ? AND withdrawn_at IS NULL`, me.ID, testStart); !linked {
			want = 0
			if tile != "0" {
				t.Errorf("%s: the overview's record tile shows %q, want 0", name, tile)
			}
		} else if tile != strconv.FormatInt(want, 10) {
			t.Errorf("%s: the overview's record tile shows %q, want %d", name, tile, want)
		}
	}
	check("the demo's default (linked)", true)
	set(`UPDATE users SET dossier_linked = 0 WHERE id = ?`, me.ID)
	check("unlinked by the practitioner", false)
	set(`UPDATE users SET dossier_linked = NULL WHERE id = ?`, me.ID)
	set(`UPDATE clinic_settings SET dossier_linked_default = 0, version = version + 1`)
	check("the practice's default unlinked", false)
	set(`UPDATE users SET dossier_linked = 1 WHERE id = ?`, me.ID)
	check("linked by the practitioner", true)
}

// "Download als PDF" is a real PDF: its text, read back, holds the practice's name, the patient's name
// and birth date, the author, the title and text with Dutch diacritics, and page numbers.
func TestDossierReportPDF(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID, title: "Verslag over de crème en het ziekenhuis",
		body: "# Beoordeling\n\nDe patiënt heeft **geen** klachten meer. Zij is *tevreden* over de café-bezoeken.\n\n1. Eén\n2. Twee\n\n- een punt\n- nog één"})
	p := a.patientClient(0).get(reportPath(id) + "/pdf")
	wantStatus(t, p, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := p.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(p.Body, "%PDF-") {
		t.Fatal("not a PDF")
	}
	got := collapse(pdfText(t, p.Body))
	clinic := a.scalar(`SELECT name FROM clinic_settings`)
	for _, w := range []string{clinic, "Verslag over de crème en het ziekenhuis", me.FullName(), a.tr["nl"].LongDay(me.BirthDate.Time),
		a.staff["practitioner"].FullName(), "Beoordeling", "De patiënt heeft geen klachten meer", "café-bezoeken", "1. Eén", "nog één",
		a.T("dossier.pdf_page", "Page", 1, "Pages", 1)} {
		if !strings.Contains(got, w) {
			t.Errorf("the PDF's text lacks %q:\n%s", w, got)
		}
	}
}

// The search folds case and diacritics alike on both sides: "EEN" finds "Één", "arztin" finds
// "Ärztin", "CAFÉ" finds "café" and the other way round, in titles and text.
func TestDossierSearchFoldsCaseAndDiacritics(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	one := a.addReport(testReport{patient: me.ID, title: "Één-op-één gesprek"})
	doctor := a.addReport(testReport{patient: me.ID, body: "Brief van de Ärztin uit Düsseldorf."})
	cafe := a.addReport(testReport{patient: me.ID, title: "Afspraak", body: "We spraken af in CAFÉ de Zwaan."})
	c := a.patientClient(0)
	for query, want := range map[string]int64{
		"EEN-OP-EEN": one, "één-op-één": one, "ÉÉN-op-Één": one,
		"arztin": doctor, "ÄRZTIN": doctor, "düsseldorf": doctor, "DUSSELDORF": doctor,
		"café de zwaan": cafe, "cafe de zwaan": cafe, "CAFÉ DE ZWAAN": cafe,
	} {
		p := c.get("/dossier?" + url.Values{"zoek": {query}}.Encode())
		if links := dossierLinks(p); !slices.Equal(links, []string{reportPath(want)}) {
			t.Errorf("%q lists %v, want only %s", query, links, reportPath(want))
		}
	}
	// A corrected version is found by its new words.
	k := a.number(`INSERT INTO report_corrections (report_id, patient_id, kind, text, asked_at, due_at) VALUES (?, ?, 'correction', 'Niet Keulen', ?, ?) RETURNING id`,
		doctor, me.ID, a.clock.Now(), a.clock.Now().AddDate(0, 1, 0))
	wantStatus(t, a.staffClient("practitioner").post(fmt.Sprintf("/praktijk/dossier/correcties/%d/corrigeren", k),
		url.Values{"titel": {"Brief"}, "tekst": {"Brief van de Ärztin uit Köln."}}), http.StatusSeeOther)
	if links := dossierLinks(c.get("/dossier?zoek=KOLN")); len(links) != 1 || links[0] == reportPath(doctor) {
		t.Errorf("the corrected version is not found by its words: %v", links)
	}
	// So is a report the practice writes through its form.
	a.staffClient("practitioner").writeReport(me.ID, a.reportForm("Gesprek met Zoë Çelik", "publiceren"))
	if links := dossierLinks(c.get("/dossier?zoek=ZOE+CELIK")); len(links) != 1 {
		t.Errorf("a report written through the form is not found: %v", links)
	}
}

// BenchmarkDossierList: a patient with 2,000 reports opens their dossier (the first page, with the
// count that stops at 1,001), a page deep in it, and one category.
func BenchmarkDossierList(b *testing.B) {
	a := newTestApp(b)
	a.addReports(a.people[0].ID, 2000)
	c := a.patientClient(0)
	deep := a.number(`SELECT id FROM reports WHERE patient_id = ? ORDER BY written_at LIMIT 1 OFFSET 100`, a.people[0].ID)
	for name, path := range map[string]string{
		"first":    "/dossier",
		"deep":     "/dossier?na=" + patientCursor(deep),
		"category": "/dossier?categorie=Behandeling",
		"search":   "/dossier?zoek=slapen",
	} {
		b.Run(name, func(b *testing.B) {
			if p := c.get(path); len(dossierLinks(p)) != dossierPerPage {
				b.Fatalf("GET %s lists %d reports", path, len(dossierLinks(p)))
			}
			benchGet(b, c, path)
		})
	}
}

// dossierPerPage is the dossier's page size (handlers/dossier.go).
const dossierPerPage = 20

// BenchmarkReportPDF: the PDF of a report of ten pages, with headings, lists and emphasis.
func BenchmarkReportPDF(b *testing.B) {
	a := newTestApp(b)
	var body strings.Builder
	for i := range 40 {
		fmt.Fprintf(&body, "## Deel %d\n\nDe patiënt vertelt over de week: het *slapen* gaat beter, het **piekeren** minder. "+
			"Zij heeft de oefeningen gedaan en is één keer naar het café geweest. %s\n\n- een punt\n- nog één punt\n\n",
			i+1, strings.Repeat("Dit is een gewone zin uit het verslag. ", 12))
	}
	id := a.addReport(testReport{patient: a.people[0].ID, body: body.String()})
	c := a.patientClient(0)
	path := reportPath(id) + "/pdf"
	p := c.get(path)
	wantStatus(b, p, http.StatusOK)
	if pages := pdfPages(b, p.Body); pages < 10 {
		b.Fatalf("the PDF has %d pages, want at least 10", pages)
	}
	b.ResetTimer()
	for range b.N {
		if err := fetch(c, path); err != nil {
			b.Fatal(err)
		}
	}
}

// pdfPages counts a PDF's pages.
func pdfPages(tb testing.TB, pdf string) int { return strings.Count(pdfText(tb, pdf), "\f") }

// pdfText is the text of a PDF as pdftotext reads it, a form feed after each page (.ci/run installs
// poppler-utils; without it the test is skipped).
func pdfText(tb testing.TB, pdf string) string {
	tb.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		tb.Skip("pdftotext (poppler-utils) is not installed")
	}
	file := filepath.Join(tb.TempDir(), "verslag.pdf")
	if err := os.WriteFile(file, []byte(pdf), 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// A report's attachment follows its report for the patient: it shows under the report and not under
// "Documenten", and it opens only while the report does. Withdrawn, not yet published or with the
// dossier unlinked, it is a 404 even where its own date says it is shared.
func TestDossierAttachmentFollowsItsReport(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	now := a.clock.Now()
	attach := func(report int64, title string) string {
		t.Helper()
		return fmt.Sprint(a.number(`INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at,
			published_at, content, report_id) VALUES (?, ?, ?, 'bijlage.pdf', 'application/pdf', ?, ?, ?, ?, ?) RETURNING id`,
			me.ID, a.staff["practitioner"].ID, title, len(testPDF), now.Add(-48*time.Hour), now.Add(-24*time.Hour), testPDF, report))
	}
	shown := a.addReport(testReport{patient: me.ID, title: "Met bijlage"})
	doc := attach(shown, "Röntgenfoto")
	if docs := c.get("/documenten"); docs.Doc.Find(`a[href="/documenten/`+doc+`"]`).Length() != 0 || strings.Contains(docs.Text("main"), "Röntgenfoto") {
		t.Error("the attachment is listed under Documenten")
	}
	if c.get("/dossier").Doc.Find(`.dossier-item:has(a[href="`+reportPath(shown)+`"]) .dossier-attachments a[href="/documenten/`+doc+`"]`).Length() != 1 {
		t.Error("the attachment is not under its report")
	}
	wantStatus(t, c.get("/documenten/"+doc), http.StatusOK)

	for name, r := range map[string]testReport{
		"withdrawn":          {patient: me.ID, withdrawn: true, published: now.Add(-24 * time.Hour)},
		"not yet published":  {patient: me.ID, published: now.Add(time.Hour)},
		"not published ever": {patient: me.ID, unpublished: true},
	} {
		doc := attach(a.addReport(r), "Bijlage")
		wantStatus(t, c.get("/documenten/"+doc), http.StatusNotFound)
		if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'document' AND object_id = ? AND outcome = 'denied'`, doc); n != 1 {
			t.Errorf("%s: %d denied rows, want 1", name, n)
		}
	}
	if _, err := a.db.Write.Exec(`UPDATE users SET dossier_linked = 0 WHERE id = ?`, me.ID); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.get("/documenten/"+doc), http.StatusNotFound)
}
