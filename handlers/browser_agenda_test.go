package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"balie/internal/agenda"
)

// A patient on a phone walks the agenda by keyboard: the week, the next week and back (htmx swaps the
// week, the address follows, the focus stays on the arrow), an appointment opened in the dialog with
// Enter and closed with Escape or a tap beside it (the focus back on the appointment), and the list.
func TestBrowserAgendaWeekAndDialog(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	monday := agenda.WeekOf(a.clock.Now())
	at := func(days int) time.Time { return monday.AddDate(0, 0, days).Add(7 * time.Hour).UTC() } // 07:00, before the demo's
	thisWeek := a.addAppointment(testAppointment{patient: me.ID, kind: "Fysiotherapie", minutes: 30, start: at(3),
		instructions: "Neem een handdoek mee."})
	nextWeek := a.addAppointment(testAppointment{patient: me.ID, kind: "Consult huisarts", minutes: 15, start: at(8)})
	here, next := "/afspraken/week/"+agenda.WeekName(monday), "/afspraken/week/"+agenda.WeekName(monday.AddDate(0, 0, 7))

	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/afspraken/week")
	b.waitFor("this week", loaded(here))
	b.axe("agenda week")
	if !b.visible(`a[href="` + appointmentPath(thisWeek) + `"]`) {
		t.Fatal("this week's appointment does not show")
	}

	// The next week by keyboard: htmx swaps the week and pushes its address; the focus stays on the arrow.
	focus(b, "#week-next")
	b.press("Enter", kb.Enter)
	b.waitFor("next week", `location.pathname === `+jsString(next)+` && document.querySelector('#week a[href="`+appointmentPath(nextWeek)+`"]') !== null`)
	b.wantFocus("#week-next")
	// Going back loads the page again (the layout keeps no history in the browser: historyCacheSize 0):
	// the link counts once that page is complete, with its scripts.
	b.do("going back", chromedp.NavigateBack())
	b.waitFor("this week again", `location.pathname === `+jsString(here)+` && document.readyState === "complete" && document.querySelector('#week a[href="`+appointmentPath(thisWeek)+`"]') !== null`)

	// The appointment in a dialog: Enter opens it, Escape closes it, the focus returns to the link.
	link := `#week a[href="` + appointmentPath(thisWeek) + `"]`
	focus(b, link)
	b.wantFocus(link)
	b.press("Enter", kb.Enter)
	b.waitFor("the dialog", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	b.wantPath(here)
	b.wantTextContains("#page-dialog .details", "Neem een handdoek mee.")
	if b.attr("#page-dialog", "aria-labelledby") != "appointment-title" {
		t.Error("the dialog is not labelled by the appointment's title")
	}
	b.axe("appointment dialog")
	b.press("Escape", kb.Escape)
	b.waitFor("the dialog closed", `document.querySelector("#page-dialog")?.open === false`)
	b.wantFocus(link)

	// A tap beside the dialog closes it too, and the × button.
	b.click(link)
	b.waitFor("the dialog again", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	b.do("tapping beside the dialog", chromedp.MouseClickXY(2, 2))
	b.waitFor("the dialog closed by a tap beside it", `document.querySelector("#page-dialog")?.open === false`)
	b.wantFocus(link)
	b.click(link)
	b.waitFor("the dialog once more", `document.querySelector("#page-dialog")?.open === true && document.querySelector("#page-dialog h1") !== null`)
	b.click("#page-dialog .dialog-close")
	b.waitFor("the dialog closed by ×", `document.querySelector("#page-dialog")?.open === false`)

	// The list, and an appointment's own page.
	b.open("/afspraken")
	b.axe("agenda list")
	b.open(appointmentPath(thisWeek))
	b.axe("appointment page")
	b.open("/afspraken/eerder")
	b.axe("earlier appointments")
}

// focus gives the focus to the first element matching sel, as Tab would.
func focus(b *browserTab, sel string) {
	b.t.Helper()
	b.do("focusing "+sel, chromedp.Focus(chromedp.CSS(sel)))
}
