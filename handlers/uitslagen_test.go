package handlers_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// resultTest adds a group of tests with its release rule and one test in it, and returns the test's id.
func (a *testApp) resultTest(release string, days int, name, unit string, low, high float64) int64 {
	a.t.Helper()
	var group, test int64
	if err := a.db.Write.QueryRow(`INSERT INTO result_groups (name_nl, name_en, release, release_days) VALUES ('Lab', 'Lab', ?, ?) RETURNING id`,
		release, days).Scan(&group); err != nil {
		a.t.Fatal(err)
	}
	if err := a.db.Write.QueryRow(`INSERT INTO result_tests (group_id, name_nl, name_en, unit, ref_low, ref_high) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		group, name, name, unit, low, high).Scan(&test); err != nil {
		a.t.Fatal(err)
	}
	return test
}

// enterResult enters a result of one test on the staff's patient page, as a practitioner does (with the
// unit and range the form fills in), and returns its id.
func (a *testApp) enterResult(staff *client, patient, test int64, value, comment string) int64 {
	a.t.Helper()
	form := staff.get(fmt.Sprintf("/praktijk/patienten/%d/uitslagen/nieuw?test=%d", patient, test))
	typed := url.Values{"test": {fmt.Sprint(test)}, "datum": {a.clock.Now().In(time.UTC).Format("2006-01-02")},
		fmt.Sprintf("waarde-%d", test): {value}, "toelichting": {comment}}
	for _, field := range []string{"eenheid", "laag", "hoog"} {
		name := fmt.Sprintf("%s-%d", field, test)
		typed.Set(name, form.Doc.Find("#"+name).AttrOr("value", ""))
	}
	p := staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitslagen", patient), typed)
	wantStatus(a.t, p, http.StatusSeeOther)
	return a.number(`SELECT max(id) FROM results WHERE patient_id = ?`, patient)
}

// resultsSeen is what the patient sees of results: the list's tests, the overview's count of new ones,
// the test's page, and the mails a round of notices sends.
type resultsSeen struct {
	listed   string
	newCount string
	testPage int
}

func (a *testApp) resultsSeenBy(c *client, test int64) resultsSeen {
	a.t.Helper()
	o := c.get("/overzicht") // before the list, which marks what it shows as seen
	l := c.get("/uitslagen")
	return resultsSeen{listed: collapse(l.Doc.Find(".results-list").Text()),
		newCount: o.Text(`.tile:has(a[href="/uitslagen"]) .tile-number`),
		testPage: c.get(fmt.Sprintf("/uitslagen/test/%d", test)).StatusCode}
}

// noticeMails runs a round of the result notices and returns the mails the patient got so far.
func (a *testApp) noticeMails(to string) []string {
	a.t.Helper()
	if _, err := a.app.ResultNotices().Queue(context.Background()); err != nil {
		a.t.Fatal(err)
	}
	a.deliver()
	var texts []string
	for _, m := range a.smtp.To(to) {
		if m.Subject == a.T("mail.uitslagen.subject", "Clinic", a.scalar(`SELECT name FROM clinic_settings`)) {
			texts = append(texts, m.Subject+"\n"+m.Text+"\n"+m.HTML)
		}
	}
	return texts
}

// A result of a group that waits for the practitioner exists nowhere for the patient until it is seen:
// not in the list, the overview's count, the test's page (404) or a mail; once seen it is everywhere,
// and the one mail that says so names no test and no value.
func TestResultWaitingForReviewExistsNowhere(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1] // the demo gives results to the first patient only
	test := a.resultTest("na_beoordeling", 1, "Kalium", "mmol/l", 3.5, 5.0)
	staff, c := a.staffClient("practitioner"), a.patientClient(1)
	id := a.enterResult(staff, me.ID, test, "5,9", "Graag over een week opnieuw prikken")

	before := a.resultsSeenBy(c, test)
	if strings.Contains(before.listed, "Kalium") || before.newCount != "0" || before.testPage != http.StatusNotFound {
		t.Fatalf("before review the patient sees %+v", before)
	}
	if m := a.noticeMails(me.Email); len(m) != 0 {
		t.Fatalf("a mail before the result shows: %q", m)
	}
	panel := staff.get(fmt.Sprintf("/praktijk/patienten/%d", me.ID))
	if !strings.Contains(collapse(panel.Doc.Find("#uitslagen").Text()), a.T("uitslagen_praktijk.hidden")) {
		t.Errorf("the staff's panel does not say the result is hidden: %q", collapse(panel.Doc.Find("#uitslagen").Text()))
	}

	wantStatus(t, staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitslagen/%d/gezien", me.ID, id), nil), http.StatusSeeOther)
	o := c.get("/overzicht")
	if got := o.Text(`.tile:has(a[href="/uitslagen"]) .tile-number`); got != "1" {
		t.Errorf("the overview counts %q new results, want 1", got)
	}
	l := c.get("/uitslagen")
	item := collapse(l.Doc.Find(".results-list .result").First().Text())
	for _, want := range []string{"Kalium", "5,9 mmol/l", a.T("uitslagen.high"), "3,5 – 5 mmol/l", "Graag over een week opnieuw prikken", a.T("uitslagen.new")} {
		if !strings.Contains(item, want) {
			t.Errorf("the listed result %q lacks %q", item, want)
		}
	}
	if got := c.get("/overzicht").Text(`.tile:has(a[href="/uitslagen"]) .tile-number`); got != "0" {
		t.Errorf("after the list the overview still counts %q new results", got)
	}
	wantStatus(t, c.get(fmt.Sprintf("/uitslagen/test/%d", test)), http.StatusOK)
	mails := a.noticeMails(me.Email)
	if len(mails) != 1 {
		t.Fatalf("%d mails once the result shows, want 1", len(mails))
	}
	for _, secret := range []string{"Kalium", "5,9", "5.9", "prikken", "mmol"} {
		if strings.Contains(mails[0], secret) {
			t.Errorf("the mail tells %q", secret)
		}
	}
	if m := a.noticeMails(me.Email); len(m) != 1 {
		t.Errorf("a second round sent again: %d mails", len(m))
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'result' AND object_id = ? AND action = 'change'`, id); n != 2 {
		t.Errorf("%d access-log rows for entering and reviewing the result, want 2", n)
	}
}

