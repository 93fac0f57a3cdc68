// Package dossier holds what the dossier does on its own, outside a request: the summary mails.
package dossier

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

// Summaries queue the mails that tell a patient something new became visible in their dossier: one
// mail that counts it ("2 nieuwe verslagen en 1 document"), never a title or a word of content, at most
// one a day (or at the next round, as the patient chose; never, if they chose that).
//
// dossier_summaries.sent_at is the end of what the last mail counted. Queue finds the patients with
// something visible after it up to now, and in the same write transaction writes the mail to the outbox
// and moves sent_at to now: the transaction commits both or neither, so each report or document is
// counted in exactly one mail, also across a restart or two processes on one database. Only what the
// patient can see counts: published by now, not withdrawn, in a linked dossier.
type Summaries struct {
	DB    *queries.DB
	Clock clock.Clock
	// Translator gives the texts in the patient's language (views.Translator is one).
	Translator func(lang string) mail.Translator
	// Link is the portal's dossier, for the mail's button.
	Link string
	// Wake, if set, tells the outbox worker that messages wait (after the commit).
	Wake func()
	Log  *slog.Logger
	// Every is how often Run looks for due summaries (a minute).
	Every time.Duration
}

// summaryBatch bounds one transaction: more due summaries wait for the next round.
const summaryBatch = 200

// Run queues due summaries at once and then every Every, until ctx ends.
func (m *Summaries) Run(ctx context.Context) {
	schedule.Run(ctx, m.Every, summaryBatch, m.Queue, m.Log, "queueing dossier summaries")
}

// Queue queues the summaries that are due now, in one write transaction, and returns for how many
// patients.
func (m *Summaries) Queue(ctx context.Context) (int, error) {
	now := m.Clock.Now()
	var handled, queued int
	err := m.DB.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		handled, queued = 0, 0
		due, err := q.DueSummaries(ctx, queries.DueSummariesParams{Now: sql.NullTime{Time: now, Valid: true},
			DayAgo: sql.NullTime{Time: now.Add(-24 * time.Hour), Valid: true}, Limit: summaryBatch})
		if err != nil || len(due) == 0 {
			return err
		}
		clinic, err := q.GetClinic(ctx)
		if err != nil {
			return err
		}
		for _, p := range due {
			if err := q.MarkSummarySent(ctx, queries.MarkSummarySentParams{PatientID: p.ID, Now: sql.NullTime{Time: now, Valid: true}}); err != nil {
				return err
			}
			handled++
			// A patient without a usable address gets no mail, and must not hold up everyone else's.
			if a, err := netmail.ParseAddress(p.Email); err != nil || a.Name != "" || a.Address != p.Email {
				continue
			}
			tr := m.Translator(p.Locale)
			msg, err := mail.Compose(tr, clinic, "dossier_summary", map[string]any{
				"Name": queries.FullName(p.GivenName, p.NamePrefix, p.FamilyName), "What": What(tr, p.Reports, p.Documents), "Link": m.Link})
			if err != nil {
				return err
			}
			if err := outbox.EnqueueEmail(ctx, q, now, p.Email, p.Locale, msg); err != nil {
				return err
			}
			queued++
		}
		return nil
	})
	if err == nil && queued > 0 && m.Wake != nil {
		m.Wake()
	}
	return handled, err
}

// What says in counts what is new: "2 nieuwe verslagen en 1 nieuw document".
func What(tr mail.Translator, reports, documents int64) string {
	var parts []string
	for _, n := range []struct {
		key   string
		count int64
	}{{"dossier_summary.reports", reports}, {"dossier_summary.documents", documents}} {
		switch {
		case n.count == 1:
			parts = append(parts, tr.T(n.key+"_one"))
		case n.count > 1:
			parts = append(parts, tr.T(n.key, "Count", n.count))
		}
	}
	if len(parts) == 2 {
		return tr.T("dossier_summary.and", "First", parts[0], "Second", parts[1])
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return ""
}
