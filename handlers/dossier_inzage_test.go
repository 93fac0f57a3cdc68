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

	"balie/internal/accesslog"
	"balie/queries"
)

// logRows writes access-log rows as the app does (accesslog.Insert, in a write transaction).
func (a *testApp) logRows(entries ...accesslog.Entry) {
	a.t.Helper()
	ctx := context.Background()
	if err := a.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return accesslog.Insert(ctx, q, entries...) }); err != nil {
		a.t.Fatal(err)
	}
}

// accessIDs are the ids of the accesses a page lists, in its order.
func accessIDs(p *page) []int64 {
	var ids []int64
	p.Doc.Find(".access-list > li").Each(func(_ int, li *goquery.Selection) {
		var id int64
		fmt.Sscanf(li.AttrOr("id", ""), "toegang-%d", &id)
		ids = append(ids, id)
	})
	return ids
}

// The patient sees what staff read of their data, in words, and nothing of their own actions nor of
// other patients' rows; reading the page is logged too.
func TestInzageShowsWhoElseLookedAtMyData(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.people[0], a.people[1]
	staff := a.staffClient("assistant")
	wantStatus(t, staff.get(fmt.Sprintf("/praktijk/patienten/%d", me.ID)), http.StatusOK)
	wantStatus(t, staff.get(fmt.Sprintf("/praktijk/patienten/%d", other.ID)), http.StatusOK)
	pc := a.patientClient(0)
	wantStatus(t, pc.get("/overzicht"), http.StatusOK)
	wantStatus(t, pc.get("/profiel"), http.StatusOK)

	p := pc.get("/dossier/inzage")
	wantStatus(t, p, http.StatusOK)
	want := a.ids(`SELECT id FROM access_log WHERE patient_id = ? AND actor_id IS NOT patient_id ORDER BY at DESC, id DESC LIMIT 25`, me.ID)
	if got := accessIDs(p); len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("listed %v, want the first page of the rows of others about me %v", got, want)
	}
	read := a.scalar(`SELECT id FROM access_log WHERE patient_id = ? AND actor_id = ? AND object_type = 'patient' ORDER BY id DESC LIMIT 1`, me.ID, a.staff["assistant"].ID)
	item := p.Doc.Find("#toegang-" + read)
	assistant := a.staff["assistant"]
	for sel, want := range map[string]string{
		".access-who":     queries.FullName(assistant.GivenName, assistant.NamePrefix, assistant.FamilyName),
		".access-role":    "(" + a.T("dossier_inzage.role_assistant") + ")",
		".access-what":    a.T("dossier_inzage.object_patient"),
		".access-action":  a.T("dossier_inzage.action_read"),
		".access-outcome": a.T("dossier_inzage.outcome_ok"),
	} {
		if got := strings.TrimSpace(item.Find(sel).Text()); got != want {
			t.Errorf("%s: %q, want %q", sel, got, want)
		}
	}
	for _, own := range []string{"dossier_inzage.object_overview", "dossier_inzage.object_profile"} {
		if strings.Contains(p.Text(".access-list"), a.T(own)) {
			t.Errorf("the patient's own %q is listed", a.T(own))
		}
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE patient_id = ? AND actor_id = ? AND object_type = 'access_log' AND action = 'list'`, me.ID, me.ID); n != "1" {
		t.Errorf("reading the page was logged %s times", n)
	}
	// A staff member's refused look at the patient (an id of another patient's document) shows as refused.
	doc := a.scalar(`SELECT min(id) FROM documents WHERE patient_id = ?`, other.ID)
	wantStatus(t, staff.get(fmt.Sprintf("/praktijk/patienten/%d/documenten/%s", me.ID, doc)), http.StatusNotFound)
	p = pc.get("/dossier/inzage")
	if got := p.Doc.Find(".access-list > li").First().Find(".access-outcome").Text(); got != a.T("dossier_inzage.outcome_denied") {
		t.Errorf("newest access's outcome %q, want %q", got, a.T("dossier_inzage.outcome_denied"))
	}
}

// The period filter keeps the days from and to (whole days, in Amsterdam), and the pages follow one
// another without a gap or a repeat, newest first, with the count.
func TestInzageFiltersByPeriodAndPages(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	doctor := a.staff["practitioner"]
	// 60 reads by the practitioner, one an hour back from 2026-03-01 23:30 Amsterdam (22:30 UTC), and as
	// many of the patient's own.
	var entries []accesslog.Entry
	for i := range 60 {
		at := time.Date(2026, 3, 1, 22, 30, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour)
		entries = append(entries,
			accesslog.Entry{At: at, ActorID: doctor.ID, ActorRole: "practitioner", PatientID: me.ID, ObjectType: "document",
				ObjectID: 1, Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK},
			accesslog.Entry{At: at, ActorID: me.ID, ActorRole: "patient", PatientID: me.ID, ObjectType: "overview",
				Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK})
	}
	a.logRows(entries...)
	pc := a.patientClient(0)
	// 28 February and 1 March in Amsterdam: 22:30 UTC on 1 March is 23:30 there, inside; 27 Feb 22:30 UTC is
	// 23:30 on the 27th, outside.
	period := url.Values{"van": {"2026-02-28"}, "tot": {"2026-03-01"}}
	want := a.ids(`SELECT id FROM access_log WHERE patient_id = ? AND actor_id = ? AND at >= ? AND at < ? ORDER BY at DESC, id DESC`,
		me.ID, doctor.ID, time.Date(2026, 2, 27, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC))
	if len(want) != 48 {
		t.Fatalf("fixture: %d rows in the period", len(want))
	}
	p := pc.get("/dossier/inzage?" + period.Encode())
	wantStatus(t, p, http.StatusOK)
	if got := p.Text("p[role=status]"); got != a.T("dossier_inzage.count", "Count", 48) {
		t.Errorf("count %q", got)
	}
	var got []int64
	for page := 0; ; page++ {
		got = append(got, accessIDs(p)...)
		next, ok := p.Doc.Find(`a[rel=next]`).Attr("href")
		if !ok {
			break
		}
		if !strings.Contains(next, "van=2026-02-28") {
			t.Fatalf("the next page %q forgets the period", next)
		}
		p = pc.get(next)
		wantStatus(t, p, http.StatusOK)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pages listed %v, want %v", got, want)
	}
	// And back: the page before the last (the second) is the first.
	prev, _ := p.Doc.Find(`a[rel=prev]`).Attr("href")
	if back := accessIDs(pc.get(prev)); fmt.Sprint(back) != fmt.Sprint(want[:25]) {
		t.Errorf("back: %v, want %v", back, want[:25])
	}
}

// A date that does not exist, or an end before the start, comes back at its field, with what was typed.
func TestInzageRefusesABadPeriod(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	p := pc.get("/dossier/inzage?van=2026-02-30&tot=2026-03-01")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#van-error"); got != a.T("dossier_inzage.bad_date") {
		t.Errorf("van: %q", got)
	}
	if v, _ := p.Doc.Find("#van").Attr("value"); v != "2026-02-30" {
		t.Errorf("typed date not kept: %q", v)
	}
	p = pc.get("/dossier/inzage?van=2026-03-01&tot=2026-02-01")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#tot-error"); got != a.T("dossier_inzage.bad_period") {
		t.Errorf("tot: %q", got)
	}
}

// The access-log page of a patient with 100,000 rows by others (and as many of their own), its first
// page and one deep in the list:
//
//	go test ./handlers -run XXX -bench AccessLogPage
func BenchmarkAccessLogPage(b *testing.B) {
	a := newTestApp(b)
	me, doctor := a.people[0], a.staff["practitioner"]
	const rows = 100000
	for start := 0; start < rows; start += 5000 {
		var entries []accesslog.Entry
		for i := start; i < start+5000; i++ {
			at := testStart.Add(-time.Duration(i) * time.Minute)
			entries = append(entries,
				accesslog.Entry{At: at, ActorID: doctor.ID, ActorRole: "practitioner", PatientID: me.ID, ObjectType: "document",
					ObjectID: int64(i), Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK, Address: "192.0.2.1", RequestID: "bench"},
				accesslog.Entry{At: at, ActorID: me.ID, ActorRole: "patient", PatientID: me.ID, ObjectType: "overview",
					Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK, Address: "192.0.2.2", RequestID: "bench"})
		}
		a.logRows(entries...)
	}
	pc := a.patientClient(0)
	deep := a.scalar(`SELECT id FROM access_log WHERE patient_id = ? AND actor_id = ? ORDER BY at DESC, id DESC LIMIT 1 OFFSET 90000`, me.ID, doctor.ID)
	for _, bc := range []struct{ name, path string }{
		{"first", "/dossier/inzage"},
		{"deep", "/dossier/inzage?na=" + patientCursor(mustInt(b, deep))},
		{"period", "/dossier/inzage?van=2026-01-01&tot=2026-01-31"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if p := pc.get(bc.path); p.StatusCode != http.StatusOK || len(accessIDs(p)) != 25 {
				b.Fatalf("%s: %d, %d rows", bc.path, p.StatusCode, len(accessIDs(p)))
			}
			b.ResetTimer()
			for range b.N {
				pc.get(bc.path)
			}
		})
	}
}

func mustInt(tb testing.TB, s string) int64 {
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		tb.Fatal(err)
	}
	return n
}
