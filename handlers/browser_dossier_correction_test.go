package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// A patient on a phone asks for a correction of a report: "Klopt er iets niet?" from the report by
// keyboard, the form sent without an explanation comes back with the error (translated, focused, linked
// to the field) and their choice kept, and sent again it says that the request is on its way; axe clean.
func TestBrowserDossierCorrectionRequest(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID, title: "Verslag van de intake", published: a.clock.Now().Add(-time.Hour)})
	report := fmt.Sprintf("/dossier/%d", id)
	form := report + "/correctie"
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open(report)
	ask := `main a[href="` + form + `"]`
	b.wantText(ask, a.T("dossier_correction.title"))
	focus(b, ask)
	b.press("Enter", kb.Enter)
	b.waitFor("the correction form", loaded(form)+` && document.querySelector("#toelichting") !== null`)
	b.axe("correction form")
	b.wantNoHorizontalScroll("correction form", 360, phoneWidth)

	// The choice by keyboard, and no explanation.
	focus(b, "#soort")
	b.press("Space", " ")
	b.waitFor("the choice made", `document.querySelector("#soort").checked`)
	b.wantFormError(formCase{name: "correction request without an explanation", submit: "main form button", field: "toelichting"})
	b.wantTextContains("#toelichting-error", a.T("dossier_correction.text_required"))
	if !eval[bool](b, `document.querySelector("#soort").checked`) {
		t.Error("the choice is lost after the error")
	}

	b.typeInto("#toelichting", "Mijn geboortedatum klopt niet.")
	b.click("main form button")
	b.waitFor("the sent notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("dossier_correction.notice_sent"))+
		` && document.readyState === "complete"`)
	b.wantPath(form)
	if !b.visible(".correction-open") {
		t.Error("the page does not say that the request is open")
	}
	if got := a.scalar(`SELECT kind || ': ' || text FROM report_corrections WHERE report_id = ?`, id); got != "correction: Mijn geboortedatum klopt niet." {
		t.Errorf("stored %q", got)
	}
	b.axe("correction sent")
}
