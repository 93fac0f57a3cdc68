package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// submitBench holds the patients of BenchmarkQuestionnaireSubmit in the shared clinic (benchApp), signed
// in once per process and never timed: a.people after those of the other benchmarks.
var submitBench struct {
	once    sync.Once
	clients []*client
	ids     []int64
}

const submitPatients = 200

// openPHQ9s gives each patient n open PHQ-9s in one transaction and returns their paths, per patient.
func (a *testApp) openPHQ9s(tb testing.TB, patients []int64, n int) [][]string {
	def := a.scalar(`SELECT id FROM questionnaire_definitions WHERE key = 'phq-9' AND state = 'offered'`)
	tx, err := a.db.Write.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	paths := make([][]string, len(patients))
	for i, p := range patients {
		for k := range n {
			var assignment, id int64
			at := testStart.Add(-time.Duration(k+1) * time.Minute)
			if err := tx.QueryRow(`INSERT INTO questionnaire_assignments (patient_id, definition_key, assigned_by, assigned_at)
				VALUES (?, 'phq-9', ?, ?) RETURNING id`, p, a.staff["practitioner"].ID, at).Scan(&assignment); err != nil {
				tb.Fatal(err)
			}
			if err := tx.QueryRow(`INSERT INTO questionnaire_responses (assignment_id, patient_id, definition_id, available_at)
				VALUES (?, ?, ?, ?) RETURNING id`, assignment, p, def, at).Scan(&id); err != nil {
				tb.Fatal(err)
			}
			paths[i] = append(paths[i], fmt.Sprintf("/vragenlijsten/%d", id))
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return paths
}

// postAs sends a form as c's page would (same-origin) and returns the status, without failing, so that
// RunParallel's goroutines can use it.
func postAs(c *client, path string, form url.Values) (int, error) {
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.app.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req) // the client does not follow redirects

	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// BenchmarkQuestionnaireSubmit: 200 signed-in patients submit a PHQ-9 at once, each submission checked,
// scored, written with its report and access-log rows in one transaction. ns/op is wall time per
// submission with all patients together.
func BenchmarkQuestionnaireSubmit(b *testing.B) {
	a := benchApp(b)
	b.StopTimer()
	submitBench.once.Do(func() {
		first := benchParallelClients + autosaveClients
		if len(a.people) < first+submitPatients {
			b.Fatalf("only %d patients can sign in", len(a.people))
		}
		transport := http.DefaultTransport.(*http.Transport).Clone() // keep-alive for every patient
		transport.MaxIdleConns, transport.MaxIdleConnsPerHost = 2*submitPatients, 2*submitPatients
		for i := range submitPatients {
			c := a.newClient()
			c.signIn(a.people[first+i].UserName.String)
			c.http.Transport = transport
			submitBench.clients = append(submitBench.clients, c)
			submitBench.ids = append(submitBench.ids, a.people[first+i].ID)
		}
	})
	if len(submitBench.clients) != submitPatients {
		b.Fatal("the patients could not be signed in (see the first run's failure)")
	}
	paths := a.openPHQ9s(b, submitBench.ids, b.N/submitPatients+1)
	form := submitted(phq9Answers("1", "0"))
	var next, failures atomic.Int64
	var taken [submitPatients]atomic.Int64
	b.SetParallelism((submitPatients + 1) / 2)
	b.ResetTimer()
	b.StartTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1)-1) % submitPatients
			k := int(taken[i].Add(1) - 1)
			if status, err := postAs(submitBench.clients[i], paths[i][k], form); err != nil || status != http.StatusSeeOther {
				failures.Add(1)
			}
		}
	})
	b.StopTimer()
	if n := failures.Load(); n > 0 {
		b.Fatalf("%d of %d submissions failed", n, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submissions/s")
}

// BenchmarkQuestionnaireChart: a patient's chart of 100 PHQ-9 scores (SVG and table).
func BenchmarkQuestionnaireChart(b *testing.B) {
	a := newTestApp(b)
	me := a.people[1]
	paths := a.openPHQ9s(b, []int64{me.ID}, 100)
	for k, path := range paths[0] {
		at := testStart.Add(-time.Duration(100-k) * 7 * 24 * time.Hour)
		if _, err := a.db.Write.Exec(`UPDATE questionnaire_responses SET answers = '{}', submitted_at = ?, score_total = ?, band = 'mild'
			WHERE id = ?`, at, k%27, strings.TrimPrefix(path, "/vragenlijsten/")); err != nil {
			b.Fatal(err)
		}
	}
	c := a.patientClient(1)
	if p := c.get("/vragenlijsten/verloop/phq-9"); p.StatusCode != http.StatusOK || p.Doc.Find("tbody tr").Length() != 100 {
		b.Fatalf("status %d, %d rows", p.StatusCode, p.Doc.Find("tbody tr").Length())
	}
	b.ResetTimer()
	for b.Loop() {
		c.get("/vragenlijsten/verloop/phq-9")
	}
}

// BenchmarkQuestionnaireList: a patient with 2,000 submitted PHQ-9s (and an open one): /vragenlijsten
// with its recent ones, counts and chart links, and a page of /vragenlijsten/ingevuld deep in the list.
func BenchmarkQuestionnaireList(b *testing.B) {
	a := newTestApp(b)
	me := a.people[1]
	a.submitResponses(b, me.ID, "phq-9", 2000, func(k int) time.Time { return testStart.Add(-time.Duration(2000-k) * 24 * time.Hour) })
	a.openPHQ9s(b, []int64{me.ID}, 1)
	deep := mustInt(b, a.scalar(`SELECT id FROM questionnaire_responses WHERE patient_id = ? AND submitted_at IS NOT NULL
		ORDER BY submitted_at DESC, id DESC LIMIT 1 OFFSET 1500`, me.ID))
	c := a.patientClient(1)
	for _, bc := range []struct{ name, path, rows string }{
		{"list", "/vragenlijsten", "#klachten .questionnaire-submitted li"},
		{"deep", "/vragenlijsten/ingevuld?na=" + patientCursor(deep), ".questionnaire-submitted li"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if p := c.get(bc.path); p.StatusCode != http.StatusOK || p.Doc.Find(bc.rows).Length() == 0 {
				b.Fatalf("%s: %d, %d rows", bc.path, p.StatusCode, p.Doc.Find(bc.rows).Length())
			}
			b.ResetTimer()
			for b.Loop() {
				c.get(bc.path)
			}
		})
	}
}