// A group released after N days shows its result from that moment on (the fixed clock), not before.
func TestResultAfterDaysShowsOnItsDay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1] // the demo gives results to the first patient only
	test := a.resultTest("na_dagen", 3, "Vitamine D", "nmol/l", 50, 150)
	a.enterResult(a.staffClient("practitioner"), me.ID, test, "62", "")
	a.fixed.Set(testStart.Add(72*time.Hour - time.Minute)) // days on: a new session each time
	if s := a.resultsSeenBy(a.patientClient(1), test); strings.Contains(s.listed, "Vitamine D") || s.testPage != http.StatusNotFound || len(a.noticeMails(me.Email)) != 0 {
		t.Fatalf("a minute before its day the patient sees %+v", s)
	}
	a.fixed.Set(testStart.Add(72 * time.Hour))
	if s := a.resultsSeenBy(a.patientClient(1), test); !strings.Contains(s.listed, "Vitamine D") || s.newCount != "1" || s.testPage != http.StatusOK {
		t.Errorf("on its day the patient sees %+v", s)
	}
	if n := len(a.noticeMails(me.Email)); n != 1 {
		t.Errorf("%d mails on its day, want 1", n)
	}
}

// The patient's choice: "wacht tot mijn behandelaar ze heeft bekeken" hides a result of a group that
// shows at once until it is seen; choosing "zodra ze er zijn" again shows what waits at once.
func TestResultPatientChoiceChangesVisibility(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1] // the demo gives results to the first patient only
	test := a.resultTest("direct", 1, "Hemoglobine", "mmol/l", 7.5, 10)
	c := a.patientClient(1)
	p := c.get("/uitslagen/instellingen")
	if p.Doc.Find(`input[name=wanneer][value=direct]:checked`).Length() != 1 {
		t.Error("a new patient's choice is not 'direct'")
	}
	wantStatus(t, c.post("/uitslagen/instellingen", url.Values{"wanneer": {"iets"}}), http.StatusUnprocessableEntity)
	wantStatus(t, c.post("/uitslagen/instellingen", url.Values{"wanneer": {"na_beoordeling"}}), http.StatusSeeOther)
	a.enterResult(a.staffClient("practitioner"), me.ID, test, "8,1", "")
	if s := a.resultsSeenBy(c, test); strings.Contains(s.listed, "Hemoglobine") || s.testPage != http.StatusNotFound {
		t.Fatalf("with 'wait' the patient sees an unseen result: %+v", s)
	}
	wantStatus(t, c.post("/uitslagen/instellingen", url.Values{"wanneer": {"direct"}}), http.StatusSeeOther)
	if s := a.resultsSeenBy(c, test); !strings.Contains(s.listed, "Hemoglobine") || s.testPage != http.StatusOK {
		t.Errorf("after choosing 'direct' the result does not show: %+v", s)
	}
}

