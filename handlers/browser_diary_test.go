package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestBrowserDiaryAutosaveReloadAndTimeout(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock(), withTimeouts(20*time.Second, 10*time.Minute))
	name := a.people[0].UserName.String
	b := newBrowserTab(t, a)
	b.signIn(name)
	b.open("/dagboek")
	b.axe("diary list")
	b.click(`a[href="/dagboek/nieuw"]`)
	b.waitFor("the new note form", loaded("/dagboek/nieuw"))
	b.typeInto("#titel", "Rustige dag")
	b.typeInto("#tekst", "Vandaag ging het beter. ")
	b.waitFor("the autosave", draftSaved)
	b.axe("diary form with a saved draft")

	// A reload keeps the draft.
	b.reload()
	b.waitFor("the restored text", `document.querySelector("#tekst").value.includes("Vandaag ging het beter.")`)

	// Typing on, then walking away: the session times out, the typed text is not lost.
	// Go on at the end of the text, as one does after clicking behind the last word.
	b.do("focusing the text", chromedp.Focus(chromedp.CSS("#tekst")))
	eval[bool](b, `(() => { const t = document.querySelector("#tekst"); t.setSelectionRange(t.value.length, t.value.length); return true; })()`)
	eval[bool](b, `(() => { document.querySelector("#draft-status").textContent = ""; return true; })()`)
	b.do("typing on", chromedp.KeyEvent("Nog een zin."))
	b.waitFor("the second autosave", draftSaved)
	b.waitFor("the sign-in page after the idle timeout", loaded("/inloggen"))
	b.signIn(name)
	b.open("/dagboek/nieuw")
	b.waitFor("the draft after signing in again", `document.querySelector("#tekst").value.includes("Nog een zin.")`)

	// Finish it and share it.
	b.click("form.draft-form button.primary-inline")
	b.waitFor("the saved entry", `location.pathname.startsWith("/dagboek/") && document.querySelector(".entry-body") !== null`)
	b.wantTextContains(".entry-body", "Vandaag ging het beter. Nog een zin.")
	b.click(`form[action$="/delen"] button`)
	b.waitFor("the shared notice", `location.search.includes("melding=gedeeld") && document.readyState === "complete"`)
	b.wantText(".notice", a.T("diary.notice_shared"))
	b.axe("shared diary entry")
}

// draftSaved is true once the page shows the server's "saved" answer (not a failure, which also says
// "opgeslagen": "Niet opgeslagen").
const draftSaved = `document.querySelector("#draft-status .draft-saved") !== null`
