package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"balie/queries"
)

func TestPatientListSearch(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withPatients(30))
	c := a.staffClient("assistant")
	p := c.get("/praktijk/patienten")
	wantStatus(t, p, http.StatusOK)
	if got := p.Text("#patient-results [role=status]"); got != a.T("patients_praktijk.count", "Count", 30) {
		t.Fatalf("count line %q", got)
	}
	if n := p.Doc.Find("table.patients tbody tr").Length(); n != 25 {
		t.Fatalf("first page has %d rows", n)
	}
	next := p.Doc.Find(`.pager a[rel=next]`).AttrOr("href", "")
	if !strings.HasPrefix(next, "/praktijk/patienten?na=") {
		t.Fatalf("next page link %q", next)
	}
	if n := c.get(next).Doc.Find("table.patients tbody tr").Length(); n != 5 {
		t.Fatalf("second page has %d rows", n)
	}

	target := a.people[3]
	bd := target.BirthDate.Time
	for _, q := range []string{
		target.FamilyName,
		strings.ToLower(target.GivenName + " " + target.FamilyName),
		target.FullName(),
		bd.Format("02-01-2006"),
		fmt.Sprintf("%d-%d-%d", bd.Day(), int(bd.Month()), bd.Year()),
		bd.Format("2006-01-02"),
		strings.ToUpper(target.Email),
		target.PatientNumber.String,
	} {
		p := c.get("/praktijk/patienten?" + url.Values{"q": {q}}.Encode())
		wantStatus(t, p, http.StatusOK)
		found := false
		p.Doc.Find("table.patients tbody a").Each(func(_ int, s *goquery.Selection) {
			if s.AttrOr("href", "") == fmt.Sprintf("/praktijk/patienten/%d", target.ID) {
				found = true
			}
		})
		if !found {
			t.Errorf("search %q does not find %s", q, target.FullName())
		}
		if v := p.Doc.Find("#zoek").AttrOr("value", ""); v != q {
			t.Errorf("search box lost what was typed: %q", v)
		}
	}
	// Wildcards typed by staff are plain characters.
	if p := c.get("/praktijk/patienten?q=%25"); p.Doc.Find("table.patients tbody tr").Length() != 0 {
		t.Error("% matched everyone")
	}
	// A date that does not exist is explained, and what was typed is kept.
	p = c.get("/praktijk/patienten?q=31-02-1980")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#zoek-error") != a.T("patients_praktijk.bad_date") || p.Doc.Find("#zoek").AttrOr("value", "") != "31-02-1980" {
		t.Fatalf("bad date: %q", p.Problem("#zoek-error"))
	}
	p = c.get("/praktijk/patienten?q=zzzznietbestaand")
	if p.Text("#patient-results p:not([role])") != a.T("patients_praktijk.none") {
		t.Fatalf("no-result text %q", p.Text("#patient-results p:not([role])"))
	}
}

func TestPatientListFragmentForHtmx(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.staffClient("assistant")
	c.header.Set("HX-Request", "true")
	p := c.get("/praktijk/patienten?q=" + url.QueryEscape(a.people[0].FamilyName))
	wantStatus(t, p, http.StatusOK)
	if strings.Contains(p.Body, "<html") || p.Doc.Find("#patient-results").Length() != 1 {
		t.Fatal("an htmx search did not get only the fragment")
	}
	if !strings.Contains(p.Header.Get("Vary"), "HX-Request") {
		t.Fatal("no Vary: HX-Request")
	}
	c.header.Set("HX-Boosted", "true")
	if p := c.get("/praktijk/patienten"); !strings.Contains(p.Body, "<html") {
		t.Fatal("a boosted request did not get the whole page")
	}
}

func TestPatientPageShowsDetails(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.staffClient("practitioner")
	pt := a.people[2]
	p := c.get(fmt.Sprintf("/praktijk/patienten/%d", pt.ID))
	wantStatus(t, p, http.StatusOK)
	if p.Text("main h1") != pt.FullName() {
		t.Fatalf("h1 = %q", p.Text("main h1"))
	}
	if !strings.Contains(p.Body, pt.PatientNumber.String) || !strings.Contains(p.Body, a.tr["nl"].LongDay(pt.BirthDate.Time)) {
		t.Fatal("patient number or birth date missing")
	}
}