// A test's page draws the trend as SVG that parses as XML, with role="img", a title and a description,
// and a table with every value, out of range in words.
func TestResultTrendIsSVGWithTable(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	test := a.resultTest("direct", 1, "HbA1c", "mmol/mol", 20, 53)
	for i, v := range []float64{48, 56, 51, 47} {
		if _, err := a.db.Write.Exec(`INSERT INTO results (patient_id, test_id, effective_at, value_num, unit, ref_low, ref_high, interpretation,
			entered_at, visible_from) VALUES (?, ?, ?, ?, 'mmol/mol', 20, 53, ?, ?, ?)`, me.ID, test, testStart.AddDate(0, -4*(4-i), 0), v,
			map[bool]string{true: "H", false: "N"}[v > 53], testStart.AddDate(-2, 0, 0), testStart.AddDate(-2, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	p := a.patientClient(0).get(fmt.Sprintf("/uitslagen/test/%d", test))
	wantStatus(t, p, http.StatusOK)
	start, end := strings.Index(p.Body, "<svg"), strings.Index(p.Body, "</svg>")
	if start < 0 || end < start {
		t.Fatal("the test's page has no chart")
	}
	var doc struct {
		Role    string     `xml:"role,attr"`
		Title   string     `xml:"title"`
		Desc    string     `xml:"desc"`
		Circles []struct{} `xml:"circle"`
	}
	if err := xml.Unmarshal([]byte(p.Body[start:end+len("</svg>")]), &doc); err != nil {
		t.Fatalf("the chart is not XML: %v", err)
	}
	if doc.Role != "img" || doc.Title != a.T("uitslagen.trend_title", "Test", "HbA1c") || len(doc.Circles) != 4 {
		t.Errorf("chart role %q, title %q, %d points", doc.Role, doc.Title, len(doc.Circles))
	}
	if !strings.Contains(doc.Desc, "4") || !strings.Contains(doc.Desc, "47 mmol/mol") {
		t.Errorf("the chart's description %q does not give the count and the last value", doc.Desc)
	}
	rows := p.Doc.Find(".results-table tbody tr")
	if rows.Length() != 4 {
		t.Fatalf("the table has %d rows, want 4", rows.Length())
	}
	if first := collapse(rows.First().Text()); !strings.Contains(first, "47 mmol/mol") {
		t.Errorf("the table's first row %q is not the newest value", first)
	}
	if high := collapse(rows.Eq(2).Text()); !strings.Contains(high, "56 mmol/mol "+a.T("uitslagen.high")) {
		t.Errorf("the value out of range %q is not told in words", high)
	}
}

// Another patient's test, an id that is no test, and another patient's result on the staff's pages are
// each a 404.
func TestResultOtherPatientsIDsAreNotFound(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	test := a.resultTest("direct", 1, "Glucose", "mmol/l", 4, 7.8)
	staff := a.staffClient("practitioner")
	theirs := a.enterResult(staff, other.ID, test, "6,1", "")
	c := a.patientClient(0)
	for _, path := range []string{fmt.Sprintf("/uitslagen/test/%d", test), "/uitslagen/test/999999", "/uitslagen/test/x"} {
		wantStatus(t, c.get(path), http.StatusNotFound)
	}
	for _, action := range []string{"gezien", "vrijgeven"} {
		wantStatus(t, staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitslagen/%d/%s", me.ID, theirs, action), nil), http.StatusNotFound)
	}
	if a.number(`SELECT count(*) FROM results WHERE id = ? AND reviewed_at IS NOT NULL`, theirs) != 0 {
		t.Error("a review through another patient's page changed the result")
	}
}

// The administrator changes a group's rule from "after review" to "at once": a result still waiting shows
// now; a number of days out of range comes back with its message and the input kept.
func TestResultGroupRuleChangeReleasesWhatWaits(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	test := a.resultTest("na_beoordeling", 1, "Ferritine", "µg/l", 15, 150)
	a.enterResult(a.staffClient("practitioner"), me.ID, test, "40", "")
	c := a.patientClient(1)
	if s := a.resultsSeenBy(c, test); s.testPage != http.StatusNotFound {
		t.Fatalf("before the change the result shows: %+v", s)
	}
	group := a.number(`SELECT group_id FROM result_tests WHERE id = ?`, test)
	admin := a.staffClient("admin")
	path := fmt.Sprintf("/praktijk/beheer/uitslagen/groepen/%d", group)
	p := admin.post(path, url.Values{fmt.Sprintf("regel-%d", group): {"na_dagen"}, fmt.Sprintf("dagen-%d", group): {"99"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem(fmt.Sprintf("#dagen-%d-error", group)); got != a.T("beheer_uitslagen.days_invalid") {
		t.Errorf("days out of range: %q", got)
	}
	if v := p.Doc.Find(fmt.Sprintf("#dagen-%d", group)).AttrOr("value", ""); v != "99" {
		t.Errorf("the days typed are lost: %q", v)
	}
	wantStatus(t, admin.post(path, url.Values{fmt.Sprintf("regel-%d", group): {"direct"}, fmt.Sprintf("dagen-%d", group): {"3"},
		fmt.Sprintf("naam_nl-%d", group): {"Lab"}, fmt.Sprintf("naam_en-%d", group): {"Lab"}}), http.StatusSeeOther)
	if s := a.resultsSeenBy(c, test); s.testPage != http.StatusOK || !strings.Contains(s.listed, "Ferritine") {
		t.Errorf("after the change to 'at once' the result does not show: %+v", s)
	}
}

// BenchmarkResultsPage: a patient with 5,000 values over 40 tests opens their results (the first page,
// with the count that stops at 1,001), a page deep in it, and one test's page with its trend of 125
// values and their table.
func BenchmarkResultsPage(b *testing.B) {
	a := newTestApp(b)
	me := a.people[1]
	tx, err := a.db.Write.Begin()
	if err != nil {
		b.Fatal(err)
	}
	var group int64
	if err := tx.QueryRow(`INSERT INTO result_groups (name_nl, name_en) VALUES ('Lab', 'Lab') RETURNING id`).Scan(&group); err != nil {
		b.Fatal(err)
	}
	tests := make([]int64, 40)
	for i := range tests {
		if err := tx.QueryRow(`INSERT INTO result_tests (group_id, name_nl, name_en, unit, ref_low, ref_high) VALUES (?, ?, ?, 'mmol/l', 4, 6)
			RETURNING id`, group, fmt.Sprintf("Bepaling %d", i), fmt.Sprintf("Test %d", i)).Scan(&tests[i]); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 5000 {
		at := a.clock.Now().Add(-time.Duration(i+1) * 6 * time.Hour)
		v := 3.5 + float64(i%30)/10
		if _, err := tx.Exec(`INSERT INTO results (patient_id, test_id, effective_at, value_num, unit, ref_low, ref_high, interpretation,
			entered_at, visible_from, seen_at) VALUES (?, ?, ?, ?, 'mmol/l', 4, 6, ?, ?, ?, ?)`, me.ID, tests[i%len(tests)], at, v,
			map[bool]string{true: "L", false: map[bool]string{true: "H", false: "N"}[v > 6]}[v < 4], at, at, at); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	c := a.patientClient(1)
	deep := a.number(`SELECT id FROM results WHERE patient_id = ? ORDER BY effective_at DESC, id DESC LIMIT 1 OFFSET 2500`, me.ID)
	for _, bc := range []struct{ name, path, sel string }{
		{"first", "/uitslagen", ".results-list .result"},
		{"deep", "/uitslagen?na=" + patientCursor(deep), ".results-list .result"},
		{"test", fmt.Sprintf("/uitslagen/test/%d", tests[7]), ".results-table tbody tr"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if p := c.get(bc.path); p.StatusCode != http.StatusOK || p.Doc.Find(bc.sel).Length() == 0 {
				b.Fatalf("GET %s: %d, nothing listed", bc.path, p.StatusCode)
			}
			benchGet(b, c, bc.path)
		})
	}
}
