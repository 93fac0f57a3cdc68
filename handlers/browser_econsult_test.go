package handlers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Ask the GP a question on a phone with two photos, one of them HEIC as an iPhone sends it.
func TestBrowserEconsultWithPhoto(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	me := a.people[0]
	b.signIn(me.UserName.String)
	b.open("/berichten")
	b.click(`a[href="/berichten/vraag"]`)
	b.waitFor("the e-consult form", loaded("/berichten/vraag"))
	b.axe("e-consult form")

	camera := filepath.Join(t.TempDir(), "IMG_2041.JPG")
	if err := os.WriteFile(camera, testJPEG(t, 2400, 1800), 0o600); err != nil {
		t.Fatal(err)
	}
	iphone, err := filepath.Abs(heicFixturePath)
	if err != nil {
		t.Fatal(err)
	}
	b.do("choosing two photos", chromedp.SetUploadFiles(chromedp.CSS("#foto"), []string{camera, iphone}))
	const shown = `[...document.querySelectorAll("%s img")].length === 2 && [...document.querySelectorAll("%s img")].every(i => i.complete && i.naturalWidth > 0)`
	b.waitForWithin("the two photos in the form", fmt.Sprintf(shown, "#econsult-photos", "#econsult-photos"), slowLimit)
	// A screen reader hears that they were added: the live region stays while the photo list is swapped.
	b.waitFor("the photos announced", `document.querySelector("#photo-status").textContent === `+jsString(a.T("econsult.photos_added", "Count", 2)))
	// A file that is no photo is refused: announced, and named in the file field's description.
	notes := filepath.Join(t.TempDir(), "notities.txt")
	if err := os.WriteFile(notes, []byte("geen foto"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do("choosing a file that is no photo", chromedp.SetUploadFiles(chromedp.CSS("#foto"), []string{notes}))
	refused := a.T("econsult.photo_not_a_photo", "Name", "notities.txt")
	b.waitFor("the refusal announced", `document.querySelector("#photo-status").textContent === `+jsString(refused))
	if !eval[bool](b, `(() => { const f = document.querySelector("#foto"); return f.getAttribute("aria-invalid") === "true" &&
		f.getAttribute("aria-describedby").split(" ").some(id => document.getElementById(id)?.textContent.includes(`+jsString(refused)+`)); })()`) {
		t.Error("the refusal is not in the file field's description")
	}
	b.typeInto("#titel", "Plekje op mijn arm")
	b.typeInto("#tekst", "Sinds een week een rood plekje dat jeukt.")
	// Choosing the photos saved the draft once already, still empty: wait for the save of the text.
	b.waitForDraft(me.ID, "econsult", "Sinds een week een rood plekje dat jeukt.")
	b.axe("e-consult form with photos")
	b.shot("econsult-form")
	b.wantNoHorizontalScroll("e-consult form", 390, 360)

	b.click("#econsult-send")
	b.waitFor("the sent question", `document.querySelector(".notice")?.innerText === `+jsString(a.T("econsult.notice_sent"))+` && document.readyState === "complete"`)
	b.wantText(".notice", a.T("econsult.notice_sent"))
	b.waitFor("the photos in the conversation", fmt.Sprintf(shown, ".conversation", ".conversation"))
	b.axe("sent e-consult")
	b.shot("econsult-sent")
	b.wantNoHorizontalScroll("sent e-consult", 390, 360)
	thread := eval[string](b, `location.pathname.split("/")[2]`)

	// The GP finds it in the e-consult queue and sees the photos.
	b.signOut()
	b.signIn(a.staff["practitioner"].UserName.String)
	b.open("/praktijk/econsulten")
	b.click(`a[href="/praktijk/berichten/` + thread + `"]`)
	b.waitFor("the e-consult in the back office", fmt.Sprintf(shown, ".conversation", ".conversation"))
	b.axe("e-consult for the GP")
}

// A lost connection while typing: the page says it will retry, retries, and the text is saved.
func TestBrowserDraftSurvivesLostConnection(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	me := a.people[0]
	b.signIn(me.UserName.String)
	b.open("/dagboek/nieuw")
	b.setOffline(true)
	b.typeInto("#titel", "In de trein")
	b.typeInto("#tekst", "Geen bereik, toch verder geschreven.")
	b.waitFor("the offline notice", `document.querySelector("#draft-status").innerText === `+jsString(a.T("drafts.offline")))
	b.axe("diary form while offline")
	b.setOffline(false)
	b.waitForDraft(me.ID, "diary", "Geen bereik, toch verder geschreven.")
	b.reload()
	b.waitFor("the saved draft after a reload", `document.querySelector("#tekst").value === "Geen bereik, toch verder geschreven."`)
	// A text too long to keep is said so (not "failed", and not tried again and again).
	eval[bool](b, `(() => { const t = document.querySelector("#tekst"); t.value = "x".repeat(100001);
		t.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	b.waitFor("the too-long notice", `document.querySelector("#draft-status .draft-failed")?.innerText === `+jsString(a.T("drafts.too_long")))
}

// setOffline cuts the tab's connection, or gives it back.
func (b *browserTab) setOffline(offline bool) {
	b.t.Helper()
	b.do("setting the connection", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}})
		return err
	}))
}
