package handlers_test

import "testing"

func TestBrowserDiaryAutosaveAndReload(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	me := a.people[0]
	b.signIn(me.UserName.String)
	b.open("/dagboek")
	b.axe("diary list")
	b.click(`a[href="/dagboek/nieuw"]`)
	b.waitFor("the new note form", loaded("/dagboek/nieuw"))
	b.typeInto("#titel", "Rustige dag")
	b.typeInto("#tekst", "Vandaag ging het beter.")
	b.waitForDraft(me.ID, "diary", "Vandaag ging het beter.")
	b.axe("diary form with a saved draft")

	// A reload keeps the draft.
	b.reload()
	b.waitFor("the restored text", `document.querySelector("#tekst").value === "Vandaag ging het beter."`)

	// Finish it and share it.
	b.click("form.draft-form button.primary-inline")
	b.waitFor("the saved entry", `location.pathname.startsWith("/dagboek/") && document.querySelector(".entry-body") !== null`)
	b.wantTextContains(".entry-body", "Vandaag ging het beter.")
	b.click(`form[action$="/delen"] button`)
	b.waitFor("the shared notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("diary.notice_shared"))+` && document.readyState === "complete"`)
	b.wantText(".notice", a.T("diary.notice_shared"))
	b.axe("shared diary entry")
}

// draftSaved is true once the page shows the server's "saved" answer (not a failure, which also says
// "opgeslagen": "Niet opgeslagen").
const draftSaved = `document.querySelector("#draft-status .draft-saved") !== null`
