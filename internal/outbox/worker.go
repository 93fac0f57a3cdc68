package outbox

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"balie/internal/clock"
	bmail "balie/internal/mail"
	"balie/queries"
)

// EmailSender delivers one mail; id is the outbox row's id (for a stable Message-ID).
// *mail.SMTP is one.
type EmailSender interface {
	Send(ctx context.Context, id int64, m bmail.Message) error
}

// SMSSender delivers one text to a number in international form; *sms.Client is one.
type SMSSender interface {
	Send(ctx context.Context, id int64, to, text string) error
}

// DemoEmail sends nothing and reports success: in demo mode the rows become "sent" and the demo outbox
// page shows them.
type DemoEmail struct{}

// Send does nothing.
func (DemoEmail) Send(context.Context, int64, bmail.Message) error { return nil }

// DemoSMS sends nothing and reports success.
type DemoSMS struct{}

// Send does nothing.
func (DemoSMS) Send(context.Context, int64, string, string) error { return nil }

// Options tune a Worker; the zero value of a field means its default.
type Options struct {
	// Email and SMS send the two channels; nil leaves that channel's rows queued (not configured).
	Email EmailSender
	SMS   SMSSender
	// KeepText keeps a sent message's text (the demo's outbox page shows it); otherwise it is wiped once
	// sent, as it may hold a link or code that is stored only hashed elsewhere.
	KeepText bool
	// Logger gets a line per failed attempt (row id, channel, attempt, error; never the recipient).
	Logger *slog.Logger
	// Poll is how often the worker looks for due rows without being notified (2 s).
	Poll time.Duration
	// Claim is how long a row stays claimed by a send (5 min). A claim left by a process that stopped
	// is released when the next one starts (Run); one that outlives its worker otherwise (a hung send) is
	// retried when it expires. It must be well above SendTimeout.
	Claim time.Duration
	// SendTimeout limits one attempt (90 s).
	SendTimeout time.Duration
	// MaxAttempts is how many attempts a row gets before it is "failed" (9: about 2 hours).
	MaxAttempts int
	// FirstDelay is the wait after the first failed attempt (30 s); it doubles after each further
	// failure up to MaxDelay (1 h), plus up to 10 % jitter.
	FirstDelay, MaxDelay time.Duration
	// KeepSent is how long sent rows (with their links and codes) are kept (30 days; negative: forever).
	KeepSent time.Duration
}

// Worker sends the outbox. Run it once per process, one process per database: two workers never send a
// row at the same time, but a worker that starts releases every claim made before it (ReleaseClaims).
type Worker struct {
	db      *queries.DB
	clock   clock.Clock
	opt     Options
	log     *slog.Logger
	wake    map[string]chan struct{}
	started time.Time // claims made before this were made by an earlier process
}

// NewWorker returns a worker on db with the clock clk.
func NewWorker(db *queries.DB, clk clock.Clock, opt Options) *Worker {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&opt.Poll, 2*time.Second)
	def(&opt.Claim, 5*time.Minute)
	def(&opt.SendTimeout, 90*time.Second)
	def(&opt.FirstDelay, 30*time.Second)
	def(&opt.MaxDelay, time.Hour)
	def(&opt.KeepSent, 30*24*time.Hour)
	if opt.MaxAttempts == 0 {
		opt.MaxAttempts = 9
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{
		db: db, clock: clk, opt: opt, log: log, started: clk.Now(),
		wake: map[string]chan struct{}{Email: make(chan struct{}, 1), SMS: make(chan struct{}, 1)},
	}
}

// ReleaseClaims makes the rows an earlier process claimed and never recorded (it stopped in the middle
// of a send) due at once, and returns how many there were. Run calls it first.
func (w *Worker) ReleaseClaims(ctx context.Context) (int64, error) {
	return w.db.W.ReleaseOutboxClaims(ctx, w.started)
}

