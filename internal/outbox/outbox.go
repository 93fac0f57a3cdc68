// Package outbox delivers Balie's mail and SMS (design.md §7). A message is written to the outbox table
// in the same transaction as the change that causes it (EnqueueEmail, EnqueueSMS), so it is sent if and
// only if that change is committed. A Worker sends the rows with retries and exponential backoff and
// records every attempt; the administrator sees what is queued and what failed, and can Retry.
//
// Delivery is at least once. Before sending, a worker claims the row in one UPDATE (its next_attempt
// moves a few minutes ahead, claimed_at says when, and its attempt counter, the claim's fencing token,
// counts up), so two workers never send the same row at the same time. A process that stops in the middle
// of a send (a crash, kill -9) leaves its claim behind; the next process releases every claim made before
// it started as soon as its worker runs, so such a row goes out at once instead of minutes later.
//
// What no process can know is whether the mail server (or CM) accepted a message in the moment before
// the process stopped, before the row was marked sent: such a row is sent again. Mails carry a
// Message-ID that is the same for every attempt, so receiving servers and mail programs can recognise
// the repeat; an SMS cannot be recalled, but one with a code is never sent after the code expired (the
// row's expires_at: it is marked expired instead). Balie serves a database from one process: a second
// process started while another is sending would release that claim too.
package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	bmail "balie/internal/mail"
	"balie/internal/sms"
	"balie/locales"
	"balie/queries"
)

// Channels.
const (
	Email = "email"
	SMS   = "sms"
)

// Statuses of a row.
const (
	Queued  = "queued"
	Sent    = "sent"
	Failed  = "failed"
	Expired = "expired" // not sent: it was useless by the time it could go (an SMS code that expired)
)

// EnqueueEmail writes m to the outbox for the address to, in the language locale. q must be the
// queries of the caller's transaction, so the mail is sent if and only if that transaction commits.
// m.To is ignored: to is the recipient.
func EnqueueEmail(ctx context.Context, q *queries.Queries, now time.Time, to, locale string, m bmail.Message) error {
	addr, err := mail.ParseAddress(to)
	if err != nil || addr.Name != "" || addr.Address != strings.TrimSpace(to) {
		return fmt.Errorf("outbox: %q is not an e-mail address", to)
	}
	if strings.TrimSpace(m.Subject) == "" || strings.TrimSpace(m.Text) == "" {
		return errors.New("outbox: a mail needs a subject and a text")
	}
	_, err = q.EnqueueOutbox(ctx, queries.EnqueueOutboxParams{
		Channel: Email, Recipient: addr.Address, Locale: localeOr(locale), Subject: m.Subject,
		BodyText: m.Text, BodyHtml: m.HTML, Now: now.UTC(),
	})
	return err
}

// EnqueueSMS writes text to the outbox for the mobile number to (written as people do: "06 1234 5678"
// is stored as +31612345678; a number that cannot receive SMS is an error wrapping sms.ErrNotMobile).
// A text with a code is useless once the code expires: it is not sent from expires on (zero: no end).
// q must be the queries of the caller's transaction.
func EnqueueSMS(ctx context.Context, q *queries.Queries, now time.Time, to, locale, text string, expires time.Time) error {
	number, err := sms.Normalize(to)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if strings.TrimSpace(text) == "" {
		return errors.New("outbox: an SMS needs a text")
	}
	_, err = q.EnqueueOutbox(ctx, queries.EnqueueOutboxParams{
		Channel: SMS, Recipient: number, Locale: localeOr(locale), BodyText: text, Now: now.UTC(),
		ExpiresAt: sql.NullTime{Time: expires.UTC(), Valid: !expires.IsZero()},
	})
	return err
}

func localeOr(l string) string {
	if locales.Supported(l) {
		return l
	}
	return locales.Default
}

// ErrNotFound: no outbox row has that id.
var ErrNotFound = errors.New("outbox: no such message")

// ErrNotFailed: the row is queued or sent, so there is nothing to retry.
var ErrNotFailed = errors.New("outbox: the message has not failed")

// Retry puts a failed row back in the queue for a fresh series of attempts starting at now. Call
// Worker.Notify after the commit to send it at once.
func Retry(ctx context.Context, q *queries.Queries, id int64, now time.Time) error {
	n, err := q.RetryOutbox(ctx, queries.RetryOutboxParams{Now: now.UTC(), ID: id})
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	if _, err := q.GetOutbox(ctx, id); errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	} else if err != nil {
		return err
	}
	return ErrNotFailed
}
