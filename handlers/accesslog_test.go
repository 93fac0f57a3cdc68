package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"balie/internal/factor"
)

// scalar is the one value query returns, as text, read as the next request would see it.
func (a *testApp) scalar(query string, args ...any) string {
	a.t.Helper()
	var v any
	if err := a.db.Read.QueryRow(query, args...).Scan(&v); err != nil {
		a.t.Fatalf("%s: %v", query, err)
	}
	return fmt.Sprint(v)
}

// ids are the ids query returns, in its order.
func (a *testApp) ids(query string, args ...any) []int64 {
	a.t.Helper()
	rows, err := a.db.Read.Query(query, args...)
	if err != nil {
		a.t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			a.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		a.t.Fatal(err)
	}
	return ids
}

// diaryEntryID is the entry a redirect after saving leads to (/dagboek/<id>?…).
func diaryEntryID(p *page) string {
	return strings.Split(strings.TrimPrefix(p.Header.Get("Location"), "/dagboek/"), "?")[0]
}

// Diary posts whose browser goes away as soon as the request is sent: each ends with its entry and its
// change row, or with neither (NEN 7513: never a change without its row). When the server notices the
// closed connection depends on the moment, so 400 posts, in bursts of 5 at once, meet it at every step
// of the handler (before the fix, some of those that got through lost their row).
func TestChangesOfGoneClientsKeepTheirLogRows(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	const bursts, perBurst = 80, 5
	for b := range bursts {
		var wg sync.WaitGroup
		for i := range perBurst {
			wg.Go(func() {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				// The browser closes the connection once the request is written, before any answer.
				ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { cancel() }})
				form := url.Values{"titel": {fmt.Sprintf("Weggeklikt %d-%d", b, i)}, "datum": {"2026-03-02"}, "tekst": {"Snel weer weg."}}
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL+"/dagboek", strings.NewReader(form.Encode()))
				if err != nil {
					t.Error(err)
					return
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", a.srv.URL)
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				if resp, err := c.http.Do(req); err == nil {
					resp.Body.Close()
				}
			})
		}
		wg.Wait()
	}
	a.srv.Close() // returns once every request the server took has finished

	entries := a.scalar(`SELECT count(*) FROM diary_entries WHERE patient_id = ? AND title LIKE 'Weggeklikt %'`, me.ID)
	unlogged := a.scalar(`SELECT count(*) FROM diary_entries d WHERE d.patient_id = ? AND d.title LIKE 'Weggeklikt %' AND NOT EXISTS
		(SELECT 1 FROM access_log l WHERE l.object_type = 'diary_entry' AND l.object_id = d.id AND l.action = 'change' AND l.outcome = 'ok')`, me.ID)
	orphans := a.scalar(`SELECT count(*) FROM access_log l WHERE l.actor_id = ? AND l.object_type = 'diary_entry' AND l.action = 'change'
		AND NOT EXISTS (SELECT 1 FROM diary_entries d WHERE d.id = l.object_id)`, me.ID)
	t.Logf("%s of %d posts stored", entries, bursts*perBurst)
	if unlogged != "0" || orphans != "0" {
		t.Fatalf("of %s stored entries %s have no change row, and %s change rows have no entry", entries, unlogged, orphans)
	}
}

