package handlers_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
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

// grantOption changes the authorisation addGrant makes.
type grantOption func(*grantRow)

type grantRow struct{ consent bool }

// withoutChildConsent: a parent's authorisation without the child's consent (for a child of 12 to 16
// it does not count until the child or staff give it).
func withoutChildConsent(g *grantRow) { g.consent = false }

// addGrant gives grantee an authorisation of kind for the patient's portal, opening areas (names
// separated by commas). A parent's has its authority checked and, unless withoutChildConsent, the
// child's consent as staff record it (consentByStaff).
func (a *testApp) addGrant(patient, grantee int64, kind, areas string, opts ...grantOption) int64 {
	a.t.Helper()
	g := grantRow{consent: kind == "parent"}
	for _, o := range opts {
		o(&g)
	}
	checked := ""
	if kind == "parent" {
		checked = "uittreksel gezagsregister"
	}
	var id int64
	if err := a.db.Write.QueryRow(`INSERT INTO authorisations (patient_id, grantee_id, kind, areas, created_at, authority_checked)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, patient, grantee, kind, areas, testStart, checked).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	if g.consent {
		a.consentByStaff(id)
	}
	return id
}

// makeRelative turns demo patient i into a relative: an account without a portal of its own (it keeps
// its password and phone, so that it signs in as any account does).
func (a *testApp) makeRelative(i int) {
	a.t.Helper()
	if _, err := a.db.Write.Exec(`UPDATE users SET role = 'relative', birth_date = NULL, patient_number = NULL WHERE id = ?`, a.people[i].ID); err != nil {
		a.t.Fatal(err)
	}
}

// openPortalOf switches c to the patient's portal and checks that the overview then names them.
func (a *testApp) openPortalOf(c *client, patient int64, name string) {
	a.t.Helper()
	p := c.post("/portalen", url.Values{"portaal": {fmt.Sprint(patient)}})
	wantStatus(a.t, p, http.StatusSeeOther)
	p = c.follow(p)
	wantStatus(a.t, p, http.StatusOK)
	if !strings.Contains(p.Text(".portal-banner"), name) {
		a.t.Fatalf("after switching, the banner says %q, want %q", p.Text(".portal-banner"), name)
	}
}

// wantRowsFor checks that every row of the request of p names actor acting on behalf of patient.
func (a *testApp) wantRowsFor(p *page, actor, patient int64) {
	a.t.Helper()
	for _, r := range a.rowsOf(p) {
		if r.Actor.Int64 != actor || r.Patient.Int64 != patient || r.OnBehalfOf.Int64 != patient {
			a.t.Errorf("%s %s: row %+v, want actor %d about and on behalf of %d", p.Request.Method, p.Request.URL.Path, r, actor, patient)
		}
	}
}

// A relative sees only the areas the patient opened to them: walking the route list, every portal page
// of such an area answers (GET), every other portal route is a 404 logged as denied, and a relative's
// POST is refused outside the conversations. The menu shows only what they may open.
func TestARelativeReachesOnlyTheAreasTheyMayRead(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	patient := a.people[0]
	a.makeRelative(2)
	for _, scope := range []string{"agenda", "dossier,documents", "medicatie,uitslagen,conversations"} {
		if _, err := a.db.Write.Exec(`UPDATE authorisations SET ended_at = ?, end_reason = 'patient' WHERE grantee_id = ? AND ended_at IS NULL`,
			testStart, a.people[2].ID); err != nil {
			t.Fatal(err)
		}
		grant := a.addGrant(patient.ID, a.people[2].ID, "relative", scope)
		rc := a.patientClient(2) // a relative's first portal opens by itself
		in := map[string]bool{"overview": true, "portalen": true}
		for _, s := range strings.Split(scope, ",") {
			in[s] = true
		}
		if in["conversations"] {
			in["messages"], in["econsult"] = true, true
		}
		menu := rc.get("/overzicht").Doc.Find(".sidebar .menu a")
		if menu.Length() == 0 {
			t.Fatalf("%s: no menu", scope)
		}
		menu.Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			if href != "/overzicht" && !strings.Contains(scope, map[string]string{"/afspraken": "agenda", "/dossier": "dossier",
				"/documenten": "documents", "/medicatie": "medicatie", "/uitslagen": "uitslagen", "/berichten": "conversations"}[href]+"") {
				t.Errorf("%s: the menu offers %s", scope, href)
			}
		})
		walked := 0
		for _, r := range a.app.Routes() {
			if !r.Portal() || strings.Contains(r.Path, ":") || strings.Contains(r.Path, "*") || r.Area == "portalen" {
				continue
			}
			before := a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND actor_id = ? AND object_type = 'portal' AND object_id = ?`,
				a.people[2].ID, grant)
			var p *page
			if r.Method == http.MethodGet {
				p = rc.get(r.Path)
			} else {
				p = rc.post(r.Path, url.Values{})
			}
			may := in[r.Area] && (r.Method == http.MethodGet || in["conversations"] && (r.Area == "messages" || r.Area == "econsult"))
			after := a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND actor_id = ? AND object_type = 'portal' AND object_id = ?`,
				a.people[2].ID, grant)
			switch {
			case !may && (p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title")):
				t.Errorf("%s: %s %s: status %d, want 404", scope, r.Method, r.Path, p.StatusCode)
			case !may && after == before:
				t.Errorf("%s: %s %s: the refusal is not logged as denied", scope, r.Method, r.Path)
			case may && r.Method == http.MethodGet && p.StatusCode != http.StatusOK && p.StatusCode != http.StatusSeeOther &&
				p.StatusCode != http.StatusUnprocessableEntity: // a week's page sends to this week; a booking step asks its choices
				t.Errorf("%s: GET %s: status %d, want 200", scope, r.Path, p.StatusCode)
			case may && after != before:
				t.Errorf("%s: %s %s: logged as denied", scope, r.Method, r.Path)
			}
			walked++
		}
		if walked < 30 {
			t.Fatalf("walked only %d portal routes", walked)
		}
	}
}

// A parent's access to a child's portal counts until the day before the 16th birthday; on the birthday
// the next request falls back to the parent's own portal, saying so.
func TestAParentLosesTheChildsPortalOnTheSixteenthBirthday(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	parent, child := a.people[0], a.people[1]
	a.bornOn(child.ID, 2010, time.March, 3)
	a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents")
	a.fixed.Set(time.Date(2026, 3, 2, 22, 50, 0, 0, time.UTC)) // 23:50 in Amsterdam, the day before
	pc := a.patientClient(0)
	a.openPortalOf(pc, child.ID, child.FullName())
	p := pc.get("/dossier")
	wantStatus(t, p, http.StatusOK)
	a.wantRowsFor(p, parent.ID, child.ID)

	a.fixed.Advance(12 * time.Minute) // 00:02 on the birthday, within the session's idle time
	p = pc.get("/dossier")
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/overzicht?melding=portalen.notice_closed" {
		t.Fatalf("on the 16th birthday: status %d to %q", p.StatusCode, p.Header.Get("Location"))
	}
	p = pc.follow(p)
	if p.Text(".notice") != a.T("portalen.notice_closed") || p.Doc.Find(".portal-banner").Length() != 0 {
		t.Fatalf("the fallback does not say so, or still shows the child's portal: %q", p.Text(".notice"))
	}
	a.wantRows(p, parent.ID, "patient", parent.ID)
	// Switching back is refused and logged.
	wantStatus(t, pc.post("/portalen", url.Values{"portaal": {fmt.Sprint(child.ID)}}), http.StatusNotFound)
}

// Switching: the parent's menu says whose portal is open and lists their own and the child's; every read
// and change there is logged on the child's behalf, and a message lands in the child's thread with the
// parent as its sender. Switching back is their own portal again.
func TestAParentSwitchesToTheChildAndActsForThem(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	parent, child := a.people[0], a.people[1]
	a.bornOn(child.ID, 2017, time.June, 1)
	a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,conversations,documents")
	pc := a.patientClient(0)
	p := pc.get("/overzicht")
	if got := p.Text(".sidebar .portal-switch"); !strings.Contains(got, a.T("portalen.viewing_own")) {
		t.Fatalf("the menu's switcher says %q", got)
	}
	p = pc.get("/portalen")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(".portal-list li").Length() != 2 || !strings.Contains(p.Text(".portal-list"), child.FullName()) {
		t.Fatalf("the list of portals: %q", p.Text(".portal-list"))
	}
	a.openPortalOf(pc, child.ID, child.FullName())
	if got := pc.get("/overzicht").Text(".sidebar .portal-switch"); !strings.Contains(got, child.FullName()) {
		t.Fatalf("the menu's switcher says %q", got)
	}
	for _, path := range []string{"/overzicht", "/afspraken", "/dossier", "/berichten"} {
		p := pc.get(path)
		wantStatus(t, p, http.StatusOK)
		a.wantRowsFor(p, parent.ID, child.ID)
	}
	wantStatus(t, pc.get("/dagboek"), http.StatusNotFound)
	p = pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag over Tim"}, "tekst": {"Hij hoest al een week."}})
	wantStatus(t, p, http.StatusSeeOther)
	a.wantRowsFor(p, parent.ID, child.ID)
	thread := threadID(p)
	if got := a.scalar(`SELECT patient_id FROM message_threads WHERE id = ?`, thread); got != fmt.Sprint(child.ID) {
		t.Fatalf("the message's thread is patient %s's, want the child's %d", got, child.ID)
	}
	if got := a.scalar(`SELECT sender_id FROM messages WHERE thread_id = ?`, thread); got != fmt.Sprint(parent.ID) {
		t.Fatalf("the message's sender is %s, want the parent %d", got, parent.ID)
	}
	// Back to their own portal: their own pages, logged as themselves.
	p = pc.post("/portalen", url.Values{"portaal": {"eigen"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = pc.follow(p)
	if p.Doc.Find(".portal-banner").Length() != 0 {
		t.Fatal("the banner stays on the parent's own portal")
	}
	p = pc.get("/dagboek")
	wantStatus(t, p, http.StatusOK)
	a.wantRows(p, parent.ID, "patient", parent.ID)
}

// A parent's draft of a new message in the child's portal is the child's portal's: it does not show in
// the parent's own, and comes back in the child's.
func TestAParentsDraftStaysWithThePortalItWasWrittenIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	parent, child := a.people[0], a.people[1]
	a.bornOn(child.ID, 2017, time.June, 1)
	a.addGrant(child.ID, parent.ID, "parent", "conversations")
	pc := a.patientClient(0)
	a.openPortalOf(pc, child.ID, child.FullName())
	p := pc.post("/concept", url.Values{"soort": {"message"}, "doel": {"nieuw"}, "titel": {"Over Tim"}, "tekst": {"Hij hoest."}, "terug": {"/berichten/nieuw"}})
	wantStatus(t, p, http.StatusSeeOther)
	a.wantRowsFor(p, parent.ID, child.ID)
	if got := pc.get("/berichten/nieuw").Doc.Find("#tekst").Text(); got != "Hij hoest." {
		t.Fatalf("the draft in the child's portal: %q", got)
	}
	wantStatus(t, pc.post("/portalen", url.Values{"portaal": {"eigen"}}), http.StatusSeeOther)
	if got := pc.get("/berichten/nieuw").Doc.Find("#tekst").Text(); got != "" {
		t.Fatalf("the child's draft shows in the parent's own portal: %q", got)
	}
	// A diary draft on someone else's portal is refused: the diary is never theirs to write.
	a.openPortalOf(pc, child.ID, child.FullName())
	wantStatus(t, pc.post("/concept", url.Values{"soort": {"diary"}, "doel": {"nieuw"}, "tekst": {"x"}}), http.StatusNotFound)
}

// What the practitioner hid from parents is not in the dossier of a parent who has the child's portal
// open (through HTTP, the access layer's grant), and stays in the child's own.
func TestAParentDoesNotSeeWhatWasHiddenFromParents(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	parent, child := a.people[0], a.people[1]
	a.bornOn(child.ID, 2012, time.June, 1)
	a.addGrant(child.ID, parent.ID, "parent", "dossier")
	report := a.addReport(testReport{patient: child.ID, title: "Gesprek over school"})
	if _, err := a.db.Write.Exec(`UPDATE reports SET hidden_from_parents = 1 WHERE id = ?`, report); err != nil {
		t.Fatal(err)
	}
	pc := a.patientClient(0)
	a.openPortalOf(pc, child.ID, child.FullName())
	if strings.Contains(pc.get("/dossier").Text("main"), "Gesprek over school") {
		t.Fatal("the parent sees a report hidden from parents")
	}
	wantStatus(t, pc.get(fmt.Sprintf("/dossier/%d", report)), http.StatusNotFound)
	if !strings.Contains(a.patientClient(1).get("/dossier").Text("main"), "Gesprek over school") {
		t.Fatal("the child's own dossier lacks the report")
	}
}

// The overview on someone else's portal reads only what the authorisation opens: a relative without the
// agenda sees no appointment, the request logs none and reads none (one statement fewer than with it).
func TestTheOverviewOfARelativeWithoutTheAgendaReadsNoAppointments(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	a := newTestApp(t, withLog(logs))
	patient := a.people[0]
	a.makeRelative(2)
	grant := a.addGrant(patient.ID, a.people[2].ID, "relative", "agenda,dossier")
	rc := a.patientClient(2)
	p := rc.get("/overzicht")
	wantStatus(t, p, http.StatusOK)
	detail := p.Text(".appointment-detail")
	if detail == "" {
		t.Fatal("with the agenda, the overview shows no appointment")
	}
	withAgenda := statementsOf(t, logs, p)

	if _, err := a.db.Write.Exec(`UPDATE authorisations SET areas = 'dossier' WHERE id = ?`, grant); err != nil {
		t.Fatal(err)
	}
	p = rc.get("/overzicht")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(".appointment").Length() != 0 || strings.Contains(p.Text("main"), detail) ||
		strings.Contains(p.Text("main"), a.T("overview.next_appointments")) {
		t.Fatalf("without the agenda, the overview shows appointments: %q", p.Text("main"))
	}
	for _, r := range a.rowsOf(p) {
		if r.Object != "overview" {
			t.Errorf("without the agenda, the overview logs a row about %q", r.Object)
		}
	}
	if got := statementsOf(t, logs, p); got >= withAgenda {
		t.Fatalf("without the agenda, the overview runs %d statements, with it %d: it still reads the appointments", got, withAgenda)
	}
}

// The menu's switcher follows the authorisations at every request: a parent who is signed in sees the
// child's portal offered as soon as staff add it (no new sign-in), and no longer once staff end it.
func TestTheSwitcherFollowsTheAuthorisationsWhileSignedIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	parent, child := a.people[0], a.people[1]
	a.bornOn(child.ID, 2017, time.June, 1)
	pc := a.patientClient(0)
	switcher := func() string { return pc.get("/overzicht").Text(".sidebar .portal-switch") }
	if got := switcher(); got != "" {
		t.Fatalf("before any authorisation, the menu has a switcher: %q", got)
	}
	staff := a.staffClient("assistant")
	base := fmt.Sprintf("/praktijk/patienten/%d/vertegenwoordigers", child.ID)
	wantStatus(t, staff.post(base, url.Values{"ouder": {fmt.Sprint(parent.ID)}, "hoe": {"Uittreksel gezagsregister ingezien"},
		"gecontroleerd": {"1"}, "gebied-agenda": {"1"}}), http.StatusSeeOther)
	if got := switcher(); !strings.Contains(got, a.T("portalen.viewing_own")) {
		t.Fatalf("after staff added the parent, the menu's switcher says %q", got)
	}
	if p := pc.get("/portalen"); !strings.Contains(p.Text(".portal-list"), child.FullName()) {
		t.Fatalf("the list of portals: %q", p.Text(".portal-list"))
	}
	id := a.scalar(`SELECT id FROM authorisations WHERE patient_id = ? AND grantee_id = ?`, child.ID, parent.ID)
	wantStatus(t, staff.post(base+"/"+id+"/beeindigen", url.Values{"reden": {"Gezag ingetrokken"}}), http.StatusSeeOther)
	if got := switcher(); got != "" {
		t.Fatalf("after staff ended it, the menu's switcher says %q", got)
	}
}
