package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func akkoordPath(id int64) string { return fmt.Sprintf("/dossier/%d/akkoord", id) }

// TestReportAkkoordOnceAndFinal: the patient gives their akkoord once, with a log row; a second one
// changes nothing; the practice sees when and by whom; the database refuses to change or remove it.
func TestReportAkkoordOnceAndFinal(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	now := a.clock.Now()
	id := a.addReport(testReport{patient: me.ID, title: "Brief aan de huisarts", published: now.Add(-time.Hour), akkoord: true})

	p := c.get(akkoordPath(id))
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text("main"), a.T("dossier_akkoord.final")) || p.Text("form[action='"+akkoordPath(id)+"'] button") != a.T("dossier_akkoord.confirm") {
		t.Fatalf("the page does not say it is final or lacks the button:\n%s", p.Text("main"))
	}
	p = c.post(akkoordPath(id), nil)
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != akkoordPath(id)+"?melding=dossier_akkoord.notice_given" {
		t.Errorf("after the akkoord, to %q", loc)
	}
	if got := a.scalar(`SELECT count(*) || ' ' || max(version) || ' ' || max(approved_by = ?) || ' ' || max(patient_id = ?) FROM report_approvals WHERE report_id = ?`, me.ID, me.ID, id); got != "1 1 1 1" {
		t.Errorf("stored: %q", got)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'report' AND object_id = ? AND action = 'change' AND actor_id = ?`, id, me.ID); n != "1" {
		t.Errorf("%s change rows in the access log", n)
	}
	p = c.follow(p)
	if !strings.Contains(p.Text("main"), a.T("dossier_akkoord.given_on", "When", a.tr["nl"].DayTime(now))) || p.Doc.Find("main form").Length() != 0 {
		t.Errorf("after the akkoord the page does not say when, or still asks:\n%s", p.Text("main"))
	}
	// Once only: a second post (another tab) changes nothing and says so.
	p = c.post(akkoordPath(id), nil)
	wantStatus(t, p, http.StatusConflict)
	if !strings.Contains(p.Text("main"), a.T("dossier_akkoord.already")) {
		t.Errorf("a second akkoord does not say it was given:\n%s", p.Text("main"))
	}
	if n := a.scalar(`SELECT count(*) FROM report_approvals WHERE report_id = ?`, id); n != "1" {
		t.Errorf("%s approvals", n)
	}
	// Final: the app's own connection cannot change or remove it.
	if _, err := a.db.Write.Exec(`UPDATE report_approvals SET approved_at = ? WHERE report_id = ?`, now.Add(time.Hour), id); err == nil {
		t.Error("the database let an akkoord be changed")
	}
	if _, err := a.db.Write.Exec(`DELETE FROM report_approvals WHERE report_id = ?`, id); err == nil {
		t.Error("the database let an akkoord be removed")
	}
	// The practice sees it on the patient's page.
	sp := a.staffClient("practitioner").get(fmt.Sprintf("/praktijk/patienten/%d", me.ID))
	wantStatus(t, sp, http.StatusOK)
	if got := sp.Text("section[aria-labelledby=akkoord-title]"); !strings.Contains(got, "Brief aan de huisarts") ||
		!strings.Contains(got, a.T("dossier_akkoord.staff_given", "When", a.tr["nl"].DayTime(now), "Name", me.FullName())) {
		t.Errorf("the staff page does not show the akkoord: %q", got)
	}
}

// TestDocumentAkkoord: the same for a document the practice published asking akkoord.
func TestDocumentAkkoord(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	res, err := a.db.Write.Exec(`INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at, published_at, content, approval_requested)
		VALUES (?, ?, 'Behandelplan', 'plan.pdf', 'application/pdf', 3, ?, ?, x'255044', 1)`, me.ID, a.staff["practitioner"].ID, a.clock.Now(), a.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	path := fmt.Sprintf("/documenten/%d/akkoord", id)
	wantStatus(t, c.get(path), http.StatusOK)
	wantStatus(t, c.post(path, nil), http.StatusSeeOther)
	wantStatus(t, c.post(path, nil), http.StatusConflict)
	if n := a.scalar(`SELECT count(*) FROM report_approvals WHERE document_id = ? AND approved_by = ?`, id, me.ID); n != "1" {
		t.Errorf("%s approvals of the document", n)
	}
}

// TestAkkoordAndCorrectionOutsideWhatThePatientSeesIs404: another patient's report, and the patient's
// own that is not shared yet or withdrawn, are 404 on every dossier route, logged as denied.
func TestAkkoordAndCorrectionOutsideWhatThePatientSeesIs404(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	now := a.clock.Now()
	ids := []int64{
		a.addReport(testReport{patient: a.people[1].ID, published: now.Add(-time.Hour), akkoord: true}),
		a.addReport(testReport{patient: me.ID, akkoord: true, unpublished: true}),
		a.addReport(testReport{patient: me.ID, published: now.Add(time.Hour), akkoord: true}),
		a.addReport(testReport{patient: me.ID, published: now.Add(-time.Hour), akkoord: true, withdrawn: true}),
	}
	for _, id := range ids {
		for _, p := range []*page{c.get(akkoordPath(id)), c.post(akkoordPath(id), nil),
			c.get(fmt.Sprintf("/dossier/%d/correctie", id)), c.post(fmt.Sprintf("/dossier/%d/correctie", id), nil)} {
			wantStatus(t, p, http.StatusNotFound)
		}
		if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'report' AND object_id = ? AND outcome = 'denied' AND actor_id = ?`, id, me.ID); n != "4" {
			t.Errorf("report %d: %s refusals logged, want 4", id, n)
		}
	}
	// A report that does not ask akkoord has no akkoord page.
	plain := a.addReport(testReport{patient: me.ID, published: now.Add(-time.Hour)})
	wantStatus(t, c.get(akkoordPath(plain)), http.StatusNotFound)
	if n := a.scalar(`SELECT count(*) FROM report_approvals`); n != "0" {
		t.Errorf("%s approvals written", n)
	}
}
