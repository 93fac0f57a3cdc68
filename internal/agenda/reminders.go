package agenda

import (
	"context"
	"database/sql"
	"log/slog"
	netmail "net/mail"
	"time"

	"balie/internal/clock"
	"balie/internal/mail"
	"balie/internal/outbox"
	"balie/internal/schedule"
	"balie/internal/sms"
	"balie/queries"
)

// Reminders queue the reminders of appointments through the outbox: each one exactly once, also across
// a restart or two processes on one database, never for an appointment that is cancelled, over, or not
// yet published.
//
// Whoever makes an appointment sets remind_at (its start minus clinic_settings.reminder_hours) and leaves
// reminded_at NULL; whoever moves one sets remind_at anew and reminded_at back to NULL, so that the
// reminder is for the new time (one already sent for the old time does not count). Queue finds the due
// ones (remind_at passed, reminded_at NULL, booked, published, ahead) and, in the same write transaction,
// writes the mail and/or SMS to the outbox and sets reminded_at: the transaction commits both or neither,
// and a second run (in this process or another, after a restart) no longer finds the appointment. One
// published after its remind_at is found at its publication, while it still lies ahead.
type Reminders struct {
	DB    *queries.DB
	Clock clock.Clock
	// Translator gives the texts in the patient's language (views.Translator is one).
	Translator func(lang string) Translator
	// Link is the portal's page of appointments, for the mail's button.
	Link string
	// Wake, if set, tells the outbox worker that messages wait (after the commit).
	Wake func()
	Log  *slog.Logger
	// Every is how often Run looks for due reminders (a minute).
	Every time.Duration
}

// Translator translates a locale key and writes a moment as people read it ("dinsdag 10 maart, 10:00").
type Translator interface {
	T(key string, pairs ...any) string
	DayTime(t time.Time) string
}

// The channels of a reminder (users.reminder_channel, clinic_settings.reminder_channel).
const (
	RemindNone  = "none"
	RemindEmail = "email"
	RemindSMS   = "sms"
	RemindBoth  = "both"
)

// remindBatch bounds one transaction: more due reminders wait for the next round, a moment later.
const remindBatch = 200

// oldestDue: a reminder is due at most this long before its appointment (reminder_hours is at most 168).
const oldestDue = 169 * time.Hour

// Run queues due reminders at once and then every Every, until ctx ends.
func (r *Reminders) Run(ctx context.Context) {
	schedule.Run(ctx, r.Every, remindBatch, r.Queue, r.Log, "queueing appointment reminders")
}

// Queue queues the reminders that are due now, in one write transaction, and returns how many
// appointments it handled (reminded, or due for a channel that sends nothing).
func (r *Reminders) Queue(ctx context.Context) (int, error) {
	now := r.Clock.Now()
	var handled, queued int
	err := r.DB.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		handled, queued = 0, 0
		due, err := q.DueReminders(ctx, queries.DueRemindersParams{
			Now: sql.NullTime{Time: now, Valid: true}, Oldest: sql.NullTime{Time: now.Add(-oldestDue), Valid: true}, Limit: remindBatch})
		if err != nil || len(due) == 0 {
			return err
		}
		clinic, err := q.GetClinic(ctx)
		if err != nil {
			return err
		}
		for _, a := range due {
			n, err := q.MarkReminded(ctx, queries.MarkRemindedParams{Now: sql.NullTime{Time: now, Valid: true}, ID: a.ID})
			if err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			handled++
			sent, err := r.send(ctx, q, clinic, a, now)
			if err != nil {
				return err
			}
			queued += sent
		}
		return nil
	})
	if err == nil && queued > 0 && r.Wake != nil {
		r.Wake()
	}
	return handled, err
}

// send writes the reminder of one appointment to the outbox on the patient's channels: a mail to a
// usable address, an SMS to a mobile number. It says the date, the time and the practice, nothing more.
func (r *Reminders) send(ctx context.Context, q *queries.Queries, clinic queries.ClinicSetting, a queries.DueRemindersRow, now time.Time) (int, error) {
	if a.Active != 1 {
		return 0, nil
	}
	tr := r.Translator(a.Locale)
	when := tr.DayTime(a.StartsAt)
	sent := 0
	if (a.Channel == RemindEmail || a.Channel == RemindBoth) && usableAddress(a.Email) {
		m, err := mail.Compose(tr, clinic, "appointment_reminder", map[string]any{
			"Name": queries.FullName(a.GivenName, a.NamePrefix, a.FamilyName), "When": when, "Link": r.Link})
		if err != nil {
			return sent, err
		}
		if err := outbox.EnqueueEmail(ctx, q, now, a.Email, a.Locale, m); err != nil {
			return sent, err
		}
		sent++
	}
	if a.Channel == RemindSMS || a.Channel == RemindBoth {
		// No SMS without a mobile number: the mail (if chosen) still goes.
		if _, err := sms.Normalize(a.Mobile); err == nil {
			text := tr.T("sms.appointment_reminder", "Clinic", clinic.Name, "Phone", clinic.Phone, "When", when)
			// Useless once the appointment has begun: not sent after it.
			if err := outbox.EnqueueSMS(ctx, q, now, a.Mobile, a.Locale, text, a.StartsAt); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

// usableAddress reports whether the outbox takes addr (a patient without one gets no mail, and that
// must not hold up everyone else's reminders).
func usableAddress(addr string) bool {
	a, err := netmail.ParseAddress(addr)
	return err == nil && a.Name == "" && a.Address == addr
}
