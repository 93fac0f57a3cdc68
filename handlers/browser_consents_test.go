package handlers_test

import "testing"

// A patient gives a consent and withdraws it again on a phone, each after the confirmation step.
func TestBrowserConsentGiveAndWithdraw(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	b.signIn(a.people[0].UserName.String)
	gp := a.scalar(`SELECT id FROM consent_kinds WHERE position = 2`)
	item := "#toestemming-" + gp
	b.open("/toestemmingen")
	b.wantText(item+" .consent-state", a.T("consents.state_none"))
	b.axe("consents")
	b.wantNoHorizontalScroll("consents")

	b.click(item + " a.button")
	b.waitFor("the confirmation", loaded("/toestemmingen/"+gp))
	b.wantText("main form button", a.T("consents.confirm_give_button"))
	b.axe("consent confirmation")
	b.click("main form button")
	b.waitFor("the given notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("consents.notice_given"))+` && document.readyState === "complete"`)
	b.wantTextContains(item+" .consent-state", a.T("consents.state_given", "When", ""))
	b.wantTextContains(".consent-history li", a.T("consents.event_given"))
	b.axe("consent given")

	b.click(item + " a.button")
	b.waitFor("the withdraw confirmation", loaded("/toestemmingen/"+gp))
	b.wantText("main form button", a.T("consents.confirm_withdraw_button"))
	b.click("main form button")
	b.waitFor("the withdrawn notice", `document.querySelector(".notice")?.innerText === `+jsString(a.T("consents.notice_withdrawn"))+` && document.readyState === "complete"`)
	b.wantTextContains(".consent-history li", a.T("consents.event_withdrawn"))
	b.axe("consent withdrawn")
}
