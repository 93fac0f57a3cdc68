package handlers_test

import (
	"fmt"
	"testing"
	"time"
)

// Children and parents on a phone: the practice's panel, the form to add a parent and the list of what
// changes soon, a report hidden from parents; then the child of 13 refuses the parent's access in the
// dialog over Toestemmingen. Each page axe clean, without sideways scrolling, with tap-sized targets.
func TestBrowserChildrenAndParents(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	child, parent := a.people[2], a.people[0]
	now := time.Now()
	a.bornOn(child.ID, now.Year()-13, time.January, 15) // 12 or 13, either way between 12 and 16
	id := a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,documents", withoutChildConsent)
	a.consentByStaff(id)
	report := a.addReport(testReport{patient: child.ID, title: "Gesprek over school", written: now.AddDate(0, 0, -7)})
	b := newBrowserTab(t, a)

	b.signIn(a.staff["assistant"].UserName.String)
	home := fmt.Sprintf("/praktijk/patienten/%d", child.ID)
	b.open(home)
	b.wantTextContains("#vertegenwoordigers", parent.FullName())
	b.wantTextContains("#vertegenwoordigers", a.T("kinderen_praktijk.counts"))
	b.axe("the staff panel of a child")
	b.open(home + "/vertegenwoordigers/nieuw?zoek=" + a.people[1].FamilyName)
	b.wantText("main h1", a.T("kinderen_praktijk.add_title"))
	b.axe("adding a parent")
	b.open("/praktijk/vertegenwoordigers")
	b.axe("what changes soon")
	b.open(fmt.Sprintf("%s/verslagen/%d", home, report))
	b.click("form.hide-from-parents button")
	b.waitFor("the hidden report", `document.querySelector(".hidden-from-parents") !== null && document.readyState === "complete"`)
	b.wantText(".hidden-from-parents", a.T("kinderen_praktijk.hidden_state"))
	b.axe("a report hidden from parents")
	b.signOut()

	b.signIn(child.UserName.String)
	b.open("/toestemmingen")
	b.wantTextContains("#ouders", parent.FullName())
	b.axe("the child's consents with the parents")
	b.click("#ouders a.button")
	b.waitFor("the dialog", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	b.wantText("#page-dialog h1", a.T("kinderen.confirm_refuse_title"))
	b.axe("the refusal in its dialog")
	b.click("#page-dialog form button")
	b.waitFor("the refused notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("kinderen.notice_refused"))+` && document.readyState === "complete"`)
	if n := a.number(`SELECT count(*) FROM authorisations WHERE id = ? AND end_reason = 'patient'`, id); n != 1 {
		t.Error("the refusal did not end the access")
	}
	b.axe("after the refusal")
}
