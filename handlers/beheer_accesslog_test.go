package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"balie/internal/accesslog"
)

// The administrator finds a patient's rows by patient number, narrows them to one staff member, and
// pages through them; other patients' rows stay out.
func TestAdminSearchesTheAccessLog(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	assistant, doctor := a.staff["assistant"], a.staff["practitioner"]
	var entries []accesslog.Entry
	for i := range 40 {
		for _, who := range []struct {
			id      int64
			role    string
			patient int64
		}{{assistant.ID, "assistant", me.ID}, {doctor.ID, "practitioner", me.ID}, {assistant.ID, "assistant", other.ID}} {
			entries = append(entries, accesslog.Entry{At: testStart.Add(-time.Duration(i) * time.Hour), ActorID: who.id, ActorRole: who.role,
				PatientID: who.patient, ObjectType: "patient", ObjectID: who.patient, Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK})
		}
	}
	a.logRows(entries...)
	admin := a.staffClient("admin")
	search := url.Values{"patient": {me.PatientNumber.String}, "medewerker": {fmt.Sprint(assistant.ID)}}
	p := admin.get("/praktijk/beheer/toegangslog?" + search.Encode())
	wantStatus(t, p, http.StatusOK)
	want := a.ids(`SELECT id FROM access_log WHERE patient_id = ? AND actor_id = ? ORDER BY at DESC, id DESC`, me.ID, assistant.ID)
	var got []int64
	for {
		got = append(got, accessIDs(p)...)
		next, ok := p.Doc.Find(`a[rel=next]`).Attr("href")
		if !ok {
			break
		}
		p = admin.get(next)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	if name := p.Text(".access-patient"); !strings.Contains(name, me.FamilyName) {
		t.Errorf("the patient is named %q", name)
	}
	// One staff member, every patient: forward through the pages and back again, in the log's order.
	staffOnly := "/praktijk/beheer/toegangslog?" + url.Values{"medewerker": {fmt.Sprint(assistant.ID)}}.Encode()
	want = a.ids(`SELECT id FROM access_log WHERE actor_id = ? ORDER BY at DESC, id DESC`, assistant.ID)
	if got, back := walkAccessPages(admin, staffOnly); fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(back) != fmt.Sprint(want) {
		t.Errorf("the staff member's rows: forward %v, back %v, want %v", got, back, want)
	}
	// A name that fits no one comes back at its field, as typed.
	p = admin.get("/praktijk/beheer/toegangslog?patient=Qxyzzy")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#patient-error"); got != a.T("beheer_accesslog.patient_none") {
		t.Errorf("patient: %q", got)
	}
	// Only administrators search the log.
	if p := a.staffClient("practitioner").get("/praktijk/beheer/toegangslog"); p.StatusCode == http.StatusOK {
		t.Errorf("a practitioner got the log: %d", p.StatusCode)
	}
}

// walkAccessPages follows the log's pages from path to the last and back to the first, and returns the
// rows each way in the list's order.
func walkAccessPages(c *client, path string) (forward, back []int64) {
	p := c.get(path)
	for {
		forward = append(forward, accessIDs(p)...)
		next, ok := p.Doc.Find(`a[rel=next]`).Attr("href")
		if !ok {
			break
		}
		p = c.get(next)
	}
	for {
		back = append(accessIDs(p), back...)
		prev, ok := p.Doc.Find(`a[rel=prev]`).Attr("href")
		if !ok {
			return forward, back
		}
		p = c.get(prev)
	}
}

// The administrator's search in a log of 100,000 rows, where the patient and the staff member searched
// for have 20 rows each, spread over the whole log: the first page by patient, by staff member, by both,
// and of everyone:
//
//	go test ./handlers -run XXX -bench AccessLogSearch
func BenchmarkAccessLogSearch(b *testing.B) {
	a := newTestApp(b)
	rare, common := a.people[0], a.people[1]
	doctor, assistant := a.staff["practitioner"], a.staff["assistant"]
	const rows, few = 100000, 20
	for start := 0; start < rows; start += 5000 {
		var entries []accesslog.Entry
		for i := start; i < start+5000; i++ {
			e := accesslog.Entry{At: testStart.Add(-time.Duration(i) * time.Minute), ActorID: assistant.ID, ActorRole: "assistant",
				PatientID: common.ID, ObjectType: "patient", ObjectID: common.ID, Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK}
			switch i % (rows / few) {
			case 1: // the rare patient, read by the assistant
				e.PatientID, e.ObjectID = rare.ID, rare.ID
			case 2: // the rare staff member, reading the common patient
				e.ActorID, e.ActorRole = doctor.ID, "practitioner"
			}
			entries = append(entries, e)
		}
		a.logRows(entries...)
	}
	admin := a.staffClient("admin")
	for _, bc := range []struct {
		name  string
		query url.Values
		least int // rows on the first page: the test app's own rows come on top of the few
	}{
		{"patient", url.Values{"patient": {rare.PatientNumber.String}}, few},
		{"staff", url.Values{"medewerker": {fmt.Sprint(doctor.ID)}}, few},
		{"both", url.Values{"patient": {rare.PatientNumber.String}, "medewerker": {fmt.Sprint(assistant.ID)}}, few},
		{"everyone", url.Values{}, 25},
	} {
		path := "/praktijk/beheer/toegangslog?" + bc.query.Encode()
		b.Run(bc.name, func(b *testing.B) {
			if p := admin.get(path); p.StatusCode != http.StatusOK || len(accessIDs(p)) < bc.least {
				b.Fatalf("%s: %d, %d rows", path, p.StatusCode, len(accessIDs(p)))
			}
			b.ResetTimer()
			for range b.N {
				admin.get(path)
			}
		})
	}
}
