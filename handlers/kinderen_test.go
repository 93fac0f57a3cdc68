package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// parentsSection is the child's section "Ouders en verzorgers" under Toestemmingen, as one line of text.
func parentsSection(t *testing.T, c *client) string {
	t.Helper()
	p := c.get("/toestemmingen")
	wantStatus(t, p, http.StatusOK)
	return strings.Join(strings.Fields(p.Doc.Find("#ouders").Text()), " ")
}

// consentByStaff records, as the assistant would, that the child consented (testStart).
func (a *testApp) consentByStaff(id int64) {
	a.t.Helper()
	if _, err := a.db.Write.Exec(`UPDATE authorisations SET child_consent = 'given', child_consent_by = ?, child_consent_at = ? WHERE id = ?`,
		a.staff["assistant"].ID, testStart.AddDate(-1, 0, 0), id); err != nil {
		a.t.Fatal(err)
	}
}

func TestChildOfThirteenRefusesAParentWhichEndsItAtOnce(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2013, time.January, 1) // 13 on 2 March 2026
	id := a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	a.consentByStaff(id)
	c := a.patientClient(2)

	section := parentsSection(t, c)
	for _, want := range []string{a.T("kinderen.title"), parent.FullName(), a.T("kinderen.since", "When", "2 maart 2026"),
		a.T("kinderen_praktijk.area_dossier"), a.T("kinderen.counts"), a.T("kinderen.consent_by_practice", "When", "2 maart 2025"), a.T("kinderen.refuse")} {
		if !strings.Contains(section, want) {
			t.Errorf("the section lacks %q: %s", want, section)
		}
	}
	if strings.Contains(section, a.T("kinderen.consent")) {
		t.Errorf("consent offered while it counts: %s", section)
	}

	// The parent cannot reach the child's choice from their own portal: not their authorisation.
	path := fmt.Sprintf("/toestemmingen/ouders/%d", id)
	wantStatus(t, a.patientClient(0).get(path+"?keuze=weigeren"), http.StatusNotFound)

	confirm := c.get(path + "?keuze=weigeren")
	wantStatus(t, confirm, http.StatusOK)
	if got := confirm.Text("main h1"); got != a.T("kinderen.confirm_refuse_title") {
		t.Errorf("confirmation h1 %q", got)
	}
	if !strings.Contains(confirm.Text("main"), a.T("kinderen.confirm_refuse", "Name", parent.FullName())) {
		t.Errorf("confirmation: %s", confirm.Text("main"))
	}
	if n := a.number(`SELECT count(*) FROM authorisations WHERE id = ? AND ended_at IS NULL`, id); n != 1 {
		t.Fatal("the confirmation page changed something")
	}
	p := c.post(path, url.Values{"keuze": {"weigeren"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := a.scalar(`SELECT child_consent || ' ' || child_consent_by || ' ' || end_reason || ' ' || ended_by FROM authorisations WHERE id = ?`, id); got != fmt.Sprintf("refused %d patient %d", child.ID, child.ID) {
		t.Errorf("stored %q", got)
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'authorisation' AND object_id = ? AND action = 'change' AND actor_id = ? AND patient_id = ?`,
		id, child.ID, child.ID); n != 1 {
		t.Errorf("%d access-log rows for the refusal", n)
	}
	if notice := c.follow(p).Text(".notice"); notice != a.T("kinderen.notice_refused") {
		t.Errorf("notice %q", notice)
	}
	if section := parentsSection(t, c); section != "" {
		t.Errorf("an ended access still shows: %s", section)
	}
	if panel := relationsPanelText(t, a.staffClient("assistant"), child.ID); !strings.Contains(panel, a.T("kinderen_praktijk.consent_refused", "When", "2 mrt 2026")) &&
		!strings.Contains(panel, a.T("kinderen_praktijk.reason_ended")) {
		t.Errorf("the practice does not see the refusal: %s", panel)
	}
	// Sent again (a second tab): the ended access is not there any more.
	wantStatus(t, c.post(path, url.Values{"keuze": {"weigeren"}}), http.StatusNotFound)
}

func TestChildOfFourteenGivesConsentFromTheirOwnAccount(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2011, time.October, 20)
	id := a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	c := a.patientClient(2)
	section := parentsSection(t, c)
	if !strings.Contains(section, a.T("kinderen.reason_needs_consent")) || !strings.Contains(section, a.T("kinderen.consent")) {
		t.Fatalf("without consent: %s", section)
	}
	path := fmt.Sprintf("/toestemmingen/ouders/%d", id)
	confirm := c.get(path + "?keuze=toestaan")
	wantStatus(t, confirm, http.StatusOK)
	if got := confirm.Text("main h1"); got != a.T("kinderen.confirm_consent_title") {
		t.Errorf("confirmation h1 %q", got)
	}
	wantStatus(t, c.post(path, url.Values{"keuze": {"toestaan"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT child_consent || ' ' || child_consent_by FROM authorisations WHERE id = ? AND ended_at IS NULL`, id); got != fmt.Sprintf("given %d", child.ID) {
		t.Errorf("stored %q", got)
	}
	section = parentsSection(t, c)
	if !strings.Contains(section, a.T("kinderen.counts")) || !strings.Contains(section, a.T("kinderen.consent_by_you", "When", "2 maart 2026")) {
		t.Errorf("after consent: %s", section)
	}
	// Consent twice is nothing to do: a notice, nothing stored.
	p := c.post(path, url.Values{"keuze": {"toestaan"}})
	wantStatus(t, p, http.StatusSeeOther)
	if notice := c.follow(p).Text(".notice"); notice != a.T("kinderen.notice_nothing_to_do") {
		t.Errorf("notice %q", notice)
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'authorisation' AND object_id = ? AND action = 'change'`, id); n != 1 {
		t.Errorf("%d change rows", n)
	}
}

// At 16 a parent's access has stopped, and the child may let the parent back in: the same authorisation,
// with the child's own consent since the birthday, which makes it count again.
func TestChildOfSixteenLetsAParentBackIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2010, time.March, 2) // 16 today
	id := a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	a.consentByStaff(id) // given at 15: it does not carry past the 16th birthday
	c := a.patientClient(2)
	section := parentsSection(t, c)
	for _, want := range []string{a.T("kinderen.intro_adult"), a.T("kinderen.reason_age16"), a.T("kinderen.consent_again"), a.T("kinderen.refuse")} {
		if !strings.Contains(section, want) {
			t.Errorf("at 16 the section lacks %q: %s", want, section)
		}
	}
	wantStatus(t, c.post(fmt.Sprintf("/toestemmingen/ouders/%d", id), url.Values{"keuze": {"toestaan"}}), http.StatusSeeOther)
	if n := a.number(`SELECT count(*) FROM authorisations WHERE patient_id = ?`, child.ID); n != 1 {
		t.Errorf("%d authorisations: a new one was made", n)
	}
	if section := parentsSection(t, c); !strings.Contains(section, a.T("kinderen.counts")) {
		t.Errorf("after consent at 16: %s", section)
	}
	if panel := relationsPanelText(t, a.staffClient("assistant"), child.ID); !strings.Contains(panel, a.T("kinderen_praktijk.counts")) {
		t.Errorf("the practice's panel: %s", panel)
	}
}

// A parent's access the practice ended stays ended at 16: the child's page lists the parent, says the
// practice ended it and that the practice is the one to ask, and offers no button; a consent sent anyway
// changes nothing.
func TestChildOfSixteenIsToldWhyAParentThePracticeEndedCannotBeLetBackIn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2010, time.March, 2) // 16 today
	id := a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	wantStatus(t, a.staffClient("assistant").post(fmt.Sprintf("/praktijk/patienten/%d/vertegenwoordigers/%d/beeindigen", child.ID, id),
		url.Values{"reden": {"Gezag ingetrokken"}}), http.StatusSeeOther)
	c := a.patientClient(2)
	section := parentsSection(t, c)
	for _, want := range []string{parent.FullName(), a.T("kinderen.reason_ended_staff", "When", "2 maart 2026"),
		a.T("kinderen.ended_by_practice", "Name", parent.FullName())} {
		if !strings.Contains(section, want) {
			t.Errorf("the section lacks %q: %s", want, section)
		}
	}
	if strings.Contains(section, "Gezag ingetrokken") {
		t.Error("the child is shown the practice's own note")
	}
	if p := c.get("/toestemmingen"); p.Doc.Find("#ouders a.button").Length() != 0 {
		t.Errorf("a choice is offered for an access the practice ended: %s", section)
	}
	c.post(fmt.Sprintf("/toestemmingen/ouders/%d", id), url.Values{"keuze": {"toestaan"}})
	if got := a.scalar(`SELECT end_reason || ' ' || child_consent FROM authorisations WHERE id = ?`, id); got != "staff " {
		t.Fatalf("after the child's consent was sent anyway: %q", got)
	}
}

// Under 12 the child decides nothing: the section says parents have access, and offers no choice.
func TestChildUnderTwelveSeesParentsWithoutAChoice(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2014, time.March, 3) // 12 tomorrow
	id := a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	c := a.patientClient(2)
	section := parentsSection(t, c)
	if !strings.Contains(section, a.T("kinderen.intro_young")) || !strings.Contains(section, a.T("kinderen.counts")) {
		t.Errorf("under 12: %s", section)
	}
	if p := c.get("/toestemmingen"); p.Doc.Find("#ouders a.button").Length() != 0 {
		t.Errorf("choices offered under 12: %s", section)
	}
	wantStatus(t, c.post(fmt.Sprintf("/toestemmingen/ouders/%d", id), url.Values{"keuze": {"weigeren"}}), http.StatusNotFound)
	if n := a.number(`SELECT count(*) FROM authorisations WHERE id = ? AND ended_at IS NULL`, id); n != 1 {
		t.Error("a child under 12 ended a parent's access")
	}
	// A patient without parents has no such section.
	if section := parentsSection(t, a.patientClient(1)); section != "" {
		t.Errorf("a patient without parents: %s", section)
	}
}
