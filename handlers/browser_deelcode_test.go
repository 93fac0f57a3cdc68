package handlers_test

import (
	"fmt"
	"testing"
)

// A patient makes a share code on a phone; a second browser enters it with her birth date and reads her
// dossier, results and appointments read-only, with the banner on every page.
func TestBrowserShareCodeMadeAndRead(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	b.signIn(a.people[0].UserName.String)
	b.open("/deelcode")
	b.axe("share codes")
	b.wantNoHorizontalScroll("share codes")
	b.typeInto("#voor", "fysiotherapeut")
	for _, area := range []string{"dossier", "uitslagen", "agenda"} {
		b.click("#gebied-" + area)
	}
	b.click("main form button.primary-inline")
	b.waitFor("the code shown", `document.querySelector(".share-code") !== null && document.readyState === "complete"`)
	code := b.text(".share-code")
	b.axe("share code made")
	b.wantNoHorizontalScroll("share code made")

	v := newBrowserTab(t, a)
	v.open("/inzien")
	v.axe("share code form")
	v.wantNoHorizontalScroll("share code form")
	birth := a.people[0].BirthDate.Time
	v.typeInto("#code", code)
	v.typeInto("#geboortedatum-dag", fmt.Sprint(birth.Day()))
	v.typeInto("#geboortedatum-maand", fmt.Sprint(int(birth.Month())))
	v.typeInto("#geboortedatum-jaar", fmt.Sprint(birth.Year()))
	v.click("main form button.primary-inline")
	v.waitFor("the shared areas", `document.querySelector(".share-banner") !== null && document.readyState === "complete"`)
	v.wantTextContains(".share-banner", a.people[0].FullName())
	v.axe("viewer start")
	v.click(`main a[href="/inzien/dossier"]`)
	v.waitFor("the dossier", loaded("/inzien/dossier"))
	v.axe("viewer dossier")
	v.wantNoHorizontalScroll("viewer dossier")
	v.click(".dossier-list a")
	v.waitFor("a report", `location.pathname.startsWith("/inzien/dossier/") && document.readyState === "complete"`)
	v.wantTextContains(".share-banner", a.people[0].FullName())
	v.axe("viewer report")
	v.wantNoHorizontalScroll("viewer report")
	v.wantTargetSizes("viewer report")
	for _, path := range []string{"/inzien/uitslagen", "/inzien/afspraken"} {
		v.open(path)
		v.wantTextContains(".share-banner", a.people[0].FullName())
		v.axe("viewer " + path)
		v.wantNoHorizontalScroll("viewer " + path)
		v.wantTargetSizes("viewer " + path)
	}
}
