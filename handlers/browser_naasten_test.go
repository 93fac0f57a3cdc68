package handlers_test

import (
	"fmt"
	"testing"
	"time"
)

// On a phone: a parent opens the child's portal from the list of portals, sees whose it is, and asks an
// e-consult that lands in the child's record; back in their own portal they invite a relative.
func TestBrowserParentSwitchesToAChildAndInvitesARelative(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	parent, child := a.people[0], a.people[1]
	a.bornOn(child.ID, 2017, time.June, 1)
	a.addGrant(child.ID, parent.ID, "parent", "agenda,dossier,conversations,documents")
	b := newBrowserTab(t, a)
	b.signIn(parent.UserName.String)
	b.open("/portalen")
	b.axe("list of portals")
	b.wantNoHorizontalScroll("list of portals", 390, 360)
	b.click(fmt.Sprintf(`.portal-list form:has(input[value="%d"]) button`, child.ID))
	b.waitFor("the child's portal", `document.querySelector(".notice")?.innerText === `+jsString(a.T("portalen.notice_switched"))+` && document.readyState === "complete"`)
	b.wantTextContains(".portal-banner", child.FullName())
	b.axe("overview of the child's portal")
	b.wantNoHorizontalScroll("overview of the child's portal", 390, 360)

	b.open("/berichten/vraag")
	b.wantTextContains(".portal-banner", child.FullName())
	b.typeInto("#titel", "Uitslag op de arm")
	b.typeInto("#tekst", "Sinds gisteren rode vlekken op haar arm.")
	b.click("#econsult-send")
	b.waitFor("the sent question", `document.querySelector(".notice")?.innerText === `+jsString(a.T("econsult.notice_sent"))+` && document.readyState === "complete"`)
	b.axe("the child's e-consult")
	thread := eval[string](b, `location.pathname.split("/")[2]`)
	if got := a.scalar(`SELECT patient_id FROM message_threads WHERE id = ?`, thread); got != fmt.Sprint(child.ID) {
		t.Fatalf("the e-consult is patient %s's, want the child's %d", got, child.ID)
	}
	if got := a.scalar(`SELECT sender_id FROM messages WHERE thread_id = ?`, thread); got != fmt.Sprint(parent.ID) {
		t.Fatalf("the e-consult's sender is %s, want the parent %d", got, parent.ID)
	}

	b.open("/portalen")
	b.click(`.portal-list form:has(input[value="eigen"]) button`)
	b.waitFor("the parent's own portal", `document.querySelector(".notice")?.innerText === `+jsString(a.T("portalen.notice_own"))+` && document.readyState === "complete"`)
	b.open("/naasten/nieuw")
	b.axe("inviting a relative")
	b.wantNoHorizontalScroll("inviting a relative", 390, 360)
	b.typeInto("#voornaam", "Sophie")
	b.typeInto("#achternaam", "Jansen")
	b.typeInto("#email", "sophie.jansen@voorbeeld.example")
	b.typeInto("#mobiel", "0612345678")
	b.click("#gebied-agenda")
	b.click("#gebied-medicatie")
	b.click(`form button.primary-inline`)
	b.waitFor("the relatives page", `document.querySelector(".notice")?.innerText === `+jsString(a.T("naasten.notice_invited"))+` && document.readyState === "complete"`)
	b.wantTextContains(".relatives", "Sophie Jansen")
	b.axe("relatives")
	b.wantNoHorizontalScroll("relatives", 390, 360)
}
