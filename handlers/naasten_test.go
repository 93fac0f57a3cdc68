package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"balie/internal/demo"
)

// relativeForm is the invitation form as a patient fills it in.
func relativeForm(given, family, email, mobile, until string, areas ...string) url.Values {
	f := url.Values{"voornaam": {given}, "achternaam": {family}, "email": {email}, "mobiel": {mobile}, "tot": {until}}
	for _, a := range areas {
		f.Set("gebied-"+a, "1")
	}
	return f
}

// consentToReadingAlong is the patient's newest consent event of "Mijn naasten mogen met mij meelezen".
func (a *testApp) consentToReadingAlong(patient int64) string {
	return a.scalar(`SELECT coalesce((SELECT given FROM consent_events WHERE patient_id = ? AND kind_id = (SELECT id FROM consent_kinds WHERE key = 'relatives') ORDER BY id DESC LIMIT 1), -1)`, patient)
}

// The patient invites a new relative and an existing account, each with chosen areas; the consent
// follows; the invitation names nothing of the patient; the relative reads only those areas; the
// patient changes and ends it, which takes effect on the relative's next request.
func TestAPatientInvitesRelativesWhoReadAlongUntilStopped(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[1], a.people[2] // no one reads along with them yet (Anna de Vries has her partner)
	pc := a.patientClient(1)
	p := pc.get("/naasten")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text("main"), a.T("naasten.none")) {
		t.Fatal("the empty list does not say so")
	}
	// Every problem at its field, everything typed kept.
	p = pc.post("/naasten", relativeForm("", "de Vries", "geen-adres", "12", "2026-03-01"))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for field, key := range map[string]string{"voornaam": "naasten.error_given", "email": "naasten.error_email", "mobiel": "naasten.error_mobile",
		"gebied-agenda": "naasten.error_areas", "tot": "naasten.error_date_past"} {
		if got := p.Problem("#" + field + "-error"); got != a.T(key) {
			t.Errorf("%s: %q, want %q", field, got, a.T(key))
		}
	}
	if p.Doc.Find("#achternaam").AttrOr("value", "") != "de Vries" || p.Doc.Find("#email").AttrOr("value", "") != "geen-adres" {
		t.Fatal("the form lost what was typed")
	}
	p = pc.post("/naasten", relativeForm("Mark", "Jansen", "mark.jansen@voorbeeld.example", "06 1234 5678", "2026-06-30", "agenda", "medicatie"))
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != "/naasten?melding=naasten.notice_invited" {
		t.Fatalf("after inviting: %q", p.Header.Get("Location"))
	}
	if got := a.scalar(`SELECT u.role || ' ' || a.kind || ' ' || a.areas || ' ' || date(a.last_day) FROM authorisations a JOIN users u ON u.id = a.grantee_id
		WHERE a.patient_id = ? AND u.email = 'mark.jansen@voorbeeld.example'`, me.ID); got != "relative relative agenda,medicatie 2026-06-30" {
		t.Fatalf("stored: %q", got)
	}
	if a.consentToReadingAlong(me.ID) != "1" {
		t.Fatal("the consent to reading along was not recorded")
	}
	link := a.lastMailLink("mark.jansen@voorbeeld.example")
	mail := a.smtp.To("mark.jansen@voorbeeld.example")[0]
	for _, word := range []string{me.GivenName, me.FamilyName, "medicatie", "Afspraken"} {
		if strings.Contains(mail.Text+mail.Subject+mail.HTML, word) {
			t.Errorf("the invitation names %q", word)
		}
	}
	// The relative's activation asks no birth date (the patient's is on file, theirs is not).
	p = a.newClient().get(link)
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("#geboortedatum-dag").Length() != 0 {
		t.Fatal("the relative's activation asks a birth date")
	}

	// An address that is an account's already: that account reads along, told by a mail without content.
	p = pc.post("/naasten", relativeForm("Eva", "Smit", other.Email, "0612345678", "", "agenda"))
	wantStatus(t, p, http.StatusSeeOther)
	grant := a.scalar(`SELECT id FROM authorisations WHERE patient_id = ? AND grantee_id = ? AND ended_at IS NULL`, me.ID, other.ID)
	if grant == "" {
		t.Fatal("the existing account was not given the portal")
	}
	a.deliver()
	told := a.smtp.To(other.Email)
	if last := told[len(told)-1]; strings.Contains(last.Subject+last.Text+last.HTML, me.FamilyName) || !strings.Contains(last.Text, "/inloggen") {
		t.Fatalf("the mail to the existing account names the patient, or has no way in: %q", last.Text)
	}
	p = pc.post("/naasten", relativeForm("Eva", "Smit", other.Email, "0612345678", "", "agenda"))
	if p.Problem("#email-error") != a.T("naasten.error_exists") {
		t.Fatalf("a second invitation of the same account: %q", p.Problem("#email-error"))
	}

	// The relative reads the agenda only; a change the patient makes counts at their next request.
	rc := a.patientClient(2)
	a.openPortalOf(rc, me.ID, me.FullName())
	wantStatus(t, rc.get("/afspraken"), http.StatusOK)
	wantStatus(t, rc.get("/dossier"), http.StatusNotFound)
	wantStatus(t, rc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {"Tekst"}}), http.StatusNotFound)
	wantStatus(t, pc.post("/naasten/"+grant, url.Values{"gebied-agenda": {"1"}, "gebied-dossier": {"1"}}), http.StatusSeeOther)
	p = rc.get("/dossier")
	wantStatus(t, p, http.StatusOK)
	a.wantRowsFor(p, other.ID, me.ID)
	// The patient sees their relative's reads in "who looked at my file", on whose behalf.
	inzage := pc.get("/dossier/inzage").Text("main")
	if !strings.Contains(inzage, other.FullName()) || !strings.Contains(inzage, a.T("dossier_inzage.on_behalf_you")) ||
		!strings.Contains(inzage, a.T("dossier_inzage.role_representative")) {
		t.Fatalf("who looked at my file does not name the relative: %q", inzage)
	}

	// Stopping: a confirmation, then at once.
	p = pc.get("/naasten/" + grant + "/stoppen")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text("main"), other.FullName()) {
		t.Fatal("the confirmation does not say whom it stops")
	}
	wantStatus(t, pc.post("/naasten/"+grant+"/stoppen", nil), http.StatusSeeOther)
	p = rc.get("/dossier")
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/overzicht?melding=portalen.notice_closed" {
		t.Fatalf("after the patient stopped it: status %d to %q", p.StatusCode, p.Header.Get("Location"))
	}
	if a.consentToReadingAlong(me.ID) != "1" {
		t.Fatal("the consent was withdrawn while a relative still reads along")
	}
	mark := a.scalar(`SELECT a.id FROM authorisations a JOIN users u ON u.id = a.grantee_id WHERE u.email = 'mark.jansen@voorbeeld.example'`)
	wantStatus(t, pc.post("/naasten/"+mark+"/stoppen", nil), http.StatusSeeOther)
	if a.consentToReadingAlong(me.ID) != "0" {
		t.Fatal("the consent was not withdrawn when the last relative stopped")
	}
	if strings.Contains(pc.get("/naasten").Text(".relatives"), "Mark") {
		t.Fatal("an ended relative is still listed")
	}
	// Another patient's relative is a 404 here.
	wantStatus(t, a.patientClient(0).get("/naasten/"+mark), http.StatusNotFound)
}

