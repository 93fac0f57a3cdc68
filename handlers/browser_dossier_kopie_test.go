package handlers_test

import (
	"context"
	"fmt"
	"testing"
)

// A patient on a phone asks for a copy of their record: the page says it is asked for, and once the
// builder's round has made it, the download shows on the same page without a reload (the page asks
// again while the copy is being made); axe is clean on the list and on the copy's own page, nothing
// scrolls sideways and every tap target is large enough.
func TestBrowserDossierKopie(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open(kopiePath)
	b.waitFor("the copy's page", loaded(kopiePath)+` && document.querySelector('form[action="/dossier/kopie"] button') !== null`)
	b.axe("kopie")
	b.wantNoHorizontalScroll("kopie", 360, 390)
	b.wantTargetSizes("kopie")

	b.click(`form[action="/dossier/kopie"] button`)
	b.waitFor("the request", fmt.Sprintf(`document.querySelector(".kopie-state")?.textContent.trim() === %q`, a.T("dossier_kopie.state_requested")))
	if n, err := a.app.RecordCopies().Round(context.Background()); err != nil || n != 1 {
		t.Fatalf("round: %d, %v", n, err)
	}
	b.waitFor("the download, without a reload", `document.querySelector('a[href$="/download"]') !== null`)
	b.axe("kopie ready")
	b.shot("dossier-kopie")
	b.wantNoHorizontalScroll("kopie ready", 360, 390)
	b.wantTargetSizes("kopie ready")

	page := fmt.Sprintf("%s/%d", kopiePath, a.number(`SELECT max(id) FROM record_copies WHERE patient_id = ?`, me.ID))
	b.open(page)
	b.waitFor("one copy's page", loaded(page)+` && document.querySelector('a[href$="/download"]') !== null`)
	b.axe("one copy")
	b.wantNoHorizontalScroll("one copy", 360, 390)
	b.wantTargetSizes("one copy")
}
