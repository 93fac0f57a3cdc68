package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDossierSummaryExactlyOnce: one mail counts what became visible since the last one, without a title,
// only once; a daily patient gets the next one a day later; "never" gets none.
func TestDossierSummaryExactlyOnce(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	now := a.clock.Now()
	for _, p := range []int64{me.ID, other.ID} {
		if _, err := a.db.Write.Exec(`INSERT INTO dossier_summaries (patient_id, sent_at) VALUES (?, ?)`, p, now.Add(-48*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	a.addReport(testReport{patient: me.ID, title: "Uitslag bloedonderzoek", body: "Geheime inhoud van het verslag", published: now.Add(-time.Hour)})
	a.addReport(testReport{patient: me.ID, title: "Verwijsbrief", published: now.Add(-2 * time.Hour)})
	a.addReport(testReport{patient: me.ID, title: "Ingetrokken", published: now.Add(-time.Hour), withdrawn: true})
	a.addReport(testReport{patient: me.ID, title: "Later", published: now.Add(time.Hour)})
	a.addReport(testReport{patient: me.ID, title: "Concept", unpublished: true})
	if _, err := a.db.Write.Exec(`INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at, published_at, content)
		VALUES (?, ?, 'Folder', 'folder.pdf', 'application/pdf', 3, ?, ?, x'255044')`, me.ID, a.staff["practitioner"].ID, now, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	a.addReport(testReport{patient: other.ID, title: "Van de ander", published: now.Add(-time.Hour)})
	wantStatus(t, a.patientClient(1).post("/dossier/instellingen", url.Values{"melding": {"never"}}), http.StatusSeeOther)

	s := a.app.Summaries()
	ctx := context.Background()
	for range 2 {
		if _, err := s.Queue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) != 1 {
		t.Fatalf("%d summary mails, want 1", len(mails))
	}
	want := a.T("dossier_summary.and", "First", a.T("dossier_summary.reports", "Count", 2), "Second", a.T("dossier_summary.documents_one"))
	if !strings.Contains(mails[0].Text, want) {
		t.Errorf("the mail does not say %q:\n%s", want, mails[0].Text)
	}
	for _, title := range []string{"Uitslag", "Verwijsbrief", "Folder", "Geheime inhoud"} {
		if strings.Contains(mails[0].Text, title) || strings.Contains(mails[0].Subject, title) {
			t.Errorf("the mail tells %q", title)
		}
	}
	if n := len(a.smtp.To(other.Email)); n != 0 {
		t.Errorf("%d mails to a patient who chose never", n)
	}

	// Published an hour on: daily waits for the day to pass, then counts only that one.
	a.fixed.Set(now.Add(2 * time.Hour))
	a.addReport(testReport{patient: me.ID, title: "Nieuw", published: now.Add(90 * time.Minute)})
	if _, err := s.Queue(ctx); err != nil {
		t.Fatal(err)
	}
	a.fixed.Set(now.Add(24 * time.Hour))
	if _, err := s.Queue(ctx); err != nil {
		t.Fatal(err)
	}
	a.deliver()
	mails = a.smtp.To(me.Email)
	// the report published for later is counted now that it shows, once
	if len(mails) != 2 || !strings.Contains(mails[1].Text, a.T("dossier_summary.reports", "Count", 2)) {
		t.Fatalf("%d mails; the second should count two reports:\n%s", len(mails), mails[len(mails)-1].Text)
	}
}
