package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"balie/internal/accesslog"
	"balie/views"
)

// Who looked at my data (/dossier/inzage) and the administrator's search of the log, on a phone and on
// a wide screen: the pages, a period, a search by patient, staff member and period; a card per access on
// a phone and a table's row where there is room; axe clean and no sideways scrolling throughout.
func TestBrowserAccessLogPages(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me, doctor := a.people[0], a.staff["practitioner"]
	now := time.Now()
	yearAgo := now.AddDate(-1, 0, 0)
	var entries []accesslog.Entry
	read := func(at time.Time, object string) accesslog.Entry {
		return accesslog.Entry{At: at, ActorID: doctor.ID, ActorRole: "practitioner", PatientID: me.ID, ObjectType: object,
			ObjectID: me.ID, Action: accesslog.ActionRead, Outcome: accesslog.OutcomeOK}
	}
	for i := range 30 {
		entries = append(entries, read(now.Add(-time.Duration(i+1)*time.Hour), "patient"))
	}
	for i := range 3 {
		entries = append(entries, read(yearAgo.AddDate(0, 0, i), "report"))
	}
	before := a.ids(`SELECT coalesce(max(id), 0) FROM access_log`)[0] // the demo's own rows come before
	a.logRows(entries...)
	from, to := yearAgo.AddDate(0, 0, -1).In(views.Zone).Format(time.DateOnly), yearAgo.AddDate(0, 0, 3).In(views.Zone).Format(time.DateOnly)
	inPeriod := a.ids(`SELECT id FROM access_log WHERE patient_id = ? AND actor_id = ? AND object_type = 'report' AND id > ? ORDER BY at DESC, id DESC`, me.ID, doctor.ID, before)
	items := `document.querySelectorAll(".access-list > li").length`

	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/dossier/inzage")
	b.waitFor("the first page", loaded("/dossier/inzage")+` && `+items+` === 25 && document.querySelector(".pager a[rel=next]") !== null`)
	b.axe("who looked at my data")
	b.shot("who looked at my data")
	b.wantNoHorizontalScroll("who looked at my data", 360, phoneWidth)
	wantAccessLayout(b, "who looked at my data")
	b.click(".pager a[rel=next]")
	b.waitFor("the next page", `location.search.includes("na=") && document.readyState === "complete" && document.querySelector(".pager a[rel=prev]") !== null`)
	b.axe("who looked at my data, page 2")

	b.open("/dossier/inzage")
	b.setField("#van", from)
	b.setField("#tot", to)
	b.click("form.period button")
	b.waitFor("the period", `location.search.includes("van=") && document.readyState === "complete"`)
	if got := shownAccessIDs(b); fmt.Sprint(got) != fmt.Sprint(inPeriod) {
		t.Errorf("the period lists %v, want %v", got, inPeriod)
	}
	b.axe("who looked at my data, a period")
	b.signOut()

	// The administrator: one patient, one staff member, one period.
	b.signIn(a.staff["admin"].UserName.String)
	b.open("/praktijk/beheer/toegangslog")
	b.axe("the access log search")
	b.wantNoHorizontalScroll("the access log search", 360, phoneWidth)
	b.typeInto("#patient", me.PatientNumber.String)
	b.setField("#medewerker", fmt.Sprint(doctor.ID))
	b.setField("#van", from)
	b.setField("#tot", to)
	b.click("form.period button")
	b.waitFor("the search's answer", `location.search.includes("medewerker=") && document.readyState === "complete"`)
	if got := shownAccessIDs(b); fmt.Sprint(got) != fmt.Sprint(inPeriod) {
		t.Errorf("the search lists %v, want %v", got, inPeriod)
	}
	b.wantTextContains(".access-list > li .access-patient", me.FamilyName)
	b.axe("the access log searched")
	b.shot("the access log searched")
	b.wantNoHorizontalScroll("the access log searched", 360, phoneWidth)
	wantAccessLayout(b, "the access log searched")
}

// shownAccessIDs are the ids of the accesses the page shows, in its order.
func shownAccessIDs(b *browserTab) []int64 {
	b.t.Helper()
	return eval[[]int64](b, `[...document.querySelectorAll(".access-list > li")].map(li => Number(li.id.replace("toegang-", "")))`)
}

// wantAccessLayout checks the access list on a phone (each access a card: its labels beside its lines)
// and on a wide screen (a table: one line per access, the first row's labels as its header, the others'
// for screen readers only), and comes back to the phone.
func wantAccessLayout(b *browserTab, name string) {
	b.t.Helper()
	const layout = `(() => {
		const items = [...document.querySelectorAll(".access-list > li")];
		const shown = e => e.getBoundingClientRect().width > 1;
		const oneLine = li => new Set([...li.querySelectorAll("dd")].map(d => Math.round(d.getBoundingClientRect().top))).size === 1;
		return {labels: items.map(li => [...li.querySelectorAll("dt")].filter(shown).length), oneLine: items.map(oneLine)};
	})()`
	type shape struct {
		Labels  []int  `json:"labels"`
		OneLine []bool `json:"oneLine"`
	}
	phone := eval[shape](b, layout)
	for i, n := range phone.Labels {
		if n != 4 || phone.OneLine[i] {
			b.t.Errorf("%s on a phone: access %d shows %d labels (one line: %v), want a card of 4 labelled lines", name, i, n, phone.OneLine[i])
		}
	}
	b.setViewport(1280, 900, false)
	b.reload()
	wide := eval[shape](b, layout)
	for i, n := range wide.Labels {
		if want := map[bool]int{true: 4, false: 0}[i == 0]; n != want || (i > 0 && !wide.OneLine[i]) {
			b.t.Errorf("%s on a wide screen: row %d shows %d labels (one line: %v), want %d", name, i, n, wide.OneLine[i], want)
		}
	}
	b.axe(name + ", wide")
	b.shot(name + ", wide")
	b.setViewport(phoneWidth, phoneHeight, true)
	b.reload()
}