// A relative ends their own access: the portal closes at once, and the patient's consent follows.
func TestARelativeEndsTheirOwnAccess(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1] // no one else reads along with them (Anna de Vries has her partner)
	a.makeRelative(2)
	a.addGrant(me.ID, a.people[2].ID, "relative", "agenda")
	rc := a.patientClient(2)
	p := rc.get("/overzicht")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text(".portal-banner"), me.FullName()) {
		t.Fatalf("the relative's first portal is not open: %q", p.Text(".portal-banner"))
	}
	wantStatus(t, rc.get(fmt.Sprintf("/portalen/%d/stoppen", me.ID)), http.StatusOK)
	p = rc.post(fmt.Sprintf("/portalen/%d/stoppen", me.ID), nil)
	wantStatus(t, p, http.StatusSeeOther)
	if got := rc.follow(p).Text(".notice"); got != a.T("portalen.notice_ended") {
		t.Fatalf("notice %q", got)
	}
	p = rc.get("/afspraken")
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/portalen?melding=portalen.notice_none" {
		t.Fatalf("after stopping: status %d to %q", p.StatusCode, p.Header.Get("Location"))
	}
	if got := a.scalar(`SELECT end_reason FROM authorisations WHERE patient_id = ? AND grantee_id = ?`, me.ID, a.people[2].ID); got != "grantee" {
		t.Fatalf("ended as %q", got)
	}
	if a.consentToReadingAlong(me.ID) != "0" {
		t.Fatal("the consent was not withdrawn")
	}
}

