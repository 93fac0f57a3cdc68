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
	if next != "/praktijk/patienten?p=2" {
		t.Fatalf("next page link %q", next)
	}
	if n := c.get(next).Doc.Find("table.patients tbody tr").Length(); n != 5 {
		t.Fatalf("second page has %d rows", n)
	}

	// An old link past the last page shows the last page.
	if p := c.get("/praktijk/patienten?p=9"); p.Header.Get("Location") != "/praktijk/patienten?p=2" {
		t.Fatalf("page past the end: %d %q", p.StatusCode, p.Header.Get("Location"))
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