// Staff pages speak to staff: the patient's practitioner is not "Uw behandelaar", and the patient's footer
// ("Spoed? Bel 112") is not on them. The patient's own profile keeps both.
func TestStaffPagesSpeakToStaff(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	i := slices.IndexFunc(a.people, func(p queries.User) bool { return p.PractitionerID.Valid })
	if i < 0 {
		t.Fatal("no demo patient with a practitioner")
	}
	patient := fmt.Sprintf("/praktijk/patienten/%d", a.people[i].ID)
	staff := a.staffClient("assistant")
	for _, path := range []string{patient, "/praktijk/patienten", "/praktijk/berichten"} {
		p := staff.get(path)
		wantStatus(t, p, http.StatusOK)
		if p.Doc.Find("footer").Length() != 0 || strings.Contains(p.Body, a.T("layout.urgent")) {
			t.Errorf("%s shows the patients' footer to staff", path)
		}
	}
	labels := staff.get(patient).Doc.Find(".details dt").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if !slices.Contains(labels, a.T("patients_praktijk.patient_practitioner")) || slices.Contains(labels, a.T("profile.practitioner")) {
		t.Errorf("the staff patient page has the labels %q, want %q for the practitioner", labels, a.T("patients_praktijk.patient_practitioner"))
	}

	p := a.patientClient(i).get("/profiel")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text(".details"), a.T("profile.practitioner")) {
		t.Error("the patient's profile no longer names their own practitioner")
	}
	if !strings.Contains(p.Text("footer"), a.T("layout.urgent")) {
		t.Error("the patient's pages lost their footer")
	}
}

// listedIDs are the patients a page of the list links to, in its order.
func listedIDs(p *page) []int64 {
	var ids []int64
	p.Doc.Find("table.patients tbody th a").Each(func(_ int, s *goquery.Selection) {
		var id int64
		fmt.Sscanf(s.AttrOr("href", ""), "/praktijk/patienten/%d", &id)
		ids = append(ids, id)
	})
	return ids
}

// searchIDs are the patients a search lists on its first page.
func (c *client) searchIDs(q string) []int64 {
	c.t.Helper()
	p := c.get("/praktijk/patienten?" + url.Values{"q": {q}}.Encode())
	wantStatus(c.t, p, http.StatusOK)
	return listedIDs(p)
}

// Paging forward and back from cursors: every patient exactly once, in the card index's order, and the
// pages back are the pages forward. A search keeps its words on every page.
func TestPatientListPagesForwardAndBack(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withPatients(60))
	c := a.staffClient("assistant")
	want := a.ids(`SELECT id FROM users WHERE role = 'patient' AND active = 1 ORDER BY family_name, given_name, id`)
	if len(want) != 60 {
		t.Fatalf("%d patients, want 60", len(want))
	}

	var forward [][]int64
	link := "/praktijk/patienten"
	for link != "" {
		p := c.get(link)
		wantStatus(t, p, http.StatusOK)
		if got := p.Text("#patient-results [role=status]"); got != a.T("patients_praktijk.count", "Count", 60) {
			t.Fatalf("%s: count line %q", link, got)
		}
		if prev := p.Doc.Find(`.pager a[rel=prev]`).Length(); (prev == 0) != (len(forward) == 0) {
			t.Fatalf("%s: %d links back", link, prev)
		}
		forward = append(forward, listedIDs(p))
		link = p.Doc.Find(`.pager a[rel=next]`).AttrOr("href", "")
	}
	if got := slices.Concat(forward...); !slices.Equal(got, want) || len(forward) != 3 {
		t.Fatalf("forward in %d pages: %v, want %v", len(forward), got, want)
	}

	// Back from the last page: the same pages.
	p := c.get("/praktijk/patienten")
	for range len(forward) - 1 {
		p = c.get(p.Doc.Find(`.pager a[rel=next]`).AttrOr("href", ""))
	}
	for i := len(forward) - 1; i >= 0; i-- {
		if got := listedIDs(p); !slices.Equal(got, forward[i]) {
			t.Fatalf("page %d read back: %v, want %v", i+1, got, forward[i])
		}
		if i > 0 {
			p = c.get(p.Doc.Find(`.pager a[rel=prev]`).AttrOr("href", ""))
			wantStatus(t, p, http.StatusOK)
		}
	}
	if p.Doc.Find(`.pager a[rel=prev]`).Length() != 0 {
		t.Fatal("the first page, read back, links to a page before it")
	}

	// A search that fills more than a page keeps its words in the links.
	p = c.get("/praktijk/patienten?q=P0000")
	next := p.Doc.Find(`.pager a[rel=next]`).AttrOr("href", "")
	if !strings.Contains(next, "q=P0000") {
		t.Fatalf("the next page of a search is %q", next)
	}
	p2 := c.get(next)
	if v := p2.Doc.Find("#zoek").AttrOr("value", ""); v != "P0000" || !strings.Contains(p2.Doc.Find(`.pager a[rel=prev]`).AttrOr("href", ""), "q=P0000") {
		t.Fatalf("the second page of a search lost it: %q", v)
	}
	if got := append(listedIDs(p), listedIDs(p2)...); len(got) != 50 || len(slices.Compact(slices.Sorted(slices.Values(got)))) != 50 {
		t.Fatalf("two pages of a search: %v", got)
	}
}

