package handlers_test

import (
	"fmt"
	"testing"
	"time"
)

// The practitioner assigns a repeated PHQ-9 on a phone: first without choosing one (the error, the weeks
// kept), then chosen; the patient page's panel shows it open. A flagged response then waits in the queue
// and leaves it with "Gezien"; the response, its chart and the eHealth settings fit the phone too.
func TestBrowserQuestionnairesOfThePractice(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[2]
	home := fmt.Sprintf("/praktijk/patienten/%d", me.ID)
	b := newBrowserTab(t, a)
	b.signIn(a.staff["practitioner"].UserName.String)
	b.open(home + "/vragenlijsten/nieuw")
	b.axe("the assign form")
	b.wantNoHorizontalScroll("the assign form")
	b.click(`input[name=herhalen][value=herhaald]`)
	b.typeInto("#weken", "6")
	b.click(`form[action$="/vragenlijsten"] button[type=submit]`)
	b.waitFor("the error", `document.querySelector("#vragenlijst-error") !== null && document.readyState === "complete"`)
	b.wantTextContains("#vragenlijst-error", a.T("vragenlijsten_praktijk.choose"))
	b.waitFor("the weeks kept", `document.querySelector("#weken").value === "6"`)
	b.axe("the assign form with an error")

	b.click(`input[name=vragenlijst][value="phq-9"]`)
	b.click(`form[action$="/vragenlijsten"] button[type=submit]`)
	b.waitFor("the assigned notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("vragenlijsten_praktijk.notice_assigned"))+` && document.readyState === "complete"`)
	b.wantTextContains("#vragenlijsten .questionnaires-open", a.T("vragenlijsten_praktijk.state_not_started"))
	b.wantTextContains("#vragenlijsten .questionnaires-repeating", a.T("vragenlijsten_praktijk.every_weeks", "Weeks", 6))
	b.wantNoHorizontalScroll("the patient page with its questionnaires")

	id := a.scalar(`SELECT max(id) FROM questionnaire_responses WHERE patient_id = ?`, me.ID)
	a.submitPHQ9(id, 2, time.Now().Add(-time.Hour))
	b.open("/praktijk/vragenlijsten/signalen")
	b.wantTextContains(".flag-queue li", me.FamilyName)
	b.axe("the flagged queue")
	b.wantNoHorizontalScroll("the flagged queue")
	b.open(home + "/vragenlijsten/" + id)
	b.axe("a flagged response")
	b.wantNoHorizontalScroll("a flagged response")
	b.open(home + "/vragenlijsten/" + id + "/verloop")
	b.axe("the scores' chart")
	b.wantNoHorizontalScroll("the scores' chart")
	b.open("/praktijk/vragenlijsten/signalen")
	b.click(`.flag-queue form button`)
	b.waitFor("the seen notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("vragenlijsten_praktijk.notice_seen"))+` && document.readyState === "complete"`)
	b.waitFor("the queue empty", `document.querySelector(".flag-queue") === null`)

	admin := newBrowserTab(t, a)
	admin.signIn(a.staff["admin"].UserName.String)
	admin.open("/praktijk/beheer/instellingen")
	admin.typeInto("#ehealth_naam", "Minddistrict")
	admin.typeInto("#ehealth_adres", "http://praktijk.minddistrict.com")
	admin.click(`form[action="/praktijk/beheer/instellingen/ehealth"] button[type=submit]`)
	admin.waitFor("the eHealth error", `document.querySelector("#ehealth_adres-error") !== null && document.readyState === "complete"`)
	admin.axe("the eHealth settings with an error")
	admin.wantNoHorizontalScroll("the eHealth settings with an error")
}
