package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// A patient on a phone gives their akkoord on a report by keyboard: from the report in the dialog to the
// confirmation, which says that it cannot be withdrawn, and the button; the report then says when they
// gave it, on its page and in the dialog; axe clean on each.
func TestBrowserDossierAkkoord(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	id := a.addReport(testReport{patient: me.ID, title: "Behandelplan fysiotherapie", published: a.clock.Now().Add(-time.Hour), akkoord: true})
	report, akkoord := fmt.Sprintf("/dossier/%d", id), akkoordPath(id)
	link := `.dossier-item a[href="` + report + `"]`
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/dossier")
	b.waitFor("the dossier", loaded("/dossier")+` && document.querySelector(`+jsString(link)+`) !== null`)

	// The report in the dialog, and from it the akkoord, by keyboard.
	focus(b, link)
	b.press("Enter", kb.Enter)
	b.waitFor("the dialog", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	ask := `#page-dialog a[href="` + akkoord + `"]`
	if !b.visible(ask) {
		t.Fatalf("the dialog does not ask for the akkoord (at %s)", b.where())
	}
	b.axe("report dialog asking the akkoord")
	focus(b, ask)
	b.press("Enter", kb.Enter)
	b.waitFor("the confirmation", loaded(akkoord)+` && document.querySelector("main form button") !== null`)
	b.wantTextContains("main", a.T("dossier_akkoord.final"))
	b.wantText("main form button", a.T("dossier_akkoord.confirm"))
	b.axe("akkoord confirmation")
	b.wantNoHorizontalScroll("akkoord confirmation", 360, phoneWidth)

	focus(b, "main form button")
	b.press("Enter", kb.Enter)
	b.waitFor("the akkoord given", `document.querySelector(".notice")?.innerText === `+jsString(a.T("dossier_akkoord.notice_given"))+
		` && document.readyState === "complete"`)
	var at time.Time
	if err := a.db.Read.QueryRow(`SELECT approved_at FROM report_approvals WHERE report_id = ?`, id).Scan(&at); err != nil {
		t.Fatalf("no akkoord stored: %v", err)
	}
	given := a.T("dossier_akkoord.given_on", "When", a.tr["nl"].DayTime(at))
	b.wantText(".akkoord-given", given)
	if b.visible("main form button") {
		t.Error("the confirmation still offers its button")
	}
	b.axe("akkoord given")

	// The report says it, on its own page and in the dialog, and no longer asks.
	b.open(report)
	b.wantText(".akkoord-given", given)
	if b.visible(`a[href="` + akkoord + `"]`) {
		t.Error("the report still asks for the akkoord")
	}
	b.axe("report after the akkoord")
	b.open("/dossier")
	b.waitFor("the dossier", loaded("/dossier")+` && document.querySelector(`+jsString(link)+`) !== null`)
	focus(b, link)
	b.press("Enter", kb.Enter)
	b.waitFor("the dialog", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	b.wantText("#page-dialog .akkoord-given", given)
}
