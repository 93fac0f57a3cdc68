package handlers_test

import (
	"testing"
)

// Write a message on a phone, the practitioner answers, the patient reads the answer.
func TestBrowserMessageAndReply(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	me := a.people[0]
	b.signIn(me.UserName.String)
	b.open("/berichten")
	b.axe("messages list")
	b.click(`a[href="/berichten/nieuw"]`)
	b.waitFor("the new message form", loaded("/berichten/nieuw"))
	b.typeInto("#titel", "Vraag over mijn afspraak")
	b.typeInto("#tekst", "Mag ik mijn afspraak van volgende week verzetten?")
	b.waitForDraft(me.ID, "message", "Mag ik mijn afspraak van volgende week verzetten?")
	b.axe("new message")
	b.click("form.draft-form button.primary-inline")
	b.waitFor("the conversation", `document.querySelector(".notice")?.innerText === `+jsString(a.T("messages.notice_sent"))+` && document.readyState === "complete"`)
	b.wantText(".notice", a.T("messages.notice_sent"))
	thread := eval[string](b, `location.pathname.split("/")[2]`)

	// The practitioner answers (over HTTP, as another person on another device).
	sc := a.staffClient("practitioner")
	sc.get("/praktijk/berichten/" + thread)
	p := sc.post("/praktijk/berichten/"+thread, map[string][]string{"tekst": {"Ja, bel de praktijk even voor een nieuwe tijd."}})
	wantStatus(t, p, 303)

	b.open("/berichten")
	b.waitFor("the unread badge", `document.querySelector(".entry-list li.unread") !== null`)
	b.click(`a[href="/berichten/` + thread + `"]`)
	b.waitFor("the answer", `document.querySelector(".conversation").innerText.includes("bel de praktijk even")`)
	b.axe("conversation with an answer")
}
