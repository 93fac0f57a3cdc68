package handlers_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// statementsOf is how many SQL statements the request of p ran, as the request log says (the rows the
// access log writes for it are not among them: its writer commits them apart).
func statementsOf(t *testing.T, logs *logBuffer, p *page) int {
	t.Helper()
	id := p.Header.Get("X-Request-Id")
	m := regexp.MustCompile(`msg=request id=` + regexp.QuoteMeta(id) + ` .*statements=(\d+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no request log line for %s %s (id %s)", p.Request.Method, p.Request.URL.Path, id)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// inboxCursor is the cursor (?na=) of the inbox page after the conversation last written in at, with id id.
func inboxCursor(at time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, `{"t":%q,"i":%d}`, at.Format(time.RFC3339Nano), id))
}

// patientCursor is the cursor (?na= or ?voor=) of the patient list at the patient with id id.
func patientCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString(strconv.AppendInt(nil, id, 10))
}

// A page costs few statements (issue 10): who is asking (session, user and the version of the clinic's
// settings) is one, the settings themselves come from memory, and the page's own content the rest.
func TestPagesRunFewStatements(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	a := newTestApp(t, withLog(logs))
	patient := a.patientClient(0)
	staff := a.staffClient("assistant")
	doctor := a.staffClient("practitioner")
	admin := a.staffClient("admin")
	listed := a.ids(`SELECT id FROM users WHERE role = 'patient' AND active = 1 ORDER BY family_name, given_name, id`)
	first, last := patientCursor(listed[0]), patientCursor(listed[len(listed)-1])
	appointment := a.scalar(`SELECT min(id) FROM appointments WHERE patient_id = ? AND visible_from <= ?`, a.people[0].ID, testStart)
	bookable := a.scalar(`SELECT id FROM appointment_kinds WHERE bookable = 1 AND active = 1 ORDER BY id LIMIT 1`)
	// The patient is a child of 13 whose parent has access: their consents show the parents too.
	a.bornOn(a.people[0].ID, 2013, time.January, 1)
	a.addGrant(a.people[0].ID, a.people[1].ID, "parent", "agenda,dossier,documents")
	// A parent with the child's portal open (the same child, people[0]; the grant has the child's consent).
	a.addGrant(a.people[0].ID, a.people[3].ID, "parent", "agenda,dossier,conversations")
	parent := a.patientClient(3)
	a.openPortalOf(parent, a.people[0].ID, a.people[0].FullName())
	for _, tc := range []struct {
		c      *client
		path   string
		budget int
	}{
		{patient, "/overzicht", 3}, // who, the appointments, the counts (the menu's badge among them)
		// Someone else's portal: who, the authorisation with its patient, then as the patient's own.
		{parent, "/overzicht", 4},
		// The relatives who read along: who, the list, the menu's badge.
		{patient, "/naasten", 3},
		// The agenda's list, a page of earlier ones, a week and an appointment: who, the appointments (with
		// the count of the list, in one statement), the menu's badge.
		{patient, "/afspraken", 3},
		{patient, "/afspraken/eerder", 3},
		{patient, "/afspraken/week/2026-W10", 3},
		{patient, "/afspraken/" + appointment, 3},
		{patient, "/afspraken/instellingen", 3}, // who, the calendar address, the menu's badge
		// The dossier: who, the practice's categories, the page of reports with its count (one statement),
		// their attachments, the menu's badge; a report: who, the report, its read mark the first time,
		// its attachments, the menu's badge.
		{patient, "/dossier", 5},
		{patient, "/dossier?categorie=Brieven&na=" + patientCursor(a.number(`SELECT max(id) FROM reports WHERE patient_id = ?`, a.people[0].ID)), 5},
		{patient, "/dossier/" + a.scalar(`SELECT max(id) FROM reports WHERE patient_id = ?`, a.people[0].ID), 7}, // and the statements added to it, and the akkoord it asks
		// Results: who, the page of results with its count (one statement), the seen mark of the new ones,
		// the menu's badge; a test: who, its results, the seen mark, the menu's badge.
		{patient, "/uitslagen", 4},
		// Questionnaires: who, the list (open and recent submitted ones, with their drafts and counts in the
		// same statement), the questionnaires with scores (the charts' links), the menu's badge; every
		// submitted one: who, the page with its count, the menu's badge; one to fill in: who, the response,
		// the draft, the menu's badge; a submitted one: who, the response, the menu's badge; the chart: who,
		// the scores, the switch, the menu's badge.
		{patient, "/vragenlijsten", 4},
		{patient, "/vragenlijsten/ingevuld", 3},
		{patient, "/vragenlijsten/" + a.scalar(`SELECT min(id) FROM questionnaire_responses WHERE patient_id = ? AND submitted_at IS NULL`, a.people[0].ID), 4},
		{patient, "/vragenlijsten/" + a.scalar(`SELECT max(id) FROM questionnaire_responses WHERE patient_id = ? AND submitted_at IS NOT NULL`, a.people[0].ID), 3},
		{patient, "/vragenlijsten/verloop/phq-9", 4},
		{patient, "/uitslagen/test/" + a.scalar(`SELECT min(test_id) FROM results WHERE patient_id = ? AND visible_from <= ?`, a.people[0].ID, testStart), 4},
		// The copy of my record, and one copy: who, the copies (or the copy), the menu's badge.
		{patient, "/dossier/kopie", 3},
		{patient, "/dossier/kopie/" + fmt.Sprint(a.number(`INSERT INTO record_copies (patient_id, requested_by, requested_at) VALUES (?, ?, ?) RETURNING id`,
			a.people[0].ID, a.people[0].ID, testStart)), 3},
		// Who looked at my data: who, the page of accesses with its count (one statement), the menu's badge.
		{patient, "/dossier/inzage", 3},
		// The share codes: who, the codes, what their viewers read, the menu's badge.
		{patient, "/deelcode", 4},
		// The medication: who, the current and the stopped medicines, the menu's badge.
		{patient, "/medicatie", 4},
		{patient, "/medicatie/gestopt", 3}, // who, the page of stopped medicines with its count, the menu's badge
		// Booking: who, the bookable kinds or (the times) the kind with its practitioners, their hours with
		// the closure days, their absences, extra hours and booked time; the menu's badge.
		{patient, "/afspraken/maken", 3},
		{patient, "/afspraken/maken/tijden?soort=" + bookable, 5},
		// The patient list, whole or searched, from its start or a cursor either way: who, the page of
		// patients with how many there are (one statement), the menu's badges.
		{staff, "/praktijk/patienten", 3},
		{staff, "/praktijk/patienten?na=" + first, 3},
		{staff, "/praktijk/patienten?voor=" + last, 3},
		{staff, "/praktijk/patienten?" + url.Values{"q": {"P0000"}}.Encode(), 3}, // every patient's number
		{staff, "/praktijk/patienten?" + url.Values{"q": {"P0000"}, "na": {first}}.Encode(), 3},
		{staff, "/praktijk/patienten?" + url.Values{"q": {"P0000"}, "voor": {last}}.Encode(), 3},
		// An inbox, from its start or a cursor: who, the page of conversations, the menu's badges.
		{staff, "/praktijk/berichten?lijst=alle&ook=afgehandeld", 3},
		{staff, "/praktijk/berichten?lijst=alle&ook=afgehandeld&na=" + inboxCursor(testStart.Add(time.Hour), 1), 3},
		{staff, "/praktijk/econsulten?lijst=alle", 3},
		// The agenda, a day or a week: who, the practitioners (whose agenda), the appointments, the menu's
		// badges (the agenda's count among them); a practitioner's also their patients' unseen bookings.
		{staff, "/praktijk/agenda", 4},
		{staff, "/praktijk/agenda?week=2026-W10&wie=alle", 4},
		{doctor, "/praktijk/agenda?week=2026-W10", 5},
		// The agenda's settings: who, the kinds, the places, the closure days, the practitioners, the
		// menu's badges.
		{admin, "/praktijk/beheer/agenda", 6},
		// Repeat prescriptions: who, the medication that can be ticked, the pharmacies (the chosen one
		// marked), the page of requests with its count (one statement), the menu's badge.
		{patient, "/herhaalrecepten", 5},
		// The practice's queue, open or with the handled ones: who, the page of requests with the
		// patient's medication and the count (one statement), the menu's badges.
		{staff, "/praktijk/herhaalrecepten?lijst=alle", 3},
		{staff, "/praktijk/herhaalrecepten?lijst=alle&ook=afgehandeld", 3},
		// The access log's search: who, the staff members (the filter's choices), the page of rows with
		// its count (one statement), the menu's badges.
		{admin, "/praktijk/beheer/toegangslog", 4},
		// A child's consents: who, the consents, their history, the parents with access, the menu's badge.
		{patient, "/toestemmingen", 5},
		// What changes soon among the authorisations: who, the page with its count (one statement), the
		// menu's badges.
		{staff, "/praktijk/vertegenwoordigers", 3},
	} {
		tc.c.get(tc.path) // the first request after a change reads the settings
		p := tc.c.get(tc.path)
		wantStatus(t, p, http.StatusOK)
		if n := statementsOf(t, logs, p); n > tc.budget {
			t.Errorf("GET %s ran %d statements, more than %d", tc.path, n, tc.budget)
		}
	}
}