// The demo's Anna de Vries has her partner reading along: he signs in to her portal, reads her
// appointments and medication and nothing else.
func TestTheDemoPartnerReadsAlongWithAnna(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	p := c.signIn(demo.Partner.UserName)
	if !strings.Contains(p.Text(".portal-banner"), a.people[0].FullName()) {
		t.Fatalf("the partner's start page: %q", p.Text(".portal-banner"))
	}
	wantStatus(t, c.get("/afspraken"), http.StatusOK)
	wantStatus(t, c.get("/medicatie"), http.StatusOK)
	wantStatus(t, c.get("/dossier"), http.StatusNotFound)
	wantStatus(t, c.get("/dagboek"), http.StatusNotFound)
	if got := a.consentToReadingAlong(a.people[0].ID); got != "1" {
		t.Fatalf("Anna's consent to reading along: %s", got)
	}
}

// A relative reading along leaves what they open new for the patient: a report stays unread, a message
// unread and a result new. (A parent acts for the child: what a parent opens counts as opened.)
func TestWhatARelativeOpensStaysNewForThePatient(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	patient := a.people[1]
	a.makeRelative(2)
	a.addGrant(patient.ID, a.people[2].ID, "relative", "dossier,uitslagen,conversations")
	report := a.addReport(testReport{patient: patient.ID, title: "Verslag voor de naaste"})
	result := a.enterResult(a.staffClient("practitioner"), patient.ID, a.resultTest("direct", 1, "Natrium", "mmol/l", 135, 145), "140", "")
	doctor := a.staff["practitioner"].ID
	var thread int64
	if err := a.db.Write.QueryRow(`INSERT INTO message_threads (patient_id, practitioner_id, kind, subject, created_at, last_message_at)
		VALUES (?, ?, 'message', 'Uw vraag', ?, ?) RETURNING id`, patient.ID, doctor, testStart, testStart).Scan(&thread); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.Write.Exec(`INSERT INTO messages (thread_id, sender_id, body, sent_at) VALUES (?, ?, 'Het antwoord.', ?)`,
		thread, doctor, testStart); err != nil {
		t.Fatal(err)
	}
	opened := []string{fmt.Sprintf("/dossier/%d", report), "/uitslagen", fmt.Sprintf("/berichten/%d", thread)}
	open := func(c *client) {
		for _, path := range opened {
			wantStatus(t, c.get(path), http.StatusOK)
		}
	}
	// 1 per thing still new: the report unread, the result unseen, the message unread.
	stillNew := func() string {
		return a.scalar(`SELECT (SELECT read_at IS NULL FROM reports WHERE id = ?) || (SELECT seen_at IS NULL FROM results WHERE id = ?) ||
			(SELECT min(read_at IS NULL) FROM messages WHERE thread_id = ?)`, report, result, thread)
	}
	open(a.patientClient(2))
	if got := stillNew(); got != "111" {
		t.Fatalf("unread report, new result, unread message: %s, want 111", got)
	}
	// The patient's own opening marks them.
	open(a.patientClient(1))
	if got := stillNew(); got != "000" {
		t.Fatalf("after the patient's own reading: %s, want 000", got)
	}
}

