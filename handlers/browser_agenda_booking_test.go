package handlers_test

import (
	"strconv"
	"testing"
	"time"
)

// Booking on a phone (390 × 844), from the kind to the confirmation: the date buttons swap the times in
// place (htmx) and keep the focus on the button pressed; every step is axe clean and does not scroll
// sideways.
func TestBrowserBookingFromKindToConfirmation(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	f := setUpBooking(t, a)
	b := newBrowserTab(t, a)
	me := a.people[0]
	b.signIn(me.UserName.String)
	b.open("/afspraken")
	b.click(`a[href="/afspraken/maken"]`)
	b.waitFor("the kinds", loaded("/afspraken/maken")+` && document.querySelector("input[name=soort]") !== null`)
	b.axe("booking: the kinds")
	kind := strconv.FormatInt(f.kind, 10)
	b.click(`input[name=soort][value="` + kind + `"]`)
	b.click(`main form button.primary`)
	b.waitFor("the days and times", loaded("/afspraken/maken/tijden")+` && document.querySelector(".date-buttons") !== null`)
	b.axe("booking: days and times")

	// Late in a month there may be one day left in it: "Meer" leads to the next.
	if eval[int](b, `document.querySelectorAll(".date-buttons a").length`) < 2 {
		month := b.text("#month-title")
		b.click(`.month-nav a:last-child`)
		b.waitFor("the next month", `document.querySelector("#month-title")?.innerText !== `+jsString(month)+` && document.querySelectorAll(".date-buttons a").length > 1`)
	}
	// Another day: its times replace the first day's, and the focus stays on its button.
	second := eval[string](b, `document.querySelectorAll(".date-buttons a")[1].id`)
	b.click("#" + second)
	b.waitFor("the second day's times", `document.querySelector("#`+second+`")?.getAttribute("aria-current") === "date" && document.readyState === "complete"`)
	b.wantFocus("#" + second)
	b.axe("booking: another day")

	b.click(`input[name=tijd]`)
	b.click(`#booking-times button.primary`)
	b.waitFor("the confirmation", loaded("/afspraken/maken/bevestigen")+` && document.querySelector("#reden") !== null`)
	b.wantTextContains(".urgent", a.T("agenda_booking.urgent", "Phone", "")[:40])
	b.axe("booking: confirmation")
	b.typeInto("#reden", "Controle")
	b.click(`main form[method=post] button.primary`)
	b.waitFor("the appointments, saying the booking is made", loaded("/afspraken")+
		` && document.querySelector(".notice")?.innerText === `+jsString(a.T("agenda_booking.notice_booked")))
	b.axe("booking: made")
	b.waitUntil("the booking stored", 5*time.Second, func() bool {
		return a.scalar(`SELECT count(*) FROM appointments WHERE patient_id = ? AND kind_id = ? AND reason = 'Controle'`, me.ID, f.kind) == "1"
	})
}
