package handlers_test

import (
	"fmt"
	"testing"
)

// Writing a report from the patient's page on a wide screen and on a phone: the typing is saved as a
// draft while typing, the report is published, the panel lists it and it can be withdrawn; axe clean and
// no sideways scrolling throughout, the categories setting too.
func TestBrowserDossierPraktijkWritingAReport(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	patient, doc := a.people[0], a.staff["practitioner"]
	home := fmt.Sprintf("/praktijk/patienten/%d", patient.ID)
	newForm := home + "/verslagen/nieuw"
	category := a.scalar("SELECT min(id) FROM report_categories")
	b := newBrowserTab(t, a)
	b.signIn(doc.UserName.String)
	for i, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"phone", phoneWidth, phoneHeight, true}, {"wide screen", 1280, 900, false}} {
		b.setViewport(size.width, size.height, size.mobile)
		title := fmt.Sprintf("Verslag op %s", size.name)
		b.open(home)
		b.click(`a[href="` + newForm + `"]`)
		b.waitFor("the report's form", loaded(newForm))
		b.axe("report form, " + size.name)
		b.wantNoHorizontalScroll("report form", size.width)
		b.setViewport(size.width, size.height, size.mobile)
		b.typeInto("#titel", title)
		b.setField("#categorie", category)
		body := fmt.Sprintf("Beloop %d: **rustig**", i)
		b.typeInto("#tekst", body)
		b.waitUntil("the draft saved with all that was typed", waitLimit, func() bool {
			return a.scalar("SELECT count(*) FROM drafts WHERE user_id = ? AND kind = 'report' AND target = ? AND body = ?",
				doc.ID, fmt.Sprintf("nieuw-%d", patient.ID), body) == "1"
		})
		b.click(`button[value=publiceren]`)
		b.waitFor("the report's page", `location.pathname.startsWith(`+jsString(home+"/verslagen/")+`) && !location.pathname.endsWith("/nieuw") && document.readyState === "complete"`)
		b.wantText(".notice", a.T("dossier_praktijk.notice_published"))
		b.wantText("h1", title)
		b.axe("report page, " + size.name)
		b.wantNoHorizontalScroll("report page", size.width)
		b.setViewport(size.width, size.height, size.mobile)
		report := b.path()

		b.open(home)
		b.wantTextContains(".reports-panel li", title)
		b.axe("patient page with the dossier panel, " + size.name)
		b.wantNoHorizontalScroll("patient page", size.width)
		b.setViewport(size.width, size.height, size.mobile)

		b.open(report + "/intrekken")
		b.axe("withdraw page, " + size.name)
		b.typeInto("#reden", "Verkeerde patiënt")
		b.click(`form button.primary-inline`)
		b.waitFor("the report's page", loaded(report))
		b.wantText(".notice", a.T("dossier_praktijk.notice_withdrawn"))
	}
	b.setViewport(phoneWidth, phoneHeight, true)
	b.signOut()
	b.signIn(a.staff["admin"].UserName.String)
	b.open("/praktijk/beheer/dossier")
	b.axe("dossier settings, phone")
	b.wantNoHorizontalScroll("dossier settings", phoneWidth)
}
