package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestCorrectionBothOutcomes: the patient asks a correction (a bad form keeps what they typed), gets a
// mail without the report's title, the practice sees it in its queue and answers with a new version
// (both versions kept); a second request is answered by adding the patient's statement.
func TestCorrectionBothOutcomes(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	staff := a.staffClient("practitioner")
	now := a.clock.Now()
	id := a.addReport(testReport{patient: me.ID, title: "Verslag knieoperatie", published: now.Add(-time.Hour)})
	path := fmt.Sprintf("/dossier/%d/correctie", id)

	p := c.post(path, url.Values{"soort": {"correction"}, "toelichting": {"  "}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#toelichting-error") != a.T("dossier_correction.text_required") || p.Doc.Find("input[name=soort][value=correction][checked]").Length() != 1 {
		t.Errorf("an empty text: problem %q, choice kept %d", p.Problem("#toelichting-error"), p.Doc.Find("input[name=soort][value=correction][checked]").Length())
	}
	p = c.post(path, url.Values{"soort": {"correction"}, "toelichting": {"De linkerknie, niet de rechter."}})
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if !strings.Contains(p.Text("main"), a.T("dossier_correction.open", "Asked", a.tr["nl"].ShortDay(now), "Due", a.tr["nl"].ShortDay(now.AddDate(0, 1, 0)))) {
		t.Errorf("the page does not say the request is open:\n%s", p.Text("main"))
	}
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) != 1 || strings.Contains(mails[0].Text, "knie") || strings.Contains(mails[0].Subject, "knie") {
		t.Fatalf("%d mails, or the mail tells the report: %+v", len(mails), mails)
	}

	q := staff.get("/praktijk/dossier/correcties")
	wantStatus(t, q, http.StatusOK)
	link := q.Doc.Find("ul.corrections a").First()
	if !strings.Contains(link.Text(), "Verslag knieoperatie") {
		t.Fatalf("the queue does not list the request:\n%s", q.Text("main"))
	}
	href, _ := link.Attr("href")
	wantStatus(t, staff.get(href), http.StatusOK)
	r := staff.post(href+"/corrigeren", url.Values{"titel": {"Verslag knieoperatie links"}, "tekst": {"Operatie aan de linkerknie."}})
	wantStatus(t, r, http.StatusSeeOther)
	if got := a.scalar(`SELECT n.version || ' ' || (o.superseded_by = n.id) || ' ' || n.title || ' ' || (n.published_at IS NOT NULL) FROM reports o JOIN reports n ON n.id = o.superseded_by WHERE o.id = ?`, id); got != "2 1 Verslag knieoperatie links 1" {
		t.Errorf("the new version: %q", got)
	}
	if got := a.scalar(`SELECT outcome || ' ' || (new_report_id IS NOT NULL) FROM report_corrections WHERE report_id = ?`, id); got != "corrected 1" {
		t.Errorf("the request: %q", got)
	}
	wantStatus(t, staff.post(href+"/verklaring", nil), http.StatusConflict)
	// The old version is replaced: no new request on it; the new one takes one.
	wantStatus(t, c.get(path), http.StatusNotFound)
	newID := a.scalar(`SELECT superseded_by FROM reports WHERE id = ?`, id)
	wantStatus(t, c.post("/dossier/"+newID+"/correctie", url.Values{"soort": {"statement"}, "toelichting": {"Ik ben het niet eens met het advies."}}), http.StatusSeeOther)
	k := a.scalar(`SELECT id FROM report_corrections WHERE report_id = ?`, newID)
	wantStatus(t, staff.post("/praktijk/dossier/correcties/"+k+"/verklaring", nil), http.StatusSeeOther)
	if got := a.scalar(`SELECT outcome || ' ' || text FROM report_corrections WHERE id = ?`, k); got != "statement_added Ik ben het niet eens met het advies." {
		t.Errorf("the statement: %q", got)
	}
	if n := a.scalar(`SELECT count(*) FROM reports WHERE patient_id = ? AND title LIKE 'Verslag knie%'`, me.ID); n != "2" {
		t.Errorf("%s versions kept", n)
	}
	a.deliver()
	for _, m := range a.smtp.To(me.Email) {
		if strings.Contains(m.Text, "knie") || strings.Contains(m.Text, "advies") {
			t.Errorf("a mail tells the content:\n%s", m.Text)
		}
	}
	if n := len(a.smtp.To(me.Email)); n != 4 {
		t.Errorf("%d mails to the patient, want 4 (two received, two answered)", n)
	}
	if q := staff.get("/praktijk/dossier/correcties"); !strings.Contains(q.Text("main"), a.T("dossier_correction.queue_none")) {
		t.Errorf("the queue is not empty:\n%s", q.Text("main"))
	}
}

