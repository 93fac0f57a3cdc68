package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"balie/internal/agenda"
)

// setField sets a field's value as a picker would (a date or time input's own widget, a select), and
// tells the page it changed.
func (b *browserTab) setField(sel, value string) {
	b.t.Helper()
	eval[bool](b, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.value = `+jsString(value)+`;
		e.dispatchEvent(new Event("change", {bubbles: true})); return e.value === `+jsString(value)+`; })()`)
}

// The practice's agenda on a wide screen and on a phone: make an appointment from the patient's page,
// find it in its practitioner's week, walk the weeks and come back with "Vandaag"; axe clean throughout.
func TestBrowserAgendaPraktijkWeekAndMaking(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	f := newAgendaFixture(t, a)
	patient := a.people[0]
	day := time.Now().In(agenda.Zone).AddDate(0, 0, 8)
	year, week := day.ISOWeek()
	weekParam := fmt.Sprintf("%d-W%02d", year, week)
	b := newBrowserTab(t, a)
	b.signIn(a.staff["assistant"].UserName.String)
	for i, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"wide screen", 1280, 900, false}, {"phone", phoneWidth, phoneHeight, true}} {
		b.setViewport(size.width, size.height, size.mobile)
		newForm := fmt.Sprintf("/praktijk/patienten/%d/afspraken/nieuw", patient.ID)
		b.open(fmt.Sprintf("/praktijk/patienten/%d", patient.ID))
		b.click(`a[href="` + newForm + `"]`)
		b.waitFor("the new appointment's form", loaded(newForm))
		b.axe("new appointment form, " + size.name)
		b.setField("#soort", fmt.Sprint(f.kindNow))
		b.setField("#behandelaar", fmt.Sprint(f.doctor))
		b.setField("#datum", day.Format("2006-01-02"))
		b.setField("#tijd", fmt.Sprintf("%02d:00", 17+i))
		b.click("form button.primary")
		b.waitFor("the appointment's page", `location.pathname.startsWith("/praktijk/agenda/afspraken/") && document.readyState === "complete"`)
		b.wantText(".notice", a.T("agenda_praktijk.notice_made"))
		b.axe("appointment page, " + size.name)

		b.open(fmt.Sprintf("/praktijk/agenda?week=%s&wie=%d", weekParam, f.doctor))
		b.waitFor("the week with the appointments", fmt.Sprintf(`document.querySelectorAll(".agenda-item").length === %d`, i+1))
		b.wantTextContains(".agenda-item", patient.FullName())
		columns := eval[int](b, `new Set([...document.querySelectorAll(".agenda-day")].map(d => Math.round(d.getBoundingClientRect().top))).size`)
		if size.mobile && columns != 7 || !size.mobile && columns != 1 {
			t.Errorf("%s: the week's days stand in %d rows", size.name, columns)
		}
		b.axe("agenda week, " + size.name)
		b.shot("agenda-week-" + strings.ReplaceAll(size.name, " ", "-"))
		b.wantNoHorizontalScroll("agenda week", phoneWidth)
		b.setViewport(size.width, size.height, size.mobile)
		b.click(`a[rel=next]`)
		b.waitFor("the next week", fmt.Sprintf(`location.search.includes("week=") && !location.search.includes(%s) && document.readyState === "complete"`, jsString(weekParam)))
		if n := eval[int](b, `document.querySelectorAll(".agenda-item").length`); n != 0 {
			t.Errorf("%s: the next week shows %d of this week's appointments", size.name, n)
		}
		b.click(`.agenda-nav a:not([rel])`)
		b.waitFor("this week again", `document.querySelector(".agenda-today") !== null && document.readyState === "complete"`)
		b.axe("agenda today's week, " + size.name)
	}
}