// Notify wakes the worker to look for due rows now; call it after committing a transaction that
// enqueued a message. It never blocks.
func (w *Worker) Notify() {
	for _, c := range w.wake {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Run sends due rows until ctx ends, each channel in its own loop so that a slow mail server does not
// hold up sign-in codes. It starts by releasing an earlier process's claims (ReleaseClaims). When ctx
// ends, sends in progress are finished and recorded before Run returns.
func (w *Worker) Run(ctx context.Context) {
	if n, err := w.ReleaseClaims(ctx); err != nil {
		w.log.Error("outbox: releasing the claims of an earlier process", "err", err)
	} else if n > 0 {
		w.log.Warn("outbox: an earlier process stopped in the middle of sending; its messages go out again", "messages", n)
	}
	var wg sync.WaitGroup
	if w.opt.Email != nil {
		wg.Go(func() { w.loop(ctx, Email) })
	}
	if w.opt.SMS != nil {
		wg.Go(func() { w.loop(ctx, SMS) })
	}
	if w.opt.KeepSent > 0 {
		wg.Go(func() { w.purgeLoop(ctx) })
	}
	wg.Wait()
}

func (w *Worker) loop(ctx context.Context, channel string) {
	t := time.NewTicker(w.opt.Poll)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			sent, err := w.sendOne(ctx, channel)
			if err != nil {
				if ctx.Err() == nil {
					w.log.Error("outbox", "channel", channel, "err", err)
				}
				break
			}
			if !sent {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake[channel]:
		}
	}
}

func (w *Worker) purgeLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := w.Purge(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("outbox: deleting old sent messages", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Purge deletes sent rows older than Options.KeepSent.
func (w *Worker) Purge(ctx context.Context) (int64, error) {
	if w.opt.KeepSent <= 0 {
		return 0, nil
	}
	return w.db.W.DeleteSentOutbox(ctx, sql.NullTime{Time: w.clock.Now().Add(-w.opt.KeepSent), Valid: true})
}

// SendDue makes one attempt at every row that is due now, channel by channel, and returns how many rows
// it took from the queue (attempted, or expired unsent). Tests use it with a fixed clock; Run does the
// same in a loop.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	n := 0
	for _, channel := range []string{Email, SMS} {
		if (channel == Email && w.opt.Email == nil) || (channel == SMS && w.opt.SMS == nil) {
			continue
		}
		for {
			sent, err := w.sendOne(ctx, channel)
			if err != nil {
				return n, err
			}
			if !sent {
				break
			}
			n++
		}
	}
	return n, nil
}

// sendOne claims the first due row of channel and makes one attempt at it, or marks it expired when its
// moment has passed; false when none was due.
func (w *Worker) sendOne(ctx context.Context, channel string) (bool, error) {
	now := w.clock.Now()
	row, err := w.db.W.ClaimOutbox(ctx, queries.ClaimOutboxParams{ClaimUntil: now.Add(w.opt.Claim), Channel: channel,
		Now: sql.NullTime{Time: now, Valid: true}})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	// The send and its record are finished even when ctx ends meanwhile (shutdown).
	bg := context.WithoutCancel(ctx)
	if row.ExpiresAt.Valid && !now.Before(row.ExpiresAt.Time) {
		_, err := w.db.W.MarkOutboxExpired(bg, queries.MarkOutboxExpiredParams{Keep: w.keep(), ID: row.ID, Attempts: row.Attempts})
		return true, err
	}
	// Should the process stop after a successful send and before record, the row goes out once more
	// (at least once: see the package's comment).
	sendCtx, cancel := context.WithTimeout(bg, w.opt.SendTimeout)
	sendErr := w.deliver(sendCtx, row)
	cancel()
	return true, w.record(bg, row, sendErr)
}

func (w *Worker) deliver(ctx context.Context, row queries.Outbox) error {
	switch row.Channel {
	case Email:
		return w.opt.Email.Send(ctx, row.ID, bmail.Message{To: row.Recipient, Subject: row.Subject, Text: row.BodyText, HTML: row.BodyHtml})
	case SMS:
		return w.opt.SMS.Send(ctx, row.ID, row.Recipient, row.BodyText)
	}
	return errors.New("unknown channel " + row.Channel)
}

// record writes the attempt and the row's new state in one transaction.
func (w *Worker) record(ctx context.Context, row queries.Outbox, sendErr error) error {
	now := w.clock.Now()
	msg := ""
	if sendErr != nil {
		msg = errorText(sendErr)
		w.log.Warn("outbox: attempt failed", "id", row.ID, "channel", row.Channel, "attempt", row.Attempts, "err", msg)
	}
	return w.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		ok := int64(0)
		if sendErr == nil {
			ok = 1
		}
		if err := q.AddOutboxAttempt(ctx, queries.AddOutboxAttemptParams{OutboxID: row.ID, At: now, Ok: ok, Error: msg}); err != nil {
			return err
		}
		var n int64
		var err error
		if sendErr == nil {
			n, err = q.MarkOutboxSent(ctx, queries.MarkOutboxSentParams{Now: sql.NullTime{Time: now, Valid: true}, Keep: w.keep(),
				ID: row.ID, Attempts: row.Attempts})
		} else {
			status, next := Queued, now.Add(w.backoff(int(row.Attempts)))
			if row.Attempts >= int64(w.opt.MaxAttempts) {
				status, next = Failed, now
			}
			n, err = q.MarkOutboxFailed(ctx, queries.MarkOutboxFailedParams{
				Status: status, NextAttempt: next, LastError: msg, ID: row.ID, Attempts: row.Attempts,
			})
		}
		if err == nil && n == 0 {
			// The claim expired and another worker claimed the row (or the administrator changed it).
			w.log.Warn("outbox: claim lost during an attempt", "id", row.ID, "channel", row.Channel)
		}
		return err
	})
}

// keep is 1 when a finished row keeps its text (Options.KeepText), as the queries want it.
func (w *Worker) keep() int64 {
	if w.opt.KeepText {
		return 1
	}
	return 0
}

// backoff is the wait after the n-th failed attempt: FirstDelay·2^(n-1), at most MaxDelay, plus up to
// 10 % so that many rows failing together do not retry in step.
func (w *Worker) backoff(n int) time.Duration {
	d := w.opt.FirstDelay
	for i := 1; i < n && d < w.opt.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, w.opt.MaxDelay)
	return d + rand.N(d/10+1)
}

// errorText is an error in one short line for the administrator. The senders' errors never hold the
// SMTP password or the SMS token.
func errorText(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