// A corrected report stays in the patient's list at its own date, marked as replaced with a link to the
// new version, which says it is the corrected one; the old one's page says the same and takes no new
// request. While the new version is not to be seen (withdrawn), the old one links nowhere.
func TestCorrectedReportIsMarkedAndLinksToTheNewVersion(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	old := a.addReport(testReport{patient: me.ID, title: "Verslag knieoperatie"})
	wantStatus(t, c.post(reportPath(old)+"/correctie", url.Values{"soort": {"correction"}, "toelichting": {"De linkerknie."}}), http.StatusSeeOther)
	k := a.scalar(`SELECT id FROM report_corrections WHERE report_id = ?`, old)
	wantStatus(t, a.staffClient("practitioner").post("/praktijk/dossier/correcties/"+k+"/corrigeren",
		url.Values{"titel": {"Verslag knieoperatie links"}, "tekst": {"Operatie aan de linkerknie."}}), http.StatusSeeOther)
	newer, _ := strconv.ParseInt(a.scalar(`SELECT superseded_by FROM reports WHERE id = ?`, old), 10, 64)

	list := c.get("/dossier")
	if got := dossierLinks(list); !slices.Contains(got, reportPath(old)) || !slices.Contains(got, reportPath(newer)) {
		t.Fatalf("listed %v, want both versions", got)
	}
	item := func(p *page, id int64) *goquery.Selection {
		return p.Doc.Find(".dossier-item").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find("a[data-dialog]").AttrOr("href", "") == reportPath(id)
		})
	}
	wantVersion := func(where string, s *goquery.Selection, mark string, link string) {
		t.Helper()
		if got := strings.TrimSpace(s.Find(".report-version .dossier-mark").Text()); got != mark {
			t.Errorf("%s: mark %q, want %q", where, got, mark)
		}
		if got := s.Find(".report-version a").AttrOr("href", ""); got != link {
			t.Errorf("%s: link %q, want %q", where, got, link)
		}
	}
	wantVersion("the old one in the list", item(list, old), a.T("dossier.superseded"), reportPath(newer))
	wantVersion("the new one in the list", item(list, newer), a.T("dossier.corrected"), "")
	if got := item(list, old).Find(".report-version a").Text(); got != a.T("dossier.to_newer") {
		t.Errorf("the link says %q", got)
	}

	oldPage := c.get(reportPath(old))
	wantStatus(t, oldPage, http.StatusOK)
	wantVersion("the old one's page", oldPage.Doc.Find("article"), a.T("dossier.superseded"), reportPath(newer))
	if oldPage.Doc.Find(`a[href$="/correctie"]`).Length() != 0 {
		t.Error("the old version offers a correction request")
	}
	newPage := c.get(reportPath(newer))
	wantVersion("the new one's page", newPage.Doc.Find("article"), a.T("dossier.corrected"), "")
	if newPage.Doc.Find(`a[href="`+reportPath(newer)+`/correctie"]`).Length() != 1 {
		t.Error("the new version offers no correction request")
	}
	// A report never corrected says nothing of versions.
	plain := a.addReport(testReport{patient: me.ID, title: "Gewoon verslag"})
	if n := c.get(reportPath(plain)).Doc.Find(".report-version").Length(); n != 0 {
		t.Errorf("an uncorrected report shows %d version lines", n)
	}

	if _, err := a.db.Write.Exec(`UPDATE reports SET withdrawn_at = ? WHERE id = ?`, a.clock.Now(), newer); err != nil {
		t.Fatal(err)
	}
	wantVersion("the old one while the new one is withdrawn", c.get(reportPath(old)).Doc.Find("article"), a.T("dossier.superseded"), "")
}
