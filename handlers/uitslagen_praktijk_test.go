package handlers_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// labTest is a test of a group that resultGroup adds: quantity unless kind is "text".
type labTest struct {
	name, kind, unit string
	low, high        sql.NullFloat64
}

func bound(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }

// resultGroup adds a group of tests ("Diabetes-controle") with its release rule, and returns its id
// and its tests' ids in order.
func (a *testApp) resultGroup(release string, tests ...labTest) (int64, []int64) {
	a.t.Helper()
	group := a.number(`INSERT INTO result_groups (name_nl, name_en, release) VALUES ('Diabetes-controle', 'Diabetes check', ?) RETURNING id`, release)
	var ids []int64
	for i, t := range tests {
		kind := t.kind
		if kind == "" {
			kind = "quantity"
		}
		ids = append(ids, a.number(`INSERT INTO result_tests (group_id, name_nl, name_en, kind, unit, ref_low, ref_high, position)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, group, t.name, t.name, kind, t.unit, t.low, t.high, i))
	}
	return group, ids
}

var diabetesCheck = []labTest{
	{name: "HbA1c", unit: "mmol/mol", high: bound(53)},
	{name: "Glucose nuchter", unit: "mmol/l", low: bound(4), high: bound(6.1)},
	{name: "Cholesterol", unit: "mmol/l", high: bound(6.5)},
	{name: "Voetonderzoek", kind: "text"},
}

// A practitioner chooses a group and enters its values at once: the rows show each test's unit and
// range, a decimal comma and a point are both read, a row left empty is skipped, a range changed for
// this value is kept with it and decides "te hoog", a text row is a text result; one date and one
// comment for all, each value its own access-log row, and the patient sees them.
func TestResultSetEntersAGroupAtOnce(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	group, tests := a.resultGroup("direct", diabetesCheck...)
	staff := a.staffClient("practitioner")
	form := staff.get(fmt.Sprintf("/praktijk/patienten/%d/uitslagen/nieuw?groep=%d", me.ID, group))
	wantStatus(t, form, http.StatusOK)
	if got := form.Doc.Find("fieldset.result-entry legend").Length(); got != 4 {
		t.Fatalf("the group shows %d rows, want 4", got)
	}
	for field, want := range map[string]string{fmt.Sprintf("eenheid-%d", tests[0]): "mmol/mol", fmt.Sprintf("hoog-%d", tests[1]): "6,1",
		fmt.Sprintf("laag-%d", tests[1]): "4", fmt.Sprintf("laag-%d", tests[0]): ""} {
		if got := form.Doc.Find("#"+field).AttrOr("value", "?"); got != want {
			t.Errorf("%s is prefilled %q, want %q", field, got, want)
		}
	}
	if form.Doc.Find(fmt.Sprintf("textarea#waarde-%d", tests[3])).Length() != 1 || form.Doc.Find(fmt.Sprintf("#eenheid-%d", tests[3])).Length() != 0 {
		t.Error("the text test is not a text row")
	}
	p := staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitslagen", me.ID), url.Values{"groep": {fmt.Sprint(group)}, "datum": {"2026-03-01"},
		fmt.Sprintf("waarde-%d", tests[0]): {"7,2"}, fmt.Sprintf("eenheid-%d", tests[0]): {"%"}, fmt.Sprintf("hoog-%d", tests[0]): {"7.0"},
		fmt.Sprintf("waarde-%d", tests[1]): {"5.4"}, fmt.Sprintf("eenheid-%d", tests[1]): {"mmol/l"}, fmt.Sprintf("laag-%d", tests[1]): {"4"}, fmt.Sprintf("hoog-%d", tests[1]): {"6,1"},
		fmt.Sprintf("waarde-%d", tests[2]): {""}, fmt.Sprintf("eenheid-%d", tests[2]): {"mmol/l"},
		fmt.Sprintf("waarde-%d", tests[3]): {"Geen afwijkingen, gevoel intact."}, "toelichting": {"Nuchter geprikt"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := staff.follow(p); got.Text(".notice") != a.T("uitslagen_praktijk.notice_saved_set") {
		t.Errorf("notice %q at %s", got.Text(".notice"), p.Header.Get("Location"))
	}
	type stored struct {
		value, unit, high, flag, text, comment string
	}
	var got []stored
	rows, err := a.db.Read.Query(`SELECT coalesce(value_num, ''), unit, coalesce(ref_high, ''), interpretation, value_text, comment
		FROM results WHERE patient_id = ? AND test_id IN (?, ?, ?, ?) ORDER BY test_id`, me.ID, tests[0], tests[1], tests[2], tests[3])
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s stored
		if err := rows.Scan(&s.value, &s.unit, &s.high, &s.flag, &s.text, &s.comment); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []stored{{"7.2", "%", "7", "H", "", "Nuchter geprikt"}, {"5.4", "mmol/l", "6.1", "N", "", "Nuchter geprikt"},
		{"", "", "", "", "Geen afwijkingen, gevoel intact.", "Nuchter geprikt"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stored %v\nwant   %v", got, want)
	}
	if n := a.number(`SELECT count(*) FROM access_log WHERE object_type = 'result' AND action = 'change' AND patient_id = ?
		AND object_id IN (SELECT id FROM results WHERE test_id IN (?, ?, ?, ?))`, me.ID, tests[0], tests[1], tests[2], tests[3]); n != 3 {
		t.Errorf("%d access-log rows for 3 results, want 3", n)
	}
	listed := collapse(a.patientClient(1).get("/uitslagen").Doc.Find(".results-list").Text())
	for _, want := range []string{"HbA1c", "7,2 %", a.T("uitslagen.high"), "Geen afwijkingen", "Nuchter geprikt"} {
		if !strings.Contains(listed, want) {
			t.Errorf("the patient's list lacks %q", want)
		}
	}
}

// One test is a group of one: chosen with ?test=, entered with its single row.
func TestResultSetOfOneTest(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	_, tests := a.resultGroup("direct", diabetesCheck...)
	staff := a.staffClient("practitioner")
	form := staff.get(fmt.Sprintf("/praktijk/patienten/%d/uitslagen/nieuw?test=%d", me.ID, tests[1]))
	if got := collapse(form.Doc.Find("fieldset.result-entry legend").Text()); got != "Glucose nuchter" {
		t.Fatalf("the rows of one test: %q", got)
	}
	a.enterResult(staff, me.ID, tests[1], "3,1", "")
	if flag := a.scalar(`SELECT interpretation FROM results WHERE patient_id = ? AND test_id = ?`, me.ID, tests[1]); flag != "L" {
		t.Errorf("3,1 below 4 is %q, want L", flag)
	}
}

// Every bad input of a set comes back beside its own row's field, naming the test, with everything
// typed kept (422); nothing is stored. A set that names no test in use, or a set with no value at all,
// is said at the chooser or at the first row.
func TestResultSetErrorsStayBesideTheirRow(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	group, tests := a.resultGroup("direct", diabetesCheck...)
	staff := a.staffClient("practitioner")
	path := fmt.Sprintf("/praktijk/patienten/%d/uitslagen", me.ID)
	f := func(test int64, field string) string { return fmt.Sprintf("%s-%d", field, test) }
	typed := url.Values{"groep": {fmt.Sprint(group)}, "datum": {"2999-01-01"}, "toelichting": {"Nuchter geprikt"},
		f(tests[0], "waarde"): {"hoog"}, f(tests[0], "eenheid"): {"mmol/mol"},
		f(tests[1], "waarde"): {"NaN"}, f(tests[1], "laag"): {"vier"}, f(tests[1], "hoog"): {"6,1"},
		f(tests[2], "waarde"): {"5,2"}, f(tests[2], "laag"): {"7"}, f(tests[2], "hoog"): {"6,5"},
		f(tests[3], "waarde"): {strings.Repeat("x", 4001)}}
	p := staff.post(path, typed)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for field, want := range map[string]string{
		"datum":               a.T("uitslagen_praktijk.date_required"),
		f(tests[0], "waarde"): a.T("uitslagen_praktijk.row_number", "Test", "HbA1c"),
		f(tests[1], "waarde"): a.T("uitslagen_praktijk.row_number", "Test", "Glucose nuchter"),
		f(tests[1], "laag"):   a.T("uitslagen_praktijk.row_low", "Test", "Glucose nuchter"),
		f(tests[2], "hoog"):   a.T("uitslagen_praktijk.row_order", "Test", "Cholesterol"),
	} {
		if got := p.Problem("#" + field + "-error"); got != want {
			t.Errorf("%s: error %q, want %q", field, got, want)
		}
	}
	if got := p.Problem(fmt.Sprintf("#waarde-%d-error", tests[3])); got == "" {
		t.Error("a text result over its limit has no error")
	}
	for field, want := range map[string]string{f(tests[0], "waarde"): "hoog", f(tests[1], "laag"): "vier", f(tests[2], "laag"): "7", "datum": "2999-01-01"} {
		if got := p.Doc.Find("#"+field).AttrOr("value", ""); got != want {
			t.Errorf("%s keeps %q, want %q", field, got, want)
		}
	}
	if p.Doc.Find("#toelichting").Text() != "Nuchter geprikt" {
		t.Error("the comment is lost")
	}
	if p.Doc.Find(`.error-summary li`).Length() < 5 {
		t.Errorf("the summary lists %d problems", p.Doc.Find(`.error-summary li`).Length())
	}

	p = staff.post(path, url.Values{"groep": {fmt.Sprint(group)}, "datum": {"2026-03-01"}, f(tests[0], "waarde"): {" "}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem(fmt.Sprintf("#waarde-%d-error", tests[0])); got != a.T("uitslagen_praktijk.value_required") {
		t.Errorf("a set without values: %q", got)
	}
	a.db.Write.Exec(`UPDATE result_tests SET active = 0 WHERE id = ?`, tests[1])
	for _, set := range []url.Values{{"groep": {"999999"}}, {"test": {fmt.Sprint(tests[1])}}, {}} {
		set.Set("datum", "2026-03-01")
		set.Set(f(tests[1], "waarde"), "5")
		p = staff.post(path, set)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Problem("#groep-error")+p.Problem("#test-error") != a.T("uitslagen_praktijk.set_required") {
			t.Errorf("set %v: no error at the chooser", set)
		}
	}
	if n := a.number(`SELECT count(*) FROM results WHERE patient_id = ? AND test_id IN (?, ?, ?, ?)`, me.ID, tests[0], tests[1], tests[2], tests[3]); n != 0 {
		t.Errorf("%d results stored from forms with errors", n)
	}
}