// A change and its access-log row commit together or not at all, in every area: when the row cannot be
// written, the change is undone and the user gets the error page. Each case is then done again without
// the failure, which must change what it looks at (so the case does test something).
func TestChangesAreUndoneWhenTheirLogRowFails(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	pc := a.patientClient(0)
	sc := a.staffClient("practitioner")
	oc := a.patientClient(1) // account changes, on a patient of their own
	ctx := context.Background()

	entry := diaryEntryID(pc.post("/dagboek", url.Values{"titel": {"Notitie"}, "datum": {"2026-03-01"}, "tekst": {"Eerste tekst"}}))
	wantStatus(t, pc.postDocument("Eigen brief", "brief.pdf", testPDF), http.StatusSeeOther)
	doc := uploadedID(t, pc, "Eigen brief")
	thread := threadID(pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {"Mijn vraag"}}))
	invitee := newInvitee(t, a, "noor.bos@example.org")
	mobiles := []string{"06 5555 1111", "06 5555 2222"}
	// Two more sessions of the other patient's, for the case that ends one (each attempt its own).
	var sessions []string
	for range 2 {
		a.fixed.Advance(time.Minute)
		a.patientClient(1)
		sessions = append(sessions, a.scalar(`SELECT id_hash FROM sessions WHERE user_id = ? ORDER BY created_at DESC LIMIT 1`, other.ID))
	}

	// Each case: what the user does (attempt 0 with the failing row, 1 without), and what it changes.
	cases := []struct {
		name  string
		act   func(attempt int) *page
		state string // a query of one value, with arg
		arg   any
	}{
		{"new diary entry", func(int) *page {
			return pc.post("/dagboek", url.Values{"titel": {"Nieuw"}, "datum": {"2026-03-02"}, "tekst": {"Tekst"}})
		}, `SELECT count(*) FROM diary_entries WHERE patient_id = ?`, me.ID},
		{"diary entry edited", func(int) *page {
			return pc.post("/dagboek/"+entry, url.Values{"titel": {"Notitie"}, "datum": {"2026-03-01"}, "tekst": {"Andere tekst"}})
		}, `SELECT body FROM diary_entries WHERE id = ?`, entry},
		{"diary entry shared", func(int) *page {
			return pc.post("/dagboek/"+entry+"/delen", nil)
		}, `SELECT shared_at IS NULL FROM diary_entries WHERE id = ?`, entry},
		{"diary entry deleted", func(int) *page {
			return pc.post("/dagboek/"+entry+"/verwijderen", nil)
		}, `SELECT count(*) FROM diary_entries WHERE id = ?`, entry},
		{"draft saved", func(attempt int) *page {
			return pc.post("/concept", draftForm("nieuw", "Concept", "Getypt", int64(10+attempt)))
		}, `SELECT count(*) FROM drafts WHERE kind = 'diary' AND user_id = ?`, me.ID},
		{"document added", func(int) *page {
			return pc.postDocument("Nog een brief", "brief.pdf", testPDF)
		}, `SELECT count(*) FROM documents WHERE patient_id = ?`, me.ID},
		{"document deleted", func(int) *page {
			return pc.post("/documenten/"+doc+"/verwijderen", nil)
		}, `SELECT count(*) FROM documents WHERE id = ?`, doc},
		{"message sent", func(int) *page {
			return pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Nog een vraag"}, "tekst": {"Tekst"}})
		}, `SELECT count(*) FROM message_threads WHERE patient_id = ?`, me.ID},
		{"patient's reply", func(int) *page {
			return pc.post("/berichten/"+thread, url.Values{"tekst": {"Aanvulling"}})
		}, `SELECT count(*) FROM messages WHERE thread_id = ?`, thread},
		{"photo added", func(int) *page {
			return pc.postFiles("/berichten/vraag/concept", url.Values{"titel": {"Huid"}}, upload{"plek.jpg", testJPEG(t, 64, 48)})
		}, `SELECT count(*) FROM photos WHERE patient_id = ?`, me.ID},
		{"photo removed", func(int) *page {
			pending := a.scalar(`SELECT max(id) FROM photos WHERE message_id IS NULL AND patient_id = ?`, me.ID)
			return pc.postFiles("/berichten/vraag/concept", url.Values{"titel": {"Huid"}, "verwijder": {pending}})
		}, `SELECT count(*) FROM photos WHERE patient_id = ?`, me.ID},
		{"e-consult sent", func(int) *page {
			return pc.postFiles("/berichten/vraag", url.Values{"titel": {"Plekje"}, "tekst": {"Sinds een week."}})
		}, `SELECT count(*) FROM message_threads WHERE kind = 'econsult' AND patient_id = ?`, me.ID},
		{"conversation assigned", func(int) *page {
			return sc.post("/praktijk/berichten/"+thread+"/toewijzen", url.Values{"aan": {fmt.Sprint(a.staff["practitioner"].ID)}})
		}, `SELECT coalesce(assigned_to, 0) FROM message_threads WHERE id = ?`, thread},
		{"conversation handled", func(int) *page {
			return sc.post("/praktijk/berichten/"+thread+"/afgehandeld", nil)
		}, `SELECT handled_at IS NULL FROM message_threads WHERE id = ?`, thread},
		{"staff reply", func(int) *page {
			return sc.post("/praktijk/berichten/"+thread, url.Values{"tekst": {"Antwoord"}})
		}, `SELECT count(*) FROM messages WHERE thread_id = ?`, thread},
		{"invitation", func(int) *page {
			return sc.post(fmt.Sprintf("/praktijk/patienten/%d/uitnodigen", invitee.ID), nil)
		}, `SELECT count(*) FROM activations WHERE user_id = ?`, invitee.ID},
		{"account unlocked", func(int) *page {
			return sc.post(fmt.Sprintf("/praktijk/patienten/%d/ontgrendelen", other.ID), nil)
		}, `SELECT count(*) FROM account_events WHERE user_id = ?`, other.ID},
		{"session ended", func(attempt int) *page {
			return oc.post("/account/beveiliging/sessies/beeindigen", url.Values{"sessie": {sessions[attempt]}})
		}, `SELECT count(*) FROM sessions WHERE user_id = ?`, other.ID},
		{"authenticator app added", func(int) *page {
			oc.post("/account/beveiliging/nieuw/app", nil)
			secret := strings.ReplaceAll(oc.get("/account/beveiliging/nieuw/app").Text("code.secret"), " ", "")
			return oc.post("/account/beveiliging/nieuw/app/bevestig", url.Values{"code": {factor.TOTPCode(secret, a.clock.Now())}})
		}, `SELECT count(*) FROM factors WHERE user_id = ?`, other.ID},
		{"factor removed", func(int) *page {
			f, _ := a.db.R.ListFactors(ctx, other.ID)
			return oc.post(fmt.Sprintf("/account/beveiliging/factoren/%d/verwijderen", f[len(f)-1].ID), nil)
		}, `SELECT count(*) FROM factors WHERE user_id = ?`, other.ID},
		{"mobile changed", func(attempt int) *page {
			a.fixed.Advance(time.Minute)
			oc.post("/account/beveiliging/mobiel", url.Values{"mobiel": {mobiles[attempt]}, "wachtwoord": {demoPassword}})
			a.deliver()
			msgs := a.sms.Messages()
			return oc.post("/account/beveiliging/mobiel/bevestig", url.Values{"code": {sixDigits.FindString(msgs[len(msgs)-1].Text)}})
		}, `SELECT mobile FROM users WHERE id = ?`, other.ID},
		{"password changed", func(int) *page {
			return oc.post("/account/beveiliging/wachtwoord", url.Values{"huidig": {demoPassword}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
		}, `SELECT password_hash FROM users WHERE id = ?`, other.ID},
	}
	failing := func(on bool) {
		t.Helper()
		q := `DROP TRIGGER IF EXISTS test_change_row_fails`
		if on {
			q = `CREATE TRIGGER test_change_row_fails BEFORE INSERT ON access_log WHEN NEW.action = 'change' AND NEW.outcome = 'ok'
				BEGIN SELECT RAISE(ABORT, 'the change row cannot be written'); END`
		}
		if _, err := a.db.Write.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range cases {
		before := a.scalar(tc.state, tc.arg)
		failing(true)
		p := tc.act(0)
		failing(false)
		if p.StatusCode != http.StatusInternalServerError || p.Text("main h1") != a.T("error.title") {
			t.Errorf("%s without its row: status %d, h1 %q", tc.name, p.StatusCode, p.Text("main h1"))
		}
		if after := a.scalar(tc.state, tc.arg); after != before {
			t.Errorf("%s: stored without its row (%s → %s)", tc.name, before, after)
		}
		if p := tc.act(1); p.StatusCode >= 400 || a.scalar(tc.state, tc.arg) == before {
			t.Errorf("%s: the case changes nothing (status %d)", tc.name, p.StatusCode)
		}
	}
}

// For every route with an id, an id outside what the user may see is the same 404 as an unknown address,
// and the attempt is in the access log as denied: who, which object and id, and the patient in view. The
// routes come from the route list; each route says what its id names (Route.ID), and each such object
// type has one fixture maker here, so that a new area's route is covered or this test fails:
//   - an object of the patient in view: another patient's real one (under /praktijk/patienten/:id/… the
//     path names the first patient, the object is the second's);
//   - an object any staff member may open (ID.Clinic): an id that names nothing, with no patient in view.
func TestEveryIDOutsideWhatTheUserMaySeeIsDeniedAndLogged(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	// Whom a route lets in decides who asks: the first of these that is not refused (403).
	askers := []struct {
		c  *client
		id int64
	}{{a.patientClient(0), me.ID}, {a.staffClient("practitioner"), a.staff["practitioner"].ID}, {a.staffClient("admin"), a.staff["admin"].ID}}
	oc := a.patientClient(1)
	// The viewer's pages (/inzien/…) are asked by a share code's viewer of mine who may see every area:
	// no account, so its rows have no actor (id 0 here).
	code, _ := a.makeShareCode(askers[0].c, "waarnemer", "dossier", "documents", "medicatie", "uitslagen", "agenda")
	viewers := []struct {
		c  *client
		id int64
	}{{a.viewer(code, 0), 0}}

	// One maker per object type: a real object of the other patient's, made as they would.
	fixtures := map[string]func() string{
		"diary_entry": func() string {
			id := diaryEntryID(oc.post("/dagboek", url.Values{"titel": {"Van een ander"}, "datum": {"2026-03-01"}, "tekst": {"Tekst"}}))
			wantStatus(t, oc.post("/dagboek/"+id+"/delen", nil), http.StatusSeeOther) // the practice may see it, under its own patient
			return id
		},
		"document": func() string {
			wantStatus(t, oc.postDocument("Brief van een ander", "brief.pdf", testPDF), http.StatusSeeOther)
			return uploadedID(t, oc, "Brief van een ander")
		},
		"message_thread": func() string {
			return threadID(oc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {"Tekst"}}))
		},
		"photo": func() string {
			p := oc.postFiles("/berichten/vraag/concept", url.Values{"titel": {"Huid"}}, upload{"plek.jpg", testJPEG(t, 64, 48)})
			return p.Doc.Find("#econsult-photos button[name=verwijder]").AttrOr("value", "")
		},
		"appointment": func() string {
			return fmt.Sprint(a.addAppointment(testAppointment{patient: other.ID, start: a.clock.Now().AddDate(0, 0, 7)}))
		},
		"report": func() string { return fmt.Sprint(a.addReport(testReport{patient: other.ID})) },
		"record_copy": func() string {
			wantStatus(t, oc.post("/dossier/kopie", nil), http.StatusSeeOther)
			return a.scalar(`SELECT max(id) FROM record_copies WHERE patient_id = ?`, other.ID)
		},
		"medication": func() string {
			return fmt.Sprint(a.addMedication(testMedication{patient: other.ID, name: "Metformine", chronic: true, startDays: -10}))
		},
		// A test only the other patient has a shown result of, and that result.
		"result_test": func() string {
			test := a.resultTest("direct", 1, "Glucose", "mmol/l", 4, 7.8)
			a.enterResult(a.staffClient("practitioner"), other.ID, test, "5,0", "")
			return fmt.Sprint(test)
		},
		"result": func() string {
			test := a.resultTest("direct", 1, "Kalium", "mmol/l", 3.5, 5)
			return fmt.Sprint(a.enterResult(a.staffClient("practitioner"), other.ID, test, "4,2", ""))
		},
		"share_code": func() string {
			_, id := a.makeShareCode(oc, "waarnemer", "dossier")
			return id
		},
		// The other patient's questionnaire, assigned by the practice (repeated, so that it can be stopped).
		"questionnaire_response": func() string {
			return a.assign(a.staffClient("practitioner"), other.ID, assignForm("gad-7", "herhaald", "4", "", "2026-03-09"))
		},
		"questionnaire_assignment": func() string {
			r := a.assign(a.staffClient("practitioner"), other.ID, assignForm("phq-9", "herhaald", "4", "", "2026-03-09"))
			return a.scalar(`SELECT assignment_id FROM questionnaire_responses WHERE id = ?`, r)
		},
		"authorisation": func() string {
			return fmt.Sprint(a.addGrant(other.ID, me.ID, "parent", "agenda,dossier,documents", withoutChildConsent))
		},
		// Another patient's portal, which I may not open.
		"portal": func() string { return fmt.Sprint(other.ID) },
		"factor": func() string {
			fs, err := a.db.R.ListFactors(context.Background(), other.ID)
			if err != nil || len(fs) == 0 {
				t.Fatalf("the other patient has no factor: %v", err)
			}
			return fmt.Sprint(fs[0].ID)
		},
	}
	made := map[string]string{}
	const nothing = "987654321" // an id that names nothing

	walked := map[bool]int{}
	for _, r := range a.app.Routes() {
		var params []string
		for _, seg := range strings.Split(r.Path, "/") {
			if strings.HasPrefix(seg, ":") && seg != ":token" {
				params = append(params, seg)
			}
		}
		switch {
		case len(params) == 0 && r.ID.Object == "":
			continue
		case len(params) == 0:
			t.Errorf("%s %s says its id names %s, but has none", r.Method, r.Path, r.ID.Object)
			continue
		case r.ID.Object == "":
			t.Errorf("%s %s has an id but does not say what it names (Route.ID)", r.Method, r.Path)
			continue
		case len(params) > 1 && !strings.HasPrefix(r.Path, "/praktijk/patienten/:id/"):
			t.Errorf("%s %s: what do its first ids name?", r.Method, r.Path)
			continue
		}
		id, patient := nothing, any(nil)
		if !r.ID.Clinic {
			maker, ok := fixtures[r.ID.Object]
			if !ok {
				t.Fatalf("no fixture for object type %s (%s %s)", r.ID.Object, r.Method, r.Path)
			}
			if made[r.ID.Object] == "" {
				made[r.ID.Object] = maker()
			}
			id, patient = made[r.ID.Object], me.ID
		}
		path := strings.Replace(r.Path, params[len(params)-1], id, 1)
		path = strings.Replace(path, ":id", fmt.Sprint(me.ID), 1) // the patient in view of /praktijk/patienten/:id/…
		denied := func(actor int64) int {
			n, _ := strconv.Atoi(a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND actor_id IS ?
				AND object_type = ? AND object_id = ? AND patient_id IS ?`, map[bool]any{true: actor, false: nil}[actor != 0], r.ID.Object, id, patient))
			return n
		}
		asking := askers
		if strings.HasPrefix(r.Path, "/inzien/") {
			asking = viewers
		}
		var p *page
		var before int
		var actor int64
		for _, as := range asking {
			before, actor = denied(as.id), as.id
			req, _ := http.NewRequest(r.Method, a.srv.URL+path, strings.NewReader(""))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.srv.URL)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if p = as.c.do(req); p.StatusCode != http.StatusForbidden {
				break
			}
		}
		if p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title") {
			t.Errorf("%s %s: status %d, h1 %q", r.Method, path, p.StatusCode, p.Text("main h1"))
		}
		if after := denied(actor); after != before+1 {
			t.Errorf("%s %s: the refusal is not logged as denied (object %s %s, patient %v)", r.Method, path, r.ID.Object, id, patient)
		}
		walked[r.ID.Clinic]++
	}
	// The other patient can open what was made: the 404s came from the scope, not from missing objects.
	for _, path := range []string{"/dagboek/" + made["diary_entry"], "/documenten/" + made["document"],
		"/berichten/" + made["message_thread"], "/berichten/fotos/" + made["photo"], "/afspraken/" + made["appointment"], "/dossier/" + made["report"],
		"/medicatie/" + made["medication"] + "/klopt-niet"} {
		wantStatus(t, oc.get(path), http.StatusOK)
	}
	t.Logf("walked %d routes with a patient's object and %d with the clinic's", walked[false], walked[true])
	if walked[false] < 10 || walked[true] < 5 {
		t.Fatalf("walked %d routes with a patient's object and %d with the clinic's", walked[false], walked[true])
	}
}
