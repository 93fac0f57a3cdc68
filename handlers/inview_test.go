package handlers_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// logRow is an access-log row as the tests of the patient in view read it.
type logRow struct {
	Actor, Patient, OnBehalfOf sql.NullInt64
	Role, Object               string
}

// rowsOf are the access-log rows the request of p wrote.
func (a *testApp) rowsOf(p *page) []logRow {
	a.t.Helper()
	id := p.Header.Get("X-Request-Id")
	rows, err := a.db.Read.Query(`SELECT actor_id, actor_role, patient_id, on_behalf_of, object_type FROM access_log
		WHERE request_id = ? ORDER BY id`, id)
	if err != nil {
		a.t.Fatal(err)
	}
	defer rows.Close()
	var all []logRow
	for rows.Next() {
		var r logRow
		if err := rows.Scan(&r.Actor, &r.Role, &r.Patient, &r.OnBehalfOf, &r.Object); err != nil {
			a.t.Fatal(err)
		}
		all = append(all, r)
	}
	if len(all) == 0 {
		a.t.Fatalf("%s %s wrote no access-log row", p.Request.Method, p.Request.URL.Path)
	}
	return all
}

// wantRows checks that every row of the request of p names actor (of role) acting for themselves about
// the patient.
func (a *testApp) wantRows(p *page, actor int64, role string, patient int64) {
	a.t.Helper()
	for _, r := range a.rowsOf(p) {
		if r.Actor.Int64 != actor || r.Role != role || r.Patient.Int64 != patient || r.OnBehalfOf.Valid {
			a.t.Errorf("%s %s: row %+v, want actor %d (%s), patient %d, on behalf of nobody", p.Request.Method,
				p.Request.URL.Path, r, actor, role, patient)
		}
	}
}

// On the portal the patient in view is the signed-in patient: every row of their pages and changes names
// them as the one who acted and as the patient, acting for themselves.
func TestPatientPagesLogThePatientAsActorAndPatient(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	for _, path := range []string{"/overzicht", "/profiel", "/berichten", "/dagboek", "/documenten"} {
		p := c.get(path)
		wantStatus(t, p, http.StatusOK)
		a.wantRows(p, me.ID, "patient", me.ID)
	}
	p := c.post("/dagboek", url.Values{"titel": {"Slecht geslapen"}, "datum": {"2026-03-01"}, "tekst": {"Om vier uur wakker"}})
	wantStatus(t, p, http.StatusSeeOther)
	a.wantRows(p, me.ID, "patient", me.ID)
	a.wantRows(c.get("/dagboek/"+diaryEntryID(p)), me.ID, "patient", me.ID)
	// A draft is saved on a route of any account's: it is about the patient whose portal it is too.
	p = c.post("/concept", url.Values{"soort": {"diary"}, "doel": {diaryEntryID(p)}, "titel": {"Slecht geslapen"}, "tekst": {"Om vijf uur"}})
	wantStatus(t, p, http.StatusSeeOther)
	a.wantRows(p, me.ID, "patient", me.ID)
}

// On the practice's pages about one patient the patient in view is the patient of the path: every row
// names that patient, and the staff member as the one who acted.
func TestStaffPagesAboutAPatientLogThePatientAndTheStaffMember(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	patient, staff := a.people[1], a.staff["practitioner"]
	pc := a.patientClient(1)
	wantStatus(t, pc.postDocument("Verwijsbrief", "brief.pdf", testPDF), http.StatusSeeOther)
	doc := uploadedID(t, pc, "Verwijsbrief")
	sc := a.staffClient("practitioner")
	base := fmt.Sprintf("/praktijk/patienten/%d", patient.ID)
	for _, path := range []string{base, base + "/documenten/" + doc} {
		p := sc.get(path)
		wantStatus(t, p, http.StatusOK)
		a.wantRows(p, staff.ID, "practitioner", patient.ID)
	}
	p := sc.post(base+"/ontgrendelen", nil)
	wantStatus(t, p, http.StatusSeeOther)
	a.wantRows(p, staff.ID, "practitioner", patient.ID)
}
