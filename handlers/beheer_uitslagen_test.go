package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The administrator adds a group and a test in it, changes the test (a new range holds for new values
// only), retires it (no longer entered, its results kept) and takes it back into use.
func TestResultAdminAddsChangesAndRetiresATest(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	admin, staff := a.staffClient("admin"), a.staffClient("practitioner")
	p := admin.post("/praktijk/beheer/uitslagen/groepen", url.Values{"naam_nl": {"Schildklier"}, "naam_en": {"Thyroid"}, "regel": {"direct"}, "dagen": {"3"}})
	wantStatus(t, p, http.StatusSeeOther)
	if got := admin.follow(p).Text(".notice"); got != a.T("beheer_uitslagen.notice_group_added") {
		t.Errorf("notice %q", got)
	}
	group := a.number(`SELECT id FROM result_groups WHERE name_nl = 'Schildklier' AND name_en = 'Thyroid' AND release = 'direct'`)
	p = admin.post("/praktijk/beheer/uitslagen/bepalingen", url.Values{"groep": {fmt.Sprint(group)}, "code": {"FT4"}, "naam_nl": {"Vrij T4"},
		"naam_en": {"Free T4"}, "soort": {"quantity"}, "eenheid": {"pmol/l"}, "laag": {"10,5"}, "hoog": {"23"}})
	wantStatus(t, p, http.StatusSeeOther)
	test := a.number(`SELECT id FROM result_tests WHERE group_id = ? AND code = 'FT4' AND name_en = 'Free T4' AND unit = 'pmol/l'
		AND ref_low = 10.5 AND ref_high = 23 AND kind = 'quantity' AND active = 1`, group)
	if !strings.Contains(admin.get("/praktijk/beheer/uitslagen").Text(fmt.Sprintf(`section[aria-labelledby="group-%d"] .entry-list`, group)), "Vrij T4") {
		t.Error("the group does not list its new test")
	}
	a.enterResult(staff, me.ID, test, "24", "")

	edit := admin.get(fmt.Sprintf("/praktijk/beheer/uitslagen/bepalingen/%d", test))
	if got := edit.Doc.Find("#laag").AttrOr("value", ""); got != "10,5" {
		t.Errorf("the edit form shows the lower limit %q", got)
	}
	wantStatus(t, admin.post(fmt.Sprintf("/praktijk/beheer/uitslagen/bepalingen/%d", test), url.Values{"groep": {fmt.Sprint(group)}, "code": {"FT4"},
		"naam_nl": {"Vrij T4 (FT4)"}, "naam_en": {"Free T4"}, "soort": {"quantity"}, "eenheid": {"pmol/l"}, "laag": {"10,5"}, "hoog": {"25"}}), http.StatusSeeOther)
	if h := a.scalar(`SELECT ref_high FROM result_tests WHERE id = ?`, test); h != "25" {
		t.Errorf("the changed limit is %s", h)
	}
	if h := a.scalar(`SELECT CAST(ref_high AS INTEGER) || interpretation FROM results WHERE test_id = ?`, test); h != "23H" {
		t.Errorf("the earlier result's range changed: %s", h)
	}

	wantStatus(t, admin.post(fmt.Sprintf("/praktijk/beheer/uitslagen/bepalingen/%d/actief", test), nil), http.StatusSeeOther)
	form := staff.get(fmt.Sprintf("/praktijk/patienten/%d/uitslagen/nieuw", me.ID))
	if form.Doc.Find(fmt.Sprintf(`#test option[value="%d"]`, test)).Length() != 0 || form.Doc.Find(fmt.Sprintf(`#groep option[value="%d"]`, group)).Length() != 0 {
		t.Error("a retired test (and its group without others) can still be chosen")
	}
	p = staff.post(fmt.Sprintf("/praktijk/patienten/%d/uitslagen", me.ID), url.Values{"test": {fmt.Sprint(test)}, "datum": {"2026-03-01"},
		fmt.Sprintf("waarde-%d", test): {"12"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if !strings.Contains(collapse(a.patientClient(1).get("/uitslagen").Doc.Find(".results-list").Text()), "Vrij T4 (FT4)") {
		t.Error("the retired test's result is gone from the patient's list")
	}
	if !strings.Contains(admin.get("/praktijk/beheer/uitslagen").Text(fmt.Sprintf(`section[aria-labelledby="group-%d"] .entry-list`, group)), a.T("beheer_uitslagen.retired")) {
		t.Error("the retired test is not marked so")
	}
	wantStatus(t, admin.post(fmt.Sprintf("/praktijk/beheer/uitslagen/bepalingen/%d/actief", test), url.Values{"actief": {"1"}}), http.StatusSeeOther)
	if a.number(`SELECT active FROM result_tests WHERE id = ?`, test) != 1 {
		t.Error("the test is not in use again")
	}
}

// Every bad input of a test or a group comes back beside its field, translated, with what was typed
// kept (422); nothing is stored.
func TestResultAdminErrorsKeepInput(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	group := a.number(`SELECT min(id) FROM result_groups`)
	tests := a.number(`SELECT count(*) FROM result_tests`)
	p := admin.post("/praktijk/beheer/uitslagen/bepalingen", url.Values{"groep": {"999999"}, "naam_nl": {" "}, "naam_en": {"Free T4"},
		"soort": {"getal"}, "eenheid": {"pmol/l"}, "laag": {"tien"}, "hoog": {"23"}, "ref_tekst": {"Nuchter"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for field, key := range map[string]string{"groep": "beheer_uitslagen.group_required", "naam_nl": "beheer_uitslagen.name_nl_required",
		"soort": "beheer_uitslagen.kind_required", "laag": "beheer_uitslagen.low_number"} {
		if got := p.Problem("#" + field + "-error"); got != a.T(key) {
			t.Errorf("%s: error %q, want %q", field, got, a.T(key))
		}
	}
	if p.Doc.Find("#laag").AttrOr("value", "") != "tien" || p.Doc.Find("#naam_en").AttrOr("value", "") != "Free T4" || p.Doc.Find("#ref_tekst").AttrOr("value", "") != "Nuchter" {
		t.Error("what was typed is lost")
	}
	p = admin.post("/praktijk/beheer/uitslagen/bepalingen", url.Values{"groep": {fmt.Sprint(group)}, "naam_nl": {"Echo"}, "naam_en": {"Ultrasound"},
		"soort": {"text"}, "eenheid": {"cm"}, "laag": {""}, "hoog": {"3"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for _, field := range []string{"eenheid", "hoog"} {
		if got := p.Problem("#" + field + "-error"); got != a.T("beheer_uitslagen.text_no_range") {
			t.Errorf("a text test with %s: %q", field, got)
		}
	}
	p = admin.post("/praktijk/beheer/uitslagen/bepalingen", url.Values{"groep": {fmt.Sprint(group)}, "naam_nl": {"Kalium"}, "naam_en": {"Potassium"},
		"soort": {"quantity"}, "laag": {"5,0"}, "hoog": {"3.5"}, "code": {strings.Repeat("K", 31)}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#hoog-error"); got != a.T("beheer_uitslagen.range_order") {
		t.Errorf("limits the wrong way round: %q", got)
	}
	if p.Problem("#code-error") == "" {
		t.Error("a code over its limit has no error")
	}
	if n := a.number(`SELECT count(*) FROM result_tests`); n != tests {
		t.Errorf("%d tests stored from forms with errors", n-tests)
	}

	p = admin.post(fmt.Sprintf("/praktijk/beheer/uitslagen/groepen/%d", group), url.Values{fmt.Sprintf("naam_nl-%d", group): {""},
		fmt.Sprintf("naam_en-%d", group): {"Diabetes"}, fmt.Sprintf("regel-%d", group): {"direct"}, fmt.Sprintf("dagen-%d", group): {"3"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem(fmt.Sprintf("#naam_nl-%d-error", group)); got != a.T("beheer_uitslagen.name_nl_required") {
		t.Errorf("a group without its Dutch name: %q", got)
	}
	if got := p.Doc.Find(fmt.Sprintf("#naam_en-%d", group)).AttrOr("value", ""); got != "Diabetes" {
		t.Errorf("the group's English name typed is lost: %q", got)
	}
	p = admin.post("/praktijk/beheer/uitslagen/groepen", url.Values{"naam_nl": {"Urine"}, "naam_en": {""}, "regel": {"na_dagen"}, "dagen": {"0"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#naam_en-error") != a.T("beheer_uitslagen.name_en_required") || p.Problem("#dagen-error") != a.T("beheer_uitslagen.days_invalid") {
		t.Errorf("a new group's errors: %q, %q", p.Problem("#naam_en-error"), p.Problem("#dagen-error"))
	}
	if p.Doc.Find("#naam_nl").AttrOr("value", "") != "Urine" || p.Doc.Find(`input[name=regel][value=na_dagen]:checked`).Length() != 1 {
		t.Error("the new group's input is lost")
	}
	if n := a.number(`SELECT count(*) FROM result_groups WHERE name_nl = 'Urine' OR name_nl = ''`); n != 0 {
		t.Errorf("%d groups stored from forms with errors", n)
	}
}