// A cursor that is not one, or names no patient, shows the list from its start: never an error.
func TestPatientListTamperedCursors(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withPatients(30))
	c := a.staffClient("assistant")
	first := listedIDs(c.get("/praktijk/patienten"))
	for _, q := range []string{"na=%%%", "na=bm9wZQ", "voor=e30", "na=OTk5OTk5", "voor=LTE", "na=", "na=MQ&voor=Mg",
		"na=" + strings.Repeat("A", 5000), "q=P0000&voor=OTk5OTk5"} {
		p := c.get("/praktijk/patienten?" + q)
		if p.StatusCode == http.StatusSeeOther {
			loc := p.Header.Get("Location")
			if loc != "/praktijk/patienten" && loc != "/praktijk/patienten?q=P0000" {
				t.Errorf("%s: sent to %q", q, loc)
			}
			p = c.get(loc)
		}
		wantStatus(t, p, http.StatusOK)
		if got := listedIDs(p); len(got) == 0 || (!strings.HasPrefix(q, "q=") && !strings.HasPrefix(q, "na=MQ") && !slices.Equal(got, first)) {
			t.Errorf("%s: listed %v", q, got)
		}
	}
}

// The search index finds a patient by the start of any part of their name, number, birth date or
// address, without regard to case or accents, and follows every change of them.
func TestPatientSearchIndex(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withPatients(30))
	c := a.staffClient("assistant")
	target := a.people[5]
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := a.db.Write.Exec(query, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE users SET given_name = 'Şükrü', name_prefix = 'van der', family_name = 'Özdemir-Müller', email = 'sukru.ozdemir@voorbeeld.example' WHERE id = ?`, target.ID)
	finds := func(q string, want bool) {
		t.Helper()
		if got := slices.Contains(c.searchIDs(q), target.ID); got != want {
			t.Errorf("search %q finds the patient: %v, want %v", q, got, want)
		}
	}
	for _, q := range []string{
		"Özdemir", "ozdemir", "OZDEMIR", "özd", "muller", "Müller", "Özdemir-Müller", "sukru", "Şükrü özdemir",
		"özdemir şükrü", "ş özdemir", "van der Özdemir", "van der", "sukru.ozdemir@", "SUKRU.OZDEMIR@VOORBEELD.EXAMPLE",
		"sukru.ozdemir@voorb", "sukruozdemir", // an address is one word, typed from its start
		target.PatientNumber.String, strings.ToLower(target.PatientNumber.String), strings.TrimLeft(target.PatientNumber.String, "P0"),
		target.BirthDate.Time.Format("02-01-2006"), target.BirthDate.Time.Format("2006-01-02"),
	} {
		finds(q, true)
	}
	for _, q := range []string{target.FamilyName + " " + target.GivenName, "ozdemir jansen", "demir", "sukru.jansen@",
		"ozdemir@voorbeeld.example"} {
		finds(q, false) // the old name is gone; words start where the patient's words start
	}

	// The Turkish dotless ı is found by an i, and the other way round.
	exec(`UPDATE users SET family_name = 'Yılmaz' WHERE id = ?`, target.ID)
	finds("yilmaz", true)
	finds("Yılmaz", true)
	finds("YILMAZ", true)
	finds("muller", false)

	// A patient who leaves the practice leaves the list and the search; one who comes back returns.
	exec(`UPDATE users SET active = 0 WHERE id = ?`, target.ID)
	finds("yilmaz", false)
	finds(target.PatientNumber.String, false)
	exec(`UPDATE users SET active = 1 WHERE id = ?`, target.ID)
	finds("yilmaz", true)

	// One or two letters open the card index at the family names that start with them.
	for _, q := range []string{"y", "Y", "yı"} {
		p := c.get("/praktijk/patienten?" + url.Values{"q": {q}}.Encode())
		wantStatus(t, p, http.StatusOK)
		names := p.Doc.Find("table.patients tbody th a").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if !slices.Contains(listedIDs(p), target.ID) {
			t.Errorf("%q does not list Yılmaz: %q", q, names)
		}
		for _, n := range names {
			if !strings.HasPrefix(n, "Y") {
				t.Errorf("%q lists %q", q, n)
			}
		}
	}
	if got := c.searchIDs("Yz"); len(got) != 0 {
		t.Errorf("Yz lists %v", got)
	}
}

// A count that no one reads in full stops: more than 1,000 patients are "Meer dan 1.000 patiënten",
// for the whole list and for a search, while the first page shows as usual.
func TestPatientListCountStops(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.staffClient("assistant")
	// 1,001 more patients, all named Visser, straight into the table (the search index follows).
	if _, err := a.db.Write.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
		INSERT INTO users (role, email, given_name, family_name, patient_number, created_at)
		SELECT 'patient', 'visser' || i || '@voorbeeld.example', 'Kees', 'Visser', 'V' || i, '2025-01-01 00:00:00' FROM n`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "visser", "kees v", "vi"} {
		p := c.get("/praktijk/patienten?" + url.Values{"q": {q}}.Encode())
		wantStatus(t, p, http.StatusOK)
		if got := p.Text("#patient-results [role=status]"); got != a.T("patients_praktijk.count_more") {
			t.Errorf("%q: count line %q", q, got)
		}
		if n := len(listedIDs(p)); n != 25 || p.Doc.Find(`.pager a[rel=next]`).Length() != 1 {
			t.Errorf("%q: %d patients on the first page", q, n)
		}
	}
	if a.tr["en"].T("patients_praktijk.count_more") != "More than 1,000 patients" {
		t.Error("the English count is not the cap")
	}
}

