package handlers_test

import (
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// A patient on a phone filters their dossier by keyboard (htmx shows the list in place, the address
// follows, the focus stays on the filter), opens a report in the dialog with Enter and closes it with
// Escape (the focus back on the report's link), and reads a report on its own page; axe is clean on each.
func TestBrowserDossierFiltersAndDialog(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/dossier")
	b.waitFor("the dossier", loaded("/dossier")+` && document.querySelector(".dossier-item a[data-dialog]") !== null`)
	b.axe("dossier")
	b.shot("dossier")
	b.wantNoHorizontalScroll("dossier", 360, 390)
	b.wantTargetSizes("dossier")

	// The first category by keyboard: the list follows in place, the address too.
	focus(b, "#categorie")
	b.press("ArrowDown", kb.ArrowDown)
	b.waitFor("the filtered list", `location.search.includes("categorie=") && [...document.querySelectorAll(".dossier-item")].length > 0 &&
		[...document.querySelectorAll(".dossier-item .meta:first-of-type")].every(m => m.textContent.includes(document.querySelector("#categorie").value))`)
	b.wantFocus("#categorie")
	if b.attr("#categorie", "aria-invalid") == "true" {
		t.Error("the filter is marked invalid")
	}

	// A report in the dialog: Enter opens it, Escape closes it, the focus returns to its link.
	link := ".dossier-item a[data-dialog]"
	focus(b, link)
	b.press("Enter", kb.Enter)
	b.waitFor("the dialog", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	if b.attr("#page-dialog", "aria-labelledby") != "report-title" {
		t.Error("the dialog is not labelled by the report's title")
	}
	if !b.visible(`#page-dialog a[href$="/pdf"]`) {
		t.Error("the dialog has no visible link to the PDF")
	}
	b.axe("report dialog")
	b.shot("dossier-dialog")
	b.press("Escape", kb.Escape)
	b.waitFor("the dialog closed", `document.querySelector("#page-dialog")?.open === false`)
	b.wantFocus(link)

	// The report's own page, as without JavaScript.
	href := b.attr(link, "href")
	b.open(href)
	b.waitFor("the report's page", loaded(href))
	b.axe("report page")
	b.wantNoHorizontalScroll("report page", 360, 390)
}
