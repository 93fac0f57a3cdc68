package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// typeInto fills a field as a person types.
func (b *browserTab) typeInto(sel, text string) {
	b.t.Helper()
	b.do("typing into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// From the invitation mail to the overview, as a patient on a phone does it.
func TestBrowserActivationFromMailToOverview(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	u := newInvitee(t, a, "noor.bos@voorbeeld.example")
	link := invite(t, a, a.staffClient("assistant"), u)
	b := newBrowserTab(t, a)

	b.open(link)
	b.axe("activation: birth date")
	b.typeInto("#geboortedatum-dag", "3")
	b.typeInto("#geboortedatum-maand", "4")
	b.typeInto("#geboortedatum-jaar", "1990")
	b.click("form button.primary")
	b.waitFor("the account page", loaded("/activeren/gegevens"))
	if v := b.attr("#gebruikersnaam", "value"); v != u.Email {
		t.Fatalf("user name field holds %q", v)
	}
	// The hint bar follows the typing (htmx).
	b.typeInto("#wachtwoord", newPassword)
	b.waitFor("every rule met in the hint bar", `document.querySelectorAll("#password-rules li.rule-ok").length === 3`)
	b.axe("activation: user name and password")
	b.typeInto("#herhaal", newPassword)
	b.click("form button.primary")
	b.waitFor("the second-factor choice", loaded("/inloggen/beveiliging"))
	b.axe("activation: choose a second factor")
	b.click(`form[action="/inloggen/beveiliging/app"] button`)
	b.waitFor("the authenticator app page", loaded("/inloggen/beveiliging/app"))
	b.axe("activation: authenticator app")
	wantOtherWayApart(b)
	b.open("/inloggen/beveiliging") // the patient chooses SMS after all
	b.click(`form[action="/inloggen/beveiliging/sms"] button`)
	b.waitFor("the SMS code page", loaded("/inloggen/beveiliging/sms"))
	b.axe("activation: SMS code")
	wantOtherWayApart(b)
	b.typeInto("#code", a.lastSMSCode(u.Email))
	b.click("form button.primary")
	b.waitFor("the terms", loaded("/voorwaarden"))
	b.axe("activation: terms")
	b.click("form button.primary")
	b.waitFor("the overview", loaded("/overzicht"))
	b.wantText("h1", a.T("overview.welcome", "Name", "Noor"))
}

// Password forgotten: the mail link, an SMS code, a new password, and straight in.
func TestBrowserPasswordReset(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	b := newBrowserTab(t, a)

	b.open("/inloggen")
	b.click(`a[href="/wachtwoord-vergeten"]`)
	b.waitFor("the reset page", loaded("/wachtwoord-vergeten"))
	b.axe("reset: request")
	b.typeInto("#naam", me.Email)
	b.click("form button.primary")
	b.waitFor("the confirmation", `document.querySelector(".notice") !== null`)
	b.wantText(".notice", a.T("signin_reset.notice_sent"))

	link := a.lastMailLink(me.Email)
	b.open(link)
	b.axe("reset: second factor")
	b.click(`form[action$="/sms"] button`)
	b.waitFor("the code field", `document.querySelector("#code") !== null && document.readyState === "complete"`)
	b.typeInto("#code", a.lastSMSCode(me.UserName.String))
	b.click("form button.primary")
	b.waitFor("the new-password page", loaded("/wachtwoord-herstellen/nieuw"))
	b.axe("reset: new password")
	b.typeInto("#wachtwoord", newPassword)
	b.typeInto("#herhaal", newPassword)
	b.click("form button.primary")
	b.waitFor("the terms (never accepted yet)", loaded("/voorwaarden"))
	b.click("form button.primary")
	b.waitFor("the overview", loaded("/overzicht"))

	// The new password works on another phone; the sign-in asks for the SMS code.
	other := newBrowserTab(t, a)
	other.open("/inloggen")
	other.typeInto("#naam", me.UserName.String)
	other.typeInto("#wachtwoord", newPassword)
	other.click("form button.primary")
	other.waitFor("the code page", loaded("/inloggen/code"))
	other.axe("sign-in: SMS code")
	if !strings.Contains(other.text("#code-hint"), me.Mobile[len(me.Mobile)-2:]) {
		t.Errorf("the code page does not say where the SMS went: %q", other.text("#code-hint"))
	}
}

// wantOtherWayApart checks that "Een andere manier kiezen" is set apart from the primary button above
// it, so that it is not tapped instead.
func wantOtherWayApart(b *browserTab) {
	b.t.Helper()
	label := b.app.T("signin_setup.other_way")
	gap := eval[float64](b, `(() => { const other = [...document.querySelectorAll("main a")].find(a => a.innerText.trim() === `+jsString(label)+`);
		return other ? other.getBoundingClientRect().top - document.querySelector("main button.primary").getBoundingClientRect().bottom : -1; })()`)
	if gap < 24 {
		b.t.Errorf("%q is %.0f px under the primary button (-1: not there), want 24 px or more", label, gap)
	}
}
