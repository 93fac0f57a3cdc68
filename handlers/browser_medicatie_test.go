package handlers_test

import (
	"fmt"
	"testing"
)

// A patient on a phone reads their medication (a long name wraps, nothing scrolls sideways), opens the
// stopped medication, and asks "Klopt dit niet?" about a medicine: the new message names it. axe is clean.
func TestBrowserMedication(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	a.clearMedication(me.ID)
	id := a.addMedication(testMedication{patient: me.ID, name: "Metformine", strength: "500 mg", form: "tablet", chronic: true,
		dosage: "2x per dag 1 tablet", instructions: "Innemen tijdens of direct na de maaltijd.", startDays: -400})
	a.addMedication(testMedication{patient: me.ID, name: "Macrogol/elektrolyten", form: "poeder voor drank", dosage: "1x per dag 1 sachet",
		startDays: -3, endDays: days(20)})
	a.addMedication(testMedication{patient: me.ID, name: "Simvastatine", strength: "40 mg", form: "tablet", chronic: true,
		startDays: -900, endDays: days(-30), stopReason: "Spierpijn als bijwerking; vervangen door atorvastatine."})
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/medicatie")
	b.waitFor("the medication", loaded("/medicatie")+` && document.querySelectorAll(".medication").length === 2`)
	b.axe("medication")
	b.wantNoHorizontalScroll("medication", 360, 390)
	b.wantTargetSizes("medication")
	b.click(".medication-stopped summary")
	b.waitFor("the stopped medication", `document.querySelector(".medication-stopped").open === true`)
	b.wantTextContains(".medication-stopped li", "Spierpijn als bijwerking")
	b.axe("stopped medication")
	b.shot("medication")

	b.click(fmt.Sprintf(`a[href="/medicatie/%d/klopt-niet"]`, id))
	b.waitFor("the new message", `document.querySelector("#titel")?.value === `+jsString(a.T("medicatie.question_subject", "Medicine", "Metformine 500 mg tablet")))
	b.axe("question about a medicine")
}
