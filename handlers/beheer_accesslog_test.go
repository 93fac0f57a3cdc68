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
