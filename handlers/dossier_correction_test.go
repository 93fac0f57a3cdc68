package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
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
	id := a.addAkkoordReport(akkoordReport{patient: me.ID, title: "Verslag knieoperatie", published: ago(now, time.Hour)})
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
