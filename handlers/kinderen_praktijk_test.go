package handlers_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/queries"
)

// bornOn sets the patient's birth date.
func (a *testApp) bornOn(patient int64, y int, m time.Month, d int) {
	a.t.Helper()
	if _, err := a.db.Write.Exec(`UPDATE users SET birth_date = ? WHERE id = ?`, time.Date(y, m, d, 0, 0, 0, 0, time.UTC), patient); err != nil {
		a.t.Fatal(err)
	}
}

func relationsPanelText(t *testing.T, c *client, child int64) string {
	t.Helper()
	p := c.get(fmt.Sprintf("/praktijk/patienten/%d", child))
	wantStatus(t, p, http.StatusOK)
	return strings.Join(strings.Fields(p.Doc.Find("#vertegenwoordigers").Text()), " ")
}

func TestStaffAddsAParentAfterCheckingAuthorityAndRecordsTheChildsConsent(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2014, time.June, 1) // 11 on 2 March 2026
	staff := a.staffClient("assistant")
	base := fmt.Sprintf("/praktijk/patienten/%d/vertegenwoordigers", child.ID)

	// The search finds the parent among the patients.
	form := staff.get(base + "/nieuw?zoek=" + url.QueryEscape(parent.FamilyName))
	wantStatus(t, form, http.StatusOK)
	if form.Doc.Find(fmt.Sprintf(`input[name=ouder][value="%d"]`, parent.ID)).Length() != 1 {
		t.Fatalf("the search did not offer the parent: %s", form.Text("form.card"))
	}
	// Without the tick: refused at the field, with what was typed kept.
	in := url.Values{"zoek": {parent.FamilyName}, "ouder": {fmt.Sprint(parent.ID)}, "hoe": {"Uittreksel gezagsregister ingezien"},
		"gebied-agenda": {"1"}, "gebied-dossier": {"1"}}
	p := staff.post(base, in)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#gecontroleerd-error"); !strings.Contains(got, a.T("kinderen_praktijk.error_checked")) {
		t.Errorf("problem at the tick: %q", got)
	}
	if p.Doc.Find(`input[name=hoe]`).AttrOr("value", "") != "Uittreksel gezagsregister ingezien" {
		t.Error("what was typed was lost")
	}
	in.Set("gecontroleerd", "1")
	wantStatus(t, staff.post(base, in), http.StatusSeeOther)
	var how, areas string
	if err := a.db.Read.QueryRow(`SELECT authority_checked, areas FROM authorisations WHERE patient_id = ? AND grantee_id = ?`,
		child.ID, parent.ID).Scan(&how, &areas); err != nil {
		t.Fatal(err)
	}
	if how != "Uittreksel gezagsregister ingezien" || areas != "agenda,dossier" {
		t.Errorf("stored %q, %q", how, areas)
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'authorisation' AND action = 'change' AND patient_id = ?`, child.ID); n != 1 {
		t.Errorf("%d access-log rows for the change", n)
	}
	panel := relationsPanelText(t, staff, child.ID)
	for _, want := range []string{parent.FullName(), a.T("kinderen_praktijk.counts"), a.T("kinderen_praktijk.changes_on", "When", "1 juni 2026")} {
		if !strings.Contains(panel, want) {
			t.Errorf("panel lacks %q: %s", want, panel)
		}
	}
	// Twice the same parent: a translated error.
	p = staff.post(base, in)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(p.Problem("#ouder-error"), a.T("kinderen_praktijk.error_exists")) {
		t.Errorf("second time: %q", p.Text(".error-summary"))
	}

	// At 13 the parent needs the child's consent; staff record it, then the child refuses, which ends it.
	a.bornOn(child.ID, 2013, time.January, 1)
	if panel := relationsPanelText(t, staff, child.ID); !strings.Contains(panel, a.T("kinderen_praktijk.reason_needs_consent")) {
		t.Errorf("13 without consent: %s", panel)
	}
	id := a.scalar(`SELECT id FROM authorisations WHERE patient_id = ?`, child.ID)
	wantStatus(t, staff.post(base+"/"+id+"/toestemming", url.Values{"toestemming": {"given"}}), http.StatusSeeOther)
	if panel := relationsPanelText(t, staff, child.ID); !strings.Contains(panel, a.T("kinderen_praktijk.counts")) {
		t.Errorf("13 with consent: %s", panel)
	}
	wantStatus(t, staff.post(base+"/"+id+"/toestemming", url.Values{"toestemming": {"refused"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT end_reason || ' ' || child_consent FROM authorisations WHERE id = ?`, id); got != "patient refused" {
		t.Errorf("after the refusal: %q", got)
	}
	if panel := relationsPanelText(t, staff, child.ID); !strings.Contains(panel, a.T("kinderen_praktijk.reason_ended")) {
		t.Errorf("refused: %s", panel)
	}
}

