package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// TestBrowserCancelAppointmentByKeyboard: at 390 × 844, the patient reaches "Afzeggen bevestigen" with
// Tab and cancels with Enter; a page too late to cancel offers the practice's number; the settings page
// for reminders and calendars, with a new address shown, passes axe.
func TestBrowserCancelAppointmentByKeyboard(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0]
	now := a.clock.Now()
	id := a.addAppointment(testAppointment{patient: me.ID, start: now.AddDate(0, 0, 7)})
	soon := a.addAppointment(testAppointment{patient: me.ID, start: now.Add(2 * time.Hour)})
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)

	b.open(cancelPath(id))
	b.wantText("main h1", a.T("agenda_cancel.title"))
	b.axe("cancel an appointment")
	confirm := fmt.Sprintf(`form[action=%q] button`, cancelPath(id))
	for i := 0; i < 40 && !eval[bool](b, `document.activeElement === document.querySelector(`+jsString(confirm)+`)`); i++ {
		b.press("Tab", kb.Tab)
	}
	b.waitFor("the focus on "+a.T("agenda_cancel.confirm"), `document.activeElement === document.querySelector(`+jsString(confirm)+`)`)
	b.press("Enter", kb.Enter)
	b.waitUntil("the appointment cancelled", waitLimit, func() bool {
		var status string
		err := a.db.Read.QueryRow(`SELECT status FROM appointments WHERE id = ?`, id).Scan(&status)
		return err == nil && status == "cancelled"
	})
	b.open(cancelPath(id))
	b.wantTextContains("main", a.T("agenda_cancel.already"))

	b.open(cancelPath(soon))
	b.wantTextContains("main", a.T("agenda_cancel.too_late", "Hours", 24))
	b.axe("too late to cancel")

	b.open("/afspraken/instellingen")
	b.axe("reminders and calendar")
	b.click(`form[action="/afspraken/instellingen/agenda"] button`)
	b.waitFor("the new address", `document.querySelector("textarea#adres") !== null && document.readyState === "complete"`)
	b.axe("reminders and calendar with a new address")
}