// The consent to reading along is the kind with the key 'relatives', whatever its id: in a database whose
// shipped consents have other ids (here: it is no longer the third) inviting and ending a relative
// records it there, and nothing on the third.
func TestTheConsentToReadingAlongIsFoundByItsKey(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	for _, q := range []string{`DROP TRIGGER consent_kinds_keep_meaning`, `UPDATE consent_kinds SET key = NULL WHERE key = 'relatives'`,
		`INSERT INTO consent_kinds (text_nl, text_en, position, key) VALUES ('Mijn naasten mogen meelezen.', 'My relatives may read along.', 9, 'relatives')`} {
		if _, err := a.db.Write.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	third := a.scalar(`SELECT count(*) FROM consent_events WHERE kind_id = 3 AND patient_id = ?`, me.ID)
	pc := a.patientClient(1)
	wantStatus(t, pc.post("/naasten", relativeForm("Mark", "Jansen", "mark.jansen@voorbeeld.example", "06 1234 5678", "", "agenda")), http.StatusSeeOther)
	if got := a.consentToReadingAlong(me.ID); got != "1" {
		t.Fatalf("after inviting, the consent with the key 'relatives' is %s, want given", got)
	}
	if got := a.scalar(`SELECT count(*) FROM consent_events WHERE kind_id = 3 AND patient_id = ?`, me.ID); got != third {
		t.Fatalf("the third consent got an event (%s, was %s)", got, third)
	}
}

// Withdrawing "Mijn naasten mogen met mij meelezen" under Toestemmingen stops every relative at once:
// their next request no longer opens the portal, and /naasten lists none. Staff recording it on the
// patient's behalf do the same.
func TestWithdrawingTheConsentToReadingAlongStopsEveryRelative(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[1], a.people[2]
	pc := a.patientClient(1)
	wantStatus(t, pc.post("/naasten", relativeForm("Eva", "Smit", other.Email, "0612345678", "", "agenda")), http.StatusSeeOther)
	wantStatus(t, pc.post("/naasten", relativeForm("Mark", "Jansen", "mark.jansen@voorbeeld.example", "06 1234 5678", "", "agenda")), http.StatusSeeOther)
	rc := a.patientClient(2)
	a.openPortalOf(rc, me.ID, me.FullName())
	wantStatus(t, rc.get("/afspraken"), http.StatusOK)
	kind := a.scalar(`SELECT id FROM consent_kinds WHERE key = 'relatives'`)
	if !strings.Contains(pc.get("/toestemmingen/"+kind).Text("main"), a.T("consents.confirm_withdraw_relatives")) {
		t.Fatal("the confirmation does not say that relatives stop reading along")
	}

	wantStatus(t, pc.post("/toestemmingen/"+kind, url.Values{"geven": {"0"}}), http.StatusSeeOther)
	p := rc.get("/afspraken")
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/overzicht?melding=portalen.notice_closed" {
		t.Fatalf("after the consent was withdrawn, the relative's request: status %d to %q", p.StatusCode, p.Header.Get("Location"))
	}
	if got := a.scalar(`SELECT count(*) FROM authorisations WHERE patient_id = ? AND ended_at IS NULL`, me.ID); got != "0" {
		t.Fatalf("%s relatives still read along", got)
	}
	if got := a.scalar(`SELECT group_concat(DISTINCT end_reason) FROM authorisations WHERE patient_id = ?`, me.ID); got != "patient" {
		t.Fatalf("ended as %q, want by the patient", got)
	}
	if got := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'authorisation' AND patient_id = ? AND action <> 'read'`, me.ID); got == "0" {
		t.Fatal("the ends were not logged")
	}
	if a.consentToReadingAlong(me.ID) != "0" {
		t.Fatal("the consent is not withdrawn")
	}
	if strings.Contains(pc.get("/naasten").Text(".relatives"), "Eva") {
		t.Fatal("an ended relative is still listed")
	}

	// Staff on the patient page, the same.
	wantStatus(t, pc.post("/naasten", relativeForm("Eva", "Smit", other.Email, "0612345678", "", "agenda")), http.StatusSeeOther)
	sc := a.staffClient("assistant")
	wantStatus(t, sc.post(fmt.Sprintf("/praktijk/patienten/%d/toestemmingen/%s", me.ID, kind), url.Values{"geven": {"0"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT count(*) FROM authorisations WHERE patient_id = ? AND ended_at IS NULL`, me.ID); got != "0" {
		t.Fatalf("after staff recorded the withdrawal, %s relatives still read along", got)
	}
}