// The search reads its hits in the order of the patients' places (schema.sql, patient_places), and
// patients who share a place are sorted by name: a search lists exactly what the card index would, page
// by page, forward and back, also where 70 patients were added each before the last (every new one
// halves the room before it, until they share a place) and after they change.
func TestPatientSearchSharedPlaces(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withPatients(30))
	c := a.staffClient("assistant")
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := a.db.Write.Exec(query, args...); err != nil {
			t.Fatal(err)
		}
	}
	// Anna Zwaluw 070, then 069 … 001: each sorts before all the Zwaluws before them, ids the other way.
	exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
		INSERT INTO users (role, email, given_name, family_name, patient_number, created_at)
		SELECT 'patient', 'zwaluw' || i || '@voorbeeld.example', printf('Anna %03d', 71 - i), 'Zwaluw', 'Z' || i,
		       '2025-01-01 00:00:00' FROM n`)
	var shared int
	if err := a.db.Read.QueryRow(`SELECT count(*) - count(DISTINCT place) FROM patient_places`).Scan(&shared); err != nil {
		t.Fatal(err)
	}
	if shared == 0 {
		t.Fatal("no patients share a place: the test tests nothing")
	}

	check := func(step string) {
		t.Helper()
		var decreasing int
		if err := a.db.Read.QueryRow(`SELECT count(*) FROM (SELECT p.place, lag(p.place) OVER (ORDER BY u.family_name, u.given_name, u.id) AS before
			FROM users u JOIN patient_places p ON p.id = u.id WHERE u.role = 'patient' AND u.active = 1) WHERE place < before`).Scan(&decreasing); err != nil {
			t.Fatal(err)
		}
		if decreasing > 0 {
			t.Errorf("%s: %d places lower than the one before them in the list", step, decreasing)
		}
		want := a.ids(`SELECT id FROM users WHERE role = 'patient' AND active = 1 AND family_name = 'Zwaluw'
			ORDER BY family_name, given_name, id`)
		var forward [][]int64
		p := c.get("/praktijk/patienten?q=zwaluw")
		for {
			wantStatus(t, p, http.StatusOK)
			forward = append(forward, listedIDs(p))
			next := p.Doc.Find(`.pager a[rel=next]`).AttrOr("href", "")
			if next == "" {
				break
			}
			p = c.get(next)
		}
		if got := slices.Concat(forward...); !slices.Equal(got, want) {
			t.Fatalf("%s: forward %v, want %v", step, got, want)
		}
		for i := len(forward) - 2; i >= 0; i-- {
			p = c.get(p.Doc.Find(`.pager a[rel=prev]`).AttrOr("href", ""))
			wantStatus(t, p, http.StatusOK)
			if got := listedIDs(p); !slices.Equal(got, forward[i]) {
				t.Fatalf("%s: page %d read back: %v, want %v", step, i+1, got, forward[i])
			}
		}
	}
	check("added")
	exec(`UPDATE users SET given_name = 'Anna 999' WHERE family_name = 'Zwaluw' AND given_name = 'Anna 003'`)
	exec(`UPDATE users SET given_name = 'Anna 000' WHERE family_name = 'Zwaluw' AND given_name = 'Anna 060'`)
	exec(`UPDATE users SET active = 0 WHERE family_name = 'Zwaluw' AND given_name = 'Anna 030'`)
	exec(`DELETE FROM users WHERE family_name = 'Zwaluw' AND given_name = 'Anna 010'`)
	check("changed")
}
