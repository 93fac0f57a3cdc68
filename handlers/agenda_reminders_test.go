package handlers_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"balie/handlers"
	"balie/internal/accesslog"
	"balie/internal/testdb"
	"balie/locales"
	"balie/queries"
)

// otherProcess is the app as another process (or the same one after a restart) has it: its own
// connections to the same database file, on the same clock.
func (a *testApp) otherProcess() *handlers.Server {
	a.t.Helper()
	db, err := queries.Open(context.Background(), a.cfg.DBPath, testdb.Schema(a.t))
	if err != nil {
		a.t.Fatal(err)
	}
	alog := accesslog.New(db)
	a.t.Cleanup(func() { alog.Close(); db.Close() })
	bundle, err := locales.Bundle()
	if err != nil {
		a.t.Fatal(err)
	}
	app, err := handlers.New(handlers.Deps{DB: db, Config: a.cfg, Clock: a.clock, Logger: slog.New(slog.DiscardHandler), AccessLog: alog, Bundle: bundle})
	if err != nil {
		a.t.Fatal(err)
	}
	return app
}

// queueReminders runs the scheduler's round on app and returns how many appointments it handled.
func queueReminders(t *testing.T, app *handlers.Server) int {
	t.Helper()
	n, err := app.Reminders().Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRemindersGoOutOnceAcrossARestart: a due reminder is queued once, whether the scheduler runs
// again, the server restarts on the same file, or two processes run it at the same moment; it says
// the date, the time and the practice, by mail and SMS as the patient chose.
func TestRemindersGoOutOnceAcrossARestart(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	// Whatever the demo clinic has due now goes first, so that only the test's appointments count below.
	queueReminders(t, a.app)
	a.deliver()
	mailsBefore, smsBefore := len(a.smtp.To(me.Email)), len(a.sms.Messages())
	if _, err := a.db.Write.Exec(`UPDATE users SET reminder_channel = 'both' WHERE id = ?`, me.ID); err != nil {
		t.Fatal(err)
	}
	now := a.clock.Now()
	start := now.Add(20 * time.Hour)
	id := a.addAppointment(testAppointment{patient: me.ID, start: start, remindAt: start.Add(-24 * time.Hour)})

	if n := queueReminders(t, a.app); n != 1 {
		t.Fatalf("the first round handled %d reminders, want 1", n)
	}
	if n := queueReminders(t, a.app); n != 0 {
		t.Errorf("a second round handled %d", n)
	}
	if n := queueReminders(t, a.otherProcess()); n != 0 {
		t.Errorf("after a restart, %d", n)
	}
	a.deliver()
	mails := a.smtp.To(me.Email)[mailsBefore:]
	texts := a.sms.Messages()[smsBefore:]
	if len(mails) != 1 || len(texts) != 1 {
		t.Fatalf("%d mails and %d text messages, want one of each", len(mails), len(texts))
	}
	clinic, _ := a.db.R.GetClinic(context.Background())
	when := a.tr[me.Locale].DayTime(start)
	if got, want := texts[0].Text, a.tr[me.Locale].T("sms.appointment_reminder", "Clinic", clinic.Name, "Phone", clinic.Phone, "When", when); got != want {
		t.Errorf("SMS %q, want %q", got, want)
	}
	if body := mails[0].Text; !strings.Contains(body, when) || strings.Contains(body, "Bloedprikken") || strings.Contains(body, "Nuchter") {
		t.Errorf("the mail does not say when, or says what:\n%s", body)
	}
	if got := a.scalar(`SELECT reminded_at = ? FROM appointments WHERE id = ?`, now, id); got != "1" {
		t.Errorf("reminded_at not set: %s", got)
	}

	// Two processes at the same moment: one of them queues it.
	a.addAppointment(testAppointment{patient: me.ID, start: start.Add(time.Hour), remindAt: now})
	apps := []*handlers.Server{a.app, a.otherProcess()}
	counts := make([]int, len(apps))
	var wg sync.WaitGroup
	for i, app := range apps {
		wg.Go(func() { counts[i] = queueReminders(t, app) })
	}
	wg.Wait()
	if counts[0]+counts[1] != 1 {
		t.Errorf("two processes handled %v reminders, want 1 in all", counts)
	}
}

// TestRemindersNeverForCancelledUnpublishedOrPast: no reminder for a cancelled appointment, one that
// has begun, or one not yet published; the last gets its reminder when it is published, if still ahead.
func TestRemindersNeverForCancelledUnpublishedOrPast(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	queueReminders(t, a.app) // the demo clinic's own due reminders
	now := a.clock.Now()
	cancelled := a.addAppointment(testAppointment{patient: me.ID, start: now.Add(3 * time.Hour), remindAt: now.Add(-time.Hour), status: "cancelled"})
	begun := a.addAppointment(testAppointment{patient: me.ID, start: now.Add(-10 * time.Minute), remindAt: now.Add(-24 * time.Hour)})
	unpublished := a.addAppointment(testAppointment{patient: me.ID, start: now.Add(5 * time.Hour), remindAt: now.Add(-time.Hour), visibleFrom: now.Add(time.Hour)})
	if n := queueReminders(t, a.app); n != 0 {
		t.Errorf("%d reminders for appointments that get none", n)
	}
	a.fixed.Set(now.Add(time.Hour))
	if n := queueReminders(t, a.app); n != 1 {
		t.Errorf("at its publication, %d reminders", n)
	}
	got := a.scalar(`SELECT group_concat(id || ':' || (reminded_at IS NOT NULL), ' ') FROM (SELECT id, reminded_at FROM appointments WHERE id IN (?, ?, ?) ORDER BY id)`,
		cancelled, begun, unpublished)
	if want := strings.Join([]string{fmt.Sprint(cancelled) + ":0", fmt.Sprint(begun) + ":0", fmt.Sprint(unpublished) + ":1"}, " "); got != want {
		t.Errorf("reminded: %s, want %s", got, want)
	}
}
