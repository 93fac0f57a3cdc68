package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"balie/queries"
)

// Every route that is not public refuses an anonymous visitor: to the sign-in page, or for htmx a
// 401 telling it to go there.
func TestEveryProtectedRouteRefusesAnonymousVisitors(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	checked := 0
	for _, r := range a.app.Routes() {
		if r.Public() {
			continue
		}
		path := strings.ReplaceAll(r.Path, ":id", fmt.Sprint(a.people[0].ID))
		req, _ := http.NewRequest(r.Method, a.srv.URL+path, nil)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		p := c.do(req)
		if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/inloggen" {
			t.Errorf("%s %s: anonymous got %d → %q", r.Method, r.Path, p.StatusCode, p.Header.Get("Location"))
		}
		req.Header.Set("HX-Request", "true")
		p = c.do(req)
		if p.StatusCode != http.StatusUnauthorized || p.Header.Get("HX-Redirect") != "/inloggen" {
			t.Errorf("%s %s (htmx): anonymous got %d, HX-Redirect %q", r.Method, r.Path, p.StatusCode, p.Header.Get("HX-Redirect"))
		}
		checked++
	}
	if checked < 5 {
		t.Fatalf("only %d protected routes found", checked)
	}
	// The list of public routes is short and deliberate.
	var public []string
	for _, r := range a.app.Routes() {
		if r.Public() {
			public = append(public, r.Method+" "+r.Path)
		}
	}
	want := "GET / GET /healthz GET /manifest.webmanifest GET /static/* GET /inloggen POST /inloggen POST /inloggen/passkey/begin POST /inloggen/passkey/finish GET /activeren/:token POST /activeren/:token POST /activeren/:token/nieuw POST /wachtwoord/regels GET /wachtwoord-vergeten POST /wachtwoord-vergeten GET /wachtwoord-herstellen/:token POST /wachtwoord-herstellen/:token POST /wachtwoord-herstellen/:token/sms POST /wachtwoord-herstellen/:token/passkey/begin POST /wachtwoord-herstellen/:token/passkey/finish POST /taal POST /contrast GET /inzien POST /inzien POST /inzien/stoppen GET /inzien/dossier GET /inzien/dossier/:id GET /inzien/dossier/:id/pdf GET /inzien/documenten GET /inzien/documenten/:id GET /inzien/medicatie GET /inzien/uitslagen GET /inzien/afspraken GET /agenda/:token GET /demo/outbox"
	if got := strings.Join(public, " "); got != want {
		t.Fatalf("public routes changed:\n got %s\nwant %s", got, want)
	}
}

func TestStaffPagesRefusePatients(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	for _, path := range []string{"/praktijk/patienten", fmt.Sprintf("/praktijk/patienten/%d", a.people[0].ID)} {
		p := c.get(path)
		wantStatus(t, p, http.StatusForbidden)
		if got := p.Text("main h1"); got != a.T("error.forbidden_title") {
			t.Fatalf("%s: h1 = %q", path, got)
		}
	}
}

func TestPatientPagesRefuseStaff(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.staffClient("practitioner")
	for _, path := range []string{"/overzicht", "/profiel"} {
		wantStatus(t, c.get(path), http.StatusForbidden)
	}
}

// A patient sees only their own data: the overview and profile are scoped by the session, never by
// anything in the URL, so patient B's name, number and appointments never appear for patient A.
func TestPatientSeesOnlyOwnData(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	c := a.patientClient(0)
	for _, path := range []string{"/overzicht", "/profiel", "/profiel?id=" + fmt.Sprint(other.ID), "/overzicht?patient=" + fmt.Sprint(other.ID)} {
		p := c.get(path)
		wantStatus(t, p, http.StatusOK)
		if strings.Contains(p.Body, other.PatientNumber.String) || strings.Contains(p.Body, other.Email) {
			t.Fatalf("%s shows the other patient's data", path)
		}
	}
	if p := c.get("/profiel"); !strings.Contains(p.Body, me.PatientNumber.String) {
		t.Fatal("profile does not show my own patient number")
	}
}

