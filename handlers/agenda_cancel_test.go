package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func cancelPath(id int64) string { return fmt.Sprintf("/afspraken/%d/afzeggen", id) }

// TestCancelWindowBoundary: exactly cancel_hours (24) before the start the patient may cancel; a second
// later the page says to call the practice, and a cancel sent from a page opened before is refused.
func TestCancelWindowBoundary(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	now := a.clock.Now()
	onTime := a.addAppointment(testAppointment{patient: me.ID, start: now.Add(24 * time.Hour)})
	late := a.addAppointment(testAppointment{patient: me.ID, start: now.Add(24*time.Hour + 15*time.Minute)})

	p := c.get(cancelPath(onTime))
	wantStatus(t, p, http.StatusOK)
	if p.Text("form[action='"+cancelPath(onTime)+"'] button") != a.T("agenda_cancel.confirm") {
		t.Fatalf("exactly 24 hours before, no %q button:\n%s", a.T("agenda_cancel.confirm"), p.Text("main"))
	}
	if got := p.Text(".details"); !strings.Contains(got, "Bloedprikken") || !strings.Contains(got, a.staff["admin"].FullName()) {
		t.Errorf("the page does not say what and with whom: %q", got)
	}
	p = c.post(cancelPath(onTime), nil)
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/afspraken?melding=agenda_cancel.notice_cancelled" {
		t.Errorf("after cancelling, to %q", loc)
	}
	if got := a.scalar(`SELECT status || ' ' || (cancelled_by = ?) || ' ' || staff_seen || ' ' || (cancelled_at = ?) FROM appointments WHERE id = ?`,
		me.ID, now, onTime); got != "cancelled 1 0 1" {
		t.Errorf("stored: %q, want cancelled by the patient, now, new for the practice", got)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND object_id = ? AND action = 'change' AND actor_id = ?`, onTime, me.ID); n != "1" {
		t.Errorf("%s change rows in the access log", n)
	}
	// The time is free again at once: the practice can give it to someone else.
	a.addAppointment(testAppointment{patient: a.people[1].ID, start: now.Add(24 * time.Hour)})

	// The mail says the date, the time and the practice, and nothing about the appointment itself.
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) != 1 {
		t.Fatalf("%d mails to the patient", len(mails))
	}
	body := mails[0].Text
	clinic, _ := a.db.R.GetClinic(context.Background())
	if !strings.Contains(body, a.tr[me.Locale].DayTime(now.Add(24*time.Hour))) || !strings.Contains(body, clinic.Name) {
		t.Errorf("the mail lacks the date, time or practice:\n%s", body)
	}
	if strings.Contains(body, "Bloedprikken") || strings.Contains(body, "Nuchter") || strings.Contains(body, a.staff["admin"].FamilyName) {
		t.Errorf("the mail tells what the appointment is:\n%s", body)
	}

	// One second inside the window: no button, the practice's phone number instead; a post is refused.
	// (Fifteen minutes on: the session is still fresh.)
	a.fixed.Set(now.Add(15*time.Minute + time.Second))
	p = c.get(cancelPath(late))
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("form[action='"+cancelPath(late)+"']").Length() != 0 {
		t.Error("a second inside 24 hours, the page still offers to cancel")
	}
	if !strings.Contains(p.Text("main"), a.T("agenda_cancel.too_late", "Hours", 24)) || p.Doc.Find("a[href='tel:"+strings.ReplaceAll(clinic.Phone, " ", "")+"']").Length() != 1 {
		t.Errorf("too late, the page does not say to call %s:\n%s", clinic.Phone, p.Text("main"))
	}
	p = c.post(cancelPath(late), nil)
	wantStatus(t, p, http.StatusConflict)
	if got := a.scalar(`SELECT status FROM appointments WHERE id = ?`, late); got != "booked" {
		t.Errorf("cancelled too late: %s", got)
	}
}

// TestCancelKindNotCancellable: a kind the practice does not let patients cancel says to call.
func TestCancelKindNotCancellable(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	id := a.addAppointment(testAppointment{patient: a.people[0].ID, start: a.clock.Now().AddDate(0, 0, 7), notCancellable: true})
	p := c.get(cancelPath(id))
	if !strings.Contains(p.Text("main"), a.T("agenda_cancel.not_cancellable")) || p.Doc.Find("main form").Length() != 0 {
		t.Errorf("a kind that may not be cancelled:\n%s", p.Text("main"))
	}
	wantStatus(t, c.post(cancelPath(id), nil), http.StatusConflict)
	if got := a.scalar(`SELECT status FROM appointments WHERE id = ?`, id); got != "booked" {
		t.Errorf("cancelled: %s", got)
	}
}

// TestAppointmentOfAnotherOrUnpublishedIs404: another patient's appointment, and one of the patient's
// own that is not yet published, do not exist for the patient: 404 on cancelling and the .ics, logged.
func TestAppointmentOfAnotherOrUnpublishedIs404(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	c := a.patientClient(0)
	now := a.clock.Now()
	others := a.addAppointment(testAppointment{patient: a.people[1].ID, start: now.AddDate(0, 0, 7)})
	hidden := a.addAppointment(testAppointment{patient: me.ID, start: now.AddDate(0, 0, 7).Add(time.Hour), visibleFrom: now.AddDate(0, 0, 6)})
	for _, id := range []int64{others, hidden} {
		for _, p := range []*page{c.get(cancelPath(id)), c.post(cancelPath(id), nil), c.get(fmt.Sprintf("/afspraken/%d/afspraak.ics", id))} {
			wantStatus(t, p, http.StatusNotFound)
		}
		if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND object_id = ? AND outcome = 'denied' AND actor_id = ?`, id, me.ID); n != "3" {
			t.Errorf("appointment %d: %s refusals logged, want 3", id, n)
		}
	}
	if got := a.scalar(`SELECT group_concat(status) FROM appointments WHERE id IN (?, ?)`, others, hidden); got != "booked,booked" {
		t.Errorf("statuses %s", got)
	}
	// Once published, it is there.
	a.fixed.Set(now.AddDate(0, 0, 6))
	wantStatus(t, a.patientClient(0).get(cancelPath(hidden)), http.StatusOK)
}
