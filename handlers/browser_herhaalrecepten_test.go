package handlers_test

import (
	"fmt"
	"testing"
)

// A patient re-orders medication on a phone: first without ticking anything (the error leads to the
// list, the note is kept), then with one ticked; the request shows as waiting and the medicine can no
// longer be ticked. The practice then picks it up and sends it to the pharmacy, on a phone too.
func TestBrowserRepeatPrescriptionOnAPhone(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	meds := a.repeatSetup()
	b := newBrowserTab(t, a)
	b.signIn(a.people[0].UserName.String)
	b.open("/herhaalrecepten")
	b.wantTextContains(".repeat-ready", a.T("herhaalrecepten.ready", "Day", "")[:20])
	b.axe("repeat prescriptions")
	b.wantNoHorizontalScroll("repeat prescriptions")

	note := "Graag dezelfde hoeveelheid als de vorige keer."
	b.typeInto("#opmerking", note)
	b.click(`form[action="/herhaalrecepten"] button[type=submit]`)
	b.waitFor("the error", `document.querySelector("#medicijnen-error") !== null && document.readyState === "complete"`)
	b.wantTextContains("#medicijnen-error", a.T("herhaalrecepten.error_none"))
	b.waitFor("the note kept", `document.querySelector("#opmerking").value === `+jsString(note))
	b.axe("repeat prescriptions with an error")

	b.click("#" + tick(meds.metformine))
	b.click(`form[action="/herhaalrecepten"] button[type=submit]`)
	b.waitFor("the sent notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("herhaalrecepten.notice_sent"))+` && document.readyState === "complete"`)
	b.wantTextContains(".repeat-requests li .repeat-state", a.T("herhaalrecepten.state_aangevraagd"))
	b.waitFor("the medicine just requested no longer tickable", `document.querySelector("#`+tick(meds.metformine)+`").disabled`)
	b.axe("repeat prescription sent")

	staff := newBrowserTab(t, a)
	staff.signIn(a.staff["assistant"].UserName.String)
	id := a.scalar(`SELECT id FROM repeat_requests WHERE patient_id = ?`, a.people[0].ID)
	staff.open("/praktijk/herhaalrecepten?lijst=team")
	staff.axe("the practice's queue")
	staff.wantNoHorizontalScroll("the practice's queue")
	staff.click(fmt.Sprintf(`.repeat-queue a[href="/praktijk/herhaalrecepten/%s"]`, id))
	staff.waitFor("the request", loaded("/praktijk/herhaalrecepten/"+id))
	staff.wantTextContains(".repeat-medication-list", "Metformine")
	staff.axe("a repeat request")
	staff.wantNoHorizontalScroll("a repeat request")
	staff.click(`form[action$="/goedkeuren"] button`)
	staff.waitFor("the approved notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("herhaalrecepten_praktijk.notice_approved"))+` && document.readyState === "complete"`)

	b.open("/herhaalrecepten")
	b.wantTextContains(".repeat-requests li .repeat-state", a.T("herhaalrecepten.state_naar_apotheek"))

	admin := newBrowserTab(t, a)
	admin.signIn(a.staff["admin"].UserName.String)
	admin.open("/praktijk/beheer/herhaalrecepten")
	admin.wantText("main h1", a.T("beheer_herhaalrecepten.title"))
	admin.axe("the repeat prescriptions' settings")
	admin.wantNoHorizontalScroll("the repeat prescriptions' settings")
}