// Routes with an id: a patient id that is not a patient (a staff member, nobody) is a 404.
func TestPatientPageUnknownIDsAre404(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.staffClient("assistant")
	wantStatus(t, c.get(fmt.Sprintf("/praktijk/patienten/%d", a.people[0].ID)), http.StatusOK)
	for _, id := range []string{fmt.Sprint(a.staff["admin"].ID), "999999", "abc", "-1"} {
		p := c.get("/praktijk/patienten/" + id)
		wantStatus(t, p, http.StatusNotFound)
		if got := p.Text("main h1"); got != a.T("error.not_found_title") {
			t.Fatalf("id %s: h1 = %q", id, got)
		}
	}
}

func TestEveryReadOfPatientDataIsLogged(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	pc := a.patientClient(0)
	wantStatus(t, pc.get("/overzicht"), http.StatusOK)
	wantStatus(t, pc.get("/profiel"), http.StatusOK)
	sc := a.staffClient("assistant")
	wantStatus(t, sc.get(fmt.Sprintf("/praktijk/patienten/%d", a.people[1].ID)), http.StatusOK)
	wantStatus(t, sc.get("/praktijk/patienten"), http.StatusOK)

	mine, err := a.db.R.ListAccessLogForPatient(ctx, queries.ListAccessLogForPatientParams{PatientID: a.people[0].ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range mine {
		seen[e.ActorRole+" "+e.ObjectType+" "+e.Action] = true
		if e.Address == "" || e.RequestID == "" || e.Outcome != "ok" {
			t.Fatalf("incomplete row %+v", e)
		}
	}
	for _, want := range []string{"patient overview read", "patient profile read", "assistant patient_list list"} {
		if !seen[want] {
			t.Errorf("no access-log row %q in %v", want, seen)
		}
	}
	theirs, err := a.db.R.ListAccessLogForPatient(ctx, queries.ListAccessLogForPatientParams{PatientID: a.people[1].ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range theirs {
		if e.ActorID.Int64 == a.staff["assistant"].ID && e.ObjectType == "patient" && e.ObjectID.Int64 == a.people[1].ID {
			found = true
		}
	}
	if !found {
		t.Fatal("the staff read of a patient page was not logged")
	}
	// The log is append-only, even for the application's own connection.
	if _, err := a.db.Write.Exec("UPDATE access_log SET action = 'x'"); err == nil {
		t.Fatal("access log rows could be updated")
	}
	if _, err := a.db.Write.Exec("DELETE FROM access_log"); err == nil {
		t.Fatal("access log rows could be deleted")
	}
}

// A session that has passed only the password step reaches nothing but its own stage's pages: every
// other protected route sends it back to the code page, with nothing of the portal in the answer.
func TestHalfSignedInSessionReachesNothing(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	p := c.post("/inloggen", url.Values{"naam": {a.people[0].UserName.String}, "wachtwoord": {demoPassword}})
	if p.Header.Get("Location") != "/inloggen/code" {
		t.Fatalf("after the password: %q", p.Header.Get("Location"))
	}
	walkAsStage(t, a, c, "factor", "/inloggen/code")
}

func walkAsStage(t *testing.T, a *testApp, c *client, stage, home string) {
	t.Helper()
	checked := 0
	for _, r := range a.app.Routes() {
		if r.Public() || r.AnyStage() || r.Stage() == stage {
			continue
		}
		path := strings.ReplaceAll(strings.ReplaceAll(r.Path, ":id", fmt.Sprint(a.people[0].ID)), ":token", "x")
		req, _ := http.NewRequest(r.Method, a.srv.URL+path, nil)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		p := c.do(req)
		if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != home {
			t.Errorf("%s %s in stage %s: %d → %q", r.Method, r.Path, stage, p.StatusCode, p.Header.Get("Location"))
		}
		if strings.Contains(p.Body, a.people[0].PatientNumber.String) {
			t.Errorf("%s %s in stage %s shows patient data", r.Method, r.Path, stage)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d routes walked", checked)
	}
}
