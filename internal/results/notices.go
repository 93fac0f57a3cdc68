package results

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
	"balie/queries"
)

// Notices queue the mail "Er staat een nieuwe uitslag voor u klaar": never a test's name or a value.
// A round finds the patients with a result whose visible_from has passed and that no mail told of
// (results.notified_at), and in one write transaction queues one mail per patient and marks those
// results told: each result is told of exactly once, also across a restart, and never before it shows.
type Notices struct {
	DB    *queries.DB
	Clock clock.Clock
	// Translator gives the texts in the patient's language (views.Translator is one).
	Translator func(lang string) mail.Translator
	// Link is the portal's results page, for the mail's button.
	Link string
	// Wake, if set, tells the outbox worker that messages wait (after the commit).
	Wake  func()
	Log   *slog.Logger
	Every time.Duration // how often Run looks (a minute)
}

// noticeBatch bounds one transaction: more patients wait for the next round.
const noticeBatch = 200

// Run queues due mails at once and then every Every, until ctx ends.
func (n *Notices) Run(ctx context.Context) {
	schedule.Run(ctx, n.Every, noticeBatch, n.Queue, n.Log, "queueing result notices")
}

// Queue queues the mails due now and returns for how many patients.
func (n *Notices) Queue(ctx context.Context) (int, error) {
	now := sql.NullTime{Time: n.Clock.Now(), Valid: true}
	var handled, queued int
	err := n.DB.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		handled, queued = 0, 0
		due, err := q.DueResultNotices(ctx, queries.DueResultNoticesParams{Now: now, Limit: noticeBatch})
		if err != nil || len(due) == 0 {
			return err
		}
		clinic, err := q.GetClinic(ctx)
		if err != nil {
			return err
		}
		for _, p := range due {
			if err := q.MarkResultsNotified(ctx, queries.MarkResultsNotifiedParams{PatientID: p.ID, Now: now}); err != nil {
				return err
			}
			handled++
			// No account yet, or no usable address: no mail, and no hold-up for everyone else.
			if a, err := netmail.ParseAddress(p.Email); p.Mail != 1 || err != nil || a.Name != "" || a.Address != p.Email {
				continue
			}
			msg, err := mail.Compose(n.Translator(p.Locale), clinic, "uitslagen", map[string]any{
				"Name": queries.FullName(p.GivenName, p.NamePrefix, p.FamilyName), "Link": n.Link})
			if err != nil {
				return err
			}
			if err := outbox.EnqueueEmail(ctx, q, now.Time, p.Email, p.Locale, msg); err != nil {
				return err
			}
			queued++
		}
		return nil
	})
	if err == nil && queued > 0 && n.Wake != nil {
		n.Wake()
	}
	return handled, err
}