func TestStaffEndsAParentsAccessWithAReason(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child := a.people[2]
	a.bornOn(child.ID, 2018, time.May, 5)
	id := a.addGrant(child.ID, a.people[0].ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	staff := a.staffClient("practitioner")
	path := fmt.Sprintf("/praktijk/patienten/%d/vertegenwoordigers/%d/beeindigen", child.ID, id)
	wantStatus(t, staff.get(path), http.StatusOK)
	p := staff.post(path, url.Values{"reden": {"  "}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(p.Problem("#reden-error"), a.T("kinderen_praktijk.error_end_reason")) {
		t.Errorf("no reason: %q", p.Problem("#reden-error"))
	}
	wantStatus(t, staff.post(path, url.Values{"reden": {"Gezag gewijzigd door de rechter"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT end_reason || ': ' || end_note FROM authorisations WHERE id = ?`, id); got != "staff: Gezag gewijzigd door de rechter" {
		t.Errorf("ended: %q", got)
	}
}

func TestNoParentIsAddedForASixteenYearOld(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2010, time.March, 2) // 16 today
	staff := a.staffClient("assistant")
	p := staff.post(fmt.Sprintf("/praktijk/patienten/%d/vertegenwoordigers", child.ID), url.Values{"ouder": {fmt.Sprint(parent.ID)},
		"gecontroleerd": {"1"}, "hoe": {"Gezien"}, "gebied-agenda": {"1"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(p.Text(".error-summary"), a.T("kinderen_praktijk.error_sixteen")) {
		t.Errorf("summary: %q", p.Text(".error-summary"))
	}
	if n := a.number(`SELECT count(*) FROM authorisations WHERE patient_id = ?`, child.ID); n != 0 {
		t.Errorf("%d authorisations stored", n)
	}
	if strings.Contains(relationsPanelText(t, staff, child.ID), a.T("kinderen_praktijk.add")) {
		t.Error("the panel offers to add a parent for a 16-year-old")
	}
}

func TestANewParentAccountIsInvitedWithoutTheChildsName(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child := a.people[2]
	a.bornOn(child.ID, 2019, time.September, 9)
	staff := a.staffClient("assistant")
	wantStatus(t, staff.post(fmt.Sprintf("/praktijk/patienten/%d/vertegenwoordigers", child.ID), url.Values{"ouder": {"nieuw"},
		"voornaam": {"Peter"}, "tussenvoegsel": {"van"}, "achternaam": {"Dijk"}, "email": {"peter.vandijk@voorbeeld.example"},
		"mobiel": {"06 12345678"}, "gecontroleerd": {"1"}, "hoe": {"Geboorteakte gezien"}, "gebied-agenda": {"1"}}), http.StatusSeeOther)
	if role := a.scalar(`SELECT g.role FROM authorisations a JOIN users g ON g.id = a.grantee_id WHERE a.patient_id = ?`, child.ID); role != "relative" {
		t.Errorf("grantee role %q", role)
	}
	if link := a.lastMailLink("peter.vandijk@voorbeeld.example"); !strings.HasPrefix(link, "/activeren/") {
		t.Errorf("link %q", link)
	}
	mails := a.smtp.To("peter.vandijk@voorbeeld.example")
	if body := mails[len(mails)-1].Text; strings.Contains(body, child.GivenName) || strings.Contains(body, child.FamilyName) {
		t.Errorf("the mail names the child: %s", body)
	}
	if !strings.Contains(relationsPanelText(t, staff, child.ID), a.T("kinderen_praktijk.grantee_invited")) {
		t.Error("the panel does not say the account waits for activation")
	}
}

// The panel's texts the day before and on the 12th and 16th birthdays, and for a child born on 29
// February, on the test's clock (Monday 2 March 2026).
func TestRelationsPanelFollowsTheChildsBirthdays(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child := a.people[2]
	id := a.addGrant(child.ID, a.people[0].ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	consent := func(v string) {
		if _, err := a.db.Write.Exec(`UPDATE authorisations SET child_consent = ?, child_consent_by = ?, child_consent_at = ? WHERE id = ?`,
			v, a.staff["practitioner"].ID, testStart.AddDate(-1, 0, 0), id); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name    string
		born    time.Time
		consent string
		clock   time.Time
		want    string
	}{
		{"the day before the 12th birthday", time.Date(2014, 3, 3, 0, 0, 0, 0, time.UTC), "", testStart, a.T("kinderen_praktijk.counts")},
		{"the 12th birthday", time.Date(2014, 3, 2, 0, 0, 0, 0, time.UTC), "", testStart, a.T("kinderen_praktijk.reason_needs_consent")},
		{"the day before the 16th birthday", time.Date(2010, 3, 3, 0, 0, 0, 0, time.UTC), "given", testStart, a.T("kinderen_praktijk.counts")},
		{"the 16th birthday", time.Date(2010, 3, 2, 0, 0, 0, 0, time.UTC), "given", testStart, a.T("kinderen_praktijk.reason_age16")},
		{"born 29 February 2012, on 28 February 2024: 11", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), "",
			time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC), a.T("kinderen_praktijk.counts")},
		{"born 29 February 2012, on 29 February 2024: 12", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), "",
			time.Date(2024, 2, 29, 9, 0, 0, 0, time.UTC), a.T("kinderen_praktijk.reason_needs_consent")},
		// 12 and 16 years after a 29 February come in leap years (but in 2100): the birthday is the 29th.
		{"born 29 February 2012, on 28 February 2028: 15", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), "given",
			time.Date(2028, 2, 28, 9, 0, 0, 0, time.UTC), a.T("kinderen_praktijk.counts")},
		{"born 29 February 2012, on 29 February 2028: 16", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), "given",
			time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC), a.T("kinderen_praktijk.reason_age16")},
	} {
		a.bornOn(child.ID, c.born.Year(), c.born.Month(), c.born.Day())
		consent(c.consent)
		a.fixed.Set(c.clock)
		// Signed in at the clock's time: the jump in time would have ended an older session.
		if panel := relationsPanelText(t, a.staffClient("practitioner"), child.ID); !strings.Contains(panel, c.want) {
			t.Errorf("%s: want %q in %s", c.name, c.want, panel)
		}
	}
	// The day it changes: the 16th birthday, for a child of 15 born on 29 February.
	a.bornOn(child.ID, 2012, time.February, 29)
	a.fixed.Set(time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC))
	if panel := relationsPanelText(t, a.staffClient("practitioner"), child.ID); !strings.Contains(panel, a.T("kinderen_praktijk.changes_on", "When", "29 februari 2028")) {
		t.Errorf("the 16th birthday of a 29 February child: %s", panel)
	}
}

// A parent gets one mail a month before the child's 16th birthday and one on the day, however many
// rounds run; never the child's name.
func TestSixteenthBirthdayMailsGoOnceEach(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2010, time.April, 2) // 16 on 2 April 2026: a month before is today
	a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents")
	rounds := a.app.SixteenNotices()
	ctx := context.Background()
	queue := func() int {
		n, err := rounds.Queue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	a.fixed.Set(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	if n := queue(); n != 0 {
		t.Errorf("a month and a day before: %d mails", n)
	}
	a.fixed.Set(testStart)
	if n := queue(); n != 1 {
		t.Errorf("a month before: %d mails", n)
	}
	if n := queue(); n != 0 {
		t.Errorf("the round again: %d mails", n)
	}
	a.fixed.Set(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	if n := queue(); n != 0 {
		t.Errorf("the day before: %d mails", n)
	}
	a.fixed.Set(time.Date(2026, 4, 2, 6, 0, 0, 0, time.UTC))
	if n := queue(); n != 1 {
		t.Errorf("on the day: %d mails", n)
	}
	if n := queue(); n != 0 {
		t.Errorf("on the day, again: %d mails", n)
	}
	a.deliver()
	mails := a.smtp.To(parent.Email)
	var told int
	for _, m := range mails {
		if m.Subject == a.T("mail.kinderen_sixteen_day.subject") {
			told++
			if strings.Contains(m.Text, child.GivenName) {
				t.Errorf("the mail names the child: %s", m.Text)
			}
		}
	}
	if told != 2 {
		t.Errorf("%d birthday mails delivered", told)
	}
}

func TestChangingSoonListsWhatChangesWithin60Days(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	soon, later := a.people[2], a.people[3]
	a.bornOn(soon.ID, 2014, time.April, 20) // 12 on 20 April 2026: in 49 days
	a.bornOn(later.ID, 2014, time.June, 1)  // 12 on 1 June 2026: in 91 days
	a.addGrant(soon.ID, a.people[0].ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	a.addGrant(later.ID, a.people[0].ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	p := a.staffClient("assistant").get("/praktijk/vertegenwoordigers")
	wantStatus(t, p, http.StatusOK)
	list := p.Text(".changing-soon")
	if !strings.Contains(list, soon.FullName()) || strings.Contains(list, later.FullName()) {
		t.Errorf("list: %s", list)
	}
	if !strings.Contains(list, a.T("kinderen_praktijk.changes_on", "When", "20 april 2026")) {
		t.Errorf("no day: %s", list)
	}
	if p.Text("main p[role=status]") != a.T("kinderen_praktijk.count_one") {
		t.Errorf("count %q", p.Text("main p[role=status]"))
	}
}

// What the practitioner hid from parents is not in a parent's view of the child's dossier and documents
// (@viewer_is_parent), and stays in the child's own.
func TestHiddenFromParentsIsAbsentFromAParentsView(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child := a.people[2]
	report := a.addReport(testReport{patient: child.ID, title: "Gesprek over school"})
	if _, err := a.db.Write.Exec(`UPDATE reports SET hidden_from_parents = 1 WHERE id = ?`, report); err != nil {
		t.Fatal(err)
	}
	ctx, now := context.Background(), sql.NullTime{Time: a.clock.Now(), Valid: true}
	for _, viewer := range []int64{0, 1} {
		_, err := a.db.R.GetDossierReport(ctx, queries.GetDossierReportParams{ID: report, PatientID: child.ID, Now: now, ViewerIsParent: viewer})
		rows, lerr := a.db.R.ListDossierAfter(ctx, queries.ListDossierAfterParams{PatientID: child.ID, Now: now, Cap: 1001, Limit: 100, ViewerIsParent: viewer})
		if lerr != nil {
			t.Fatal(lerr)
		}
		listed := false
		for _, r := range rows {
			listed = listed || r.ID == report
		}
		if (viewer == 1) == (err == nil || listed) {
			t.Errorf("viewer is parent %d: report found %v, listed %v", viewer, err == nil, listed)
		}
	}
	// The child's own dossier shows it.
	if !strings.Contains(a.patientClient(2).get("/dossier").Text("main"), "Gesprek over school") {
		t.Error("the child's own dossier lacks the report")
	}
}

// "Niet zichtbaar voor ouders": for a child of 12 to 16 with a parent's access, the practitioner hides a
// report (on its page) and a document (beside it on the patient page) from parents, and shows it again;
// each change with its access-log row. For a younger child the button is not there and a sent form
// changes nothing.
func TestPractitionerHidesAReportAndADocumentFromParents(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent := a.people[2], a.people[0]
	a.bornOn(child.ID, 2012, time.May, 1) // 13
	a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	report := a.addReport(testReport{patient: child.ID, title: "Gesprek over school"})
	wantStatus(t, a.patientClient(2).postDocument("Verwijzing jeugdarts", "brief.pdf", testPDF), http.StatusSeeOther)
	doc := a.scalar(`SELECT id FROM documents WHERE patient_id = ? AND title = 'Verwijzing jeugdarts'`, child.ID)
	staff := a.staffClient("practitioner")
	reportPage := fmt.Sprintf("/praktijk/patienten/%d/verslagen/%d", child.ID, report)

	p := staff.get(reportPage)
	wantStatus(t, p, http.StatusOK)
	if p.Text("form.hide-from-parents button") != a.T("kinderen_praktijk.hide_parents") || p.Doc.Find(".hidden-from-parents").Length() != 0 {
		t.Fatalf("the report page's toggle: %q", p.Text("form.hide-from-parents"))
	}
	p = staff.post(reportPage+"/ouders", url.Values{"verbergen": {"1"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = staff.follow(p)
	if p.Text(".notice") != a.T("kinderen_praktijk.notice_hidden") || p.Text(".hidden-from-parents") != a.T("kinderen_praktijk.hidden_state") ||
		p.Text("form.hide-from-parents button") != a.T("kinderen_praktijk.show_parents") {
		t.Errorf("after hiding: notice %q, state %q, button %q", p.Text(".notice"), p.Text(".hidden-from-parents"), p.Text("form.hide-from-parents button"))
	}
	if a.scalar(`SELECT hidden_from_parents FROM reports WHERE id = ?`, report) != "1" {
		t.Error("the report is not hidden")
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'report' AND object_id = ? AND action = 'change' AND patient_id = ?`, report, child.ID); n != 1 {
		t.Errorf("%d access-log rows", n)
	}

	patientPage := fmt.Sprintf("/praktijk/patienten/%d", child.ID)
	p = staff.get(patientPage)
	item := p.Doc.Find("#documenten li").First()
	if strings.TrimSpace(item.Find("form.hide-from-parents button").Text()) != a.T("kinderen_praktijk.hide_parents")+" Verwijzing jeugdarts" {
		t.Fatalf("the document's toggle: %q", item.Text())
	}
	p = staff.post(patientPage+"/documenten/"+doc+"/ouders", url.Values{"verbergen": {"1"}})
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); !strings.HasSuffix(loc, "#documenten") {
		t.Errorf("back to %q", loc)
	}
	if got := strings.TrimSpace(staff.follow(p).Doc.Find("#documenten li .hidden-from-parents").Text()); got != a.T("kinderen_praktijk.hidden_state") {
		t.Errorf("the document's state: %q", got)
	}
	wantStatus(t, staff.post(patientPage+"/documenten/"+doc+"/ouders", url.Values{"verbergen": {"0"}}), http.StatusSeeOther)
	if a.scalar(`SELECT hidden_from_parents FROM documents WHERE id = ?`, doc) != "0" {
		t.Error("the document is still hidden")
	}

	// At 10 parents see what the child sees: no button, and a sent form hides nothing.
	a.bornOn(child.ID, 2016, time.January, 1)
	if staff.get(patientPage).Doc.Find("#documenten form.hide-from-parents").Length() != 0 {
		t.Error("a button for a child of 10")
	}
	p = staff.post(patientPage+"/documenten/"+doc+"/ouders", url.Values{"verbergen": {"1"}})
	wantStatus(t, p, http.StatusSeeOther)
	if staff.follow(p).Text(".notice") != a.T("kinderen_praktijk.notice_hide_not_now") || a.scalar(`SELECT hidden_from_parents FROM documents WHERE id = ?`, doc) != "0" {
		t.Error("hidden for a child of 10")
	}
}

// The birthday mails go only to a parent whose access the 16th birthday changes: not to one whose access
// stopped at 12 for want of the child's consent, nor, on the day, to one the child has let in again since
// the birthday (the round comes late, after a server was down).
func TestSixteenthBirthdayMailsSkipParentsWithoutConsent(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child, parent, other := a.people[2], a.people[0], a.people[3]
	a.bornOn(child.ID, 2010, time.April, 2) // 16 on 2 April 2026
	a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	again := a.addGrant(child.ID, other.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	a.consentByStaff(again)
	rounds := a.app.SixteenNotices()
	queue := func() int {
		n, err := rounds.Queue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := queue(); n != 1 {
		t.Errorf("a month before: %d mails, want 1 (the parent with consent)", n)
	}
	// Two days after the birthday the child lets the other parent in again; then the round comes by.
	a.fixed.Set(time.Date(2026, 4, 4, 8, 0, 0, 0, time.UTC))
	if _, err := a.db.Write.Exec(`UPDATE authorisations SET child_consent_by = ?, child_consent_at = ? WHERE id = ?`,
		child.ID, time.Date(2026, 4, 3, 12, 0, 0, 0, time.UTC), again); err != nil {
		t.Fatal(err)
	}
	if n := queue(); n != 0 {
		t.Errorf("on the day: %d mails", n)
	}
	a.deliver()
	if mails := a.smtp.To(parent.Email); len(mails) != 0 {
		t.Errorf("the parent without consent got %d mails: %s", len(mails), mails[0].Subject)
	}
	if n := a.number(`SELECT count(*) FROM authorisations WHERE id = ? AND notice_day_at IS NOT NULL`, again); n != 1 {
		t.Error("the day's notice was not marked: the round would try again")
	}
}

// The list of what changes soon pages by keyset both ways: the next page and back again give the same
// first page, in the list's order (the day, then the id).
func TestChangingSoonPagesBackwards(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	// 27 relatives' authorisations, each with its last day within 60 days, some on the same day.
	// The test clinic has few patients: each has several grantees (any user will do here).
	var pairs [][2]int64
	for _, child := range a.ids(`SELECT id FROM users WHERE role = 'patient' ORDER BY id`) {
		// (not one the demo already gave access: Anna's partner reads along with her)
		for _, grantee := range a.ids(`SELECT id FROM users WHERE id <> ? AND id NOT IN
			(SELECT grantee_id FROM authorisations WHERE patient_id = ? AND ended_at IS NULL) ORDER BY id`, child, child) {
			pairs = append(pairs, [2]int64{child, grantee})
		}
	}
	var want []string
	for i := range 27 {
		child, grantee := pairs[i][0], pairs[i][1]
		last := testStart.AddDate(0, 0, 5+i/3).Format(time.DateOnly)
		if _, err := a.db.Write.Exec(`INSERT INTO authorisations (patient_id, grantee_id, kind, areas, last_day, created_at)
			VALUES (?, ?, 'relative', 'agenda', ?, ?)`, child, grantee, last, testStart); err != nil {
			t.Fatal(err)
		}
		u, err := a.db.R.GetUser(context.Background(), child)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, u.FullName())
	}
	staff := a.staffClient("assistant")
	names := func(p *page) []string {
		var out []string
		p.Doc.Find(".changing-soon li strong").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
		return out
	}
	first := staff.get("/praktijk/vertegenwoordigers")
	wantStatus(t, first, http.StatusOK)
	if got := names(first); strings.Join(got, "|") != strings.Join(want[:25], "|") {
		t.Fatalf("first page:\n got %v\nwant %v", got, want[:25])
	}
	if first.Text("main p[role=status]") != a.T("kinderen_praktijk.count", "Count", 27) || first.Doc.Find("a[rel=prev]").Length() != 0 {
		t.Errorf("first page: count %q, a link back", first.Text("main p[role=status]"))
	}
	second := staff.get(first.Doc.Find("a[rel=next]").AttrOr("href", ""))
	wantStatus(t, second, http.StatusOK)
	if got := names(second); strings.Join(got, "|") != strings.Join(want[25:], "|") {
		t.Fatalf("second page:\n got %v\nwant %v", got, want[25:])
	}
	back := staff.get(second.Doc.Find("a[rel=prev]").AttrOr("href", ""))
	wantStatus(t, back, http.StatusOK)
	if got := names(back); strings.Join(got, "|") != strings.Join(want[:25], "|") {
		t.Errorf("back to the first page:\n got %v\nwant %v", got, want[:25])
	}
	if back.Doc.Find("a[rel=prev]").Length() != 0 || back.Doc.Find("a[rel=next]").Length() != 1 {
		t.Error("the first page, reached backwards, links the wrong ways")
	}
}

// A corrected version of a report hidden from parents stays hidden from them: the correction copies
// everything of the old one but its title and text.
func TestACorrectedReportStaysHiddenFromParents(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	child := a.people[2]
	a.bornOn(child.ID, 2012, time.May, 1) // 13
	a.addGrant(child.ID, a.people[0].ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	old := a.addReport(testReport{patient: child.ID, title: "Gesprek over thuis"})
	staff := a.staffClient("practitioner")
	wantStatus(t, staff.post(fmt.Sprintf("/praktijk/patienten/%d/verslagen/%d/ouders", child.ID, old), url.Values{"verbergen": {"1"}}), http.StatusSeeOther)
	wantStatus(t, a.patientClient(2).post(fmt.Sprintf("/dossier/%d/correctie", old), url.Values{"soort": {"correction"}, "toelichting": {"Het was op woensdag."}}), http.StatusSeeOther)
	k := a.scalar(`SELECT id FROM report_corrections WHERE report_id = ?`, old)
	wantStatus(t, staff.post("/praktijk/dossier/correcties/"+k+"/corrigeren",
		url.Values{"titel": {"Gesprek over thuis"}, "tekst": {"Op woensdag."}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT n.hidden_from_parents FROM reports o JOIN reports n ON n.id = o.superseded_by WHERE o.id = ?`, old); got != "1" {
		t.Errorf("the new version's hidden_from_parents = %s", got)
	}
}
