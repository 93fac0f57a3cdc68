package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// waitForQuestionnaireDraft waits until the patient's draft of the response holds text and the page
// says it is saved.
func (b *browserTab) waitForQuestionnaireDraft(userID int64, response, text string) {
	b.t.Helper()
	b.waitUntil("the answers saved as a draft", waitLimit, func() bool {
		var body string
		err := b.app.db.Read.QueryRow("SELECT body FROM drafts WHERE user_id = ? AND kind = 'questionnaire' AND target = ?", userID, response).Scan(&body)
		if err != nil || !strings.Contains(body, text) {
			return false
		}
		settled, err := evalIn[bool](b, draftSaved+` && document.querySelector("form[data-autosave].htmx-request") === null`)
		return err == nil && settled
	})
}

// An intake list filled in on a phone: a follow-up shows only when it applies, the answers save
// themselves, the session's idle limit passes (the page goes to sign in), and after signing in again the
// answers are back; submitted, it is under the dossier. Then a PHQ-9, its help and its chart. Every page
// axe clean, without sideways scrolling.
func TestBrowserQuestionnaireOnPhone(t *testing.T) {
	t.Parallel()
	const idle = 30 * time.Second
	a := newTestApp(t, withRealClock(), withTimeouts(idle, 20*idle))
	me := a.people[1]
	due := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	intake := a.assign(a.staffClient("practitioner"), me.ID, assignForm("intake-aanmelding", "eenmalig", "", "", due))
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/vragenlijsten")
	b.axe("the questionnaires")
	b.wantNoHorizontalScroll("the questionnaires")
	b.click(`#intake a[href="/vragenlijsten/` + intake + `"]`)
	b.waitFor("the intake form", loaded("/vragenlijsten/"+intake))
	if b.visible("#v-verwijzer-question") || b.visible("#v-klachten-anders-question") {
		t.Error("a follow-up shows before it applies")
	}
	b.click("#v-verwezen") // ja
	b.waitFor("the follow-up", `!document.querySelector("#v-verwijzer-question").hidden`)
	b.typeInto("#v-reden", "Ik slaap slecht en pieker veel.")
	b.waitFor("the live count", `document.querySelector("#v-reden-count").innerText.startsWith("31 ")`)
	b.waitForQuestionnaireDraft(me.ID, intake, "pieker+veel")
	b.axe("the intake form")
	b.wantNoHorizontalScroll("the intake form")

	// Left alone, the session ends at its idle limit; the answers are kept.
	b.waitForWithin("the sign-in page at the idle limit", signedOutIdle, 2*idle)
	b.signIn(me.UserName.String)
	b.open("/vragenlijsten/" + intake)
	b.waitFor("the answers back", `document.querySelector("#v-reden").value === "Ik slaap slecht en pieker veel." && document.querySelector("#v-verwezen").checked`)
	b.waitFor("the follow-up shown again", `!document.querySelector("#v-verwijzer-question").hidden`)

	b.click("#v-klachten")
	b.click("#v-last")
	b.typeInto("#v-doel", "Weer goed slapen")
	b.typeInto("#v-verwijzer", "Mijn huisarts")
	b.click("#v-eerder-1") // nee
	b.click("#definitief")
	b.click(`button[value="indienen"]`)
	b.waitFor("the submitted questionnaire", `document.querySelector(".notice")?.innerText === `+jsString(a.T("vragenlijsten.notice_submitted"))+` && document.readyState === "complete"`)
	b.axe("a submitted questionnaire")
	report := a.scalar(`SELECT report_id FROM questionnaire_responses WHERE id = ?`, intake)
	b.click(`a[href="/dossier/` + report + `"]`)
	b.waitFor("the report in the dossier", loaded("/dossier/"+report))
	b.wantTextContains("main", "Mijn huisarts")

	// A PHQ-9 with item 9 above 0: the help at once, the score and its chart.
	phq := a.assign(a.staffClient("practitioner"), me.ID, assignForm("phq-9", "eenmalig", "", "", due))
	b.open("/vragenlijsten/" + phq)
	for i := 1; i <= 9; i++ {
		b.click(fmt.Sprintf("#v-phq9-%d-2", i)) // meer dan de helft van de dagen
	}
	b.waitFor("the follow-up of the PHQ-9", `!document.querySelector("#v-phq9-moeite-question").hidden`)
	b.click("#definitief")
	b.click(`button[value="indienen"]`)
	b.waitFor("the help", `document.querySelector(".urgent-help a[href='tel:08000113']") !== null && document.readyState === "complete"`)
	b.axe("a PHQ-9 with its help")
	b.wantNoHorizontalScroll("a PHQ-9 with its help")
	b.click(`.questionnaire-score a[href="/vragenlijsten/verloop/phq-9"]`)
	b.waitFor("the chart", loaded("/vragenlijsten/verloop/phq-9")+` && document.querySelector("svg.trend") !== null`)
	b.axe("the chart of the scores")
	b.wantNoHorizontalScroll("the chart of the scores")
	// Every submitted one, a page at a time.
	b.open("/vragenlijsten/ingevuld")
	b.waitFor("the submitted questionnaires", loaded("/vragenlijsten/ingevuld")+` && document.querySelector(".questionnaire-submitted") !== null`)
	b.axe("the submitted questionnaires")
	b.wantNoHorizontalScroll("the submitted questionnaires")
}
