package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"balie/internal/clock"
	"balie/internal/mail"
	"balie/internal/mail/mailtest"
	"balie/internal/outbox"
	"balie/internal/sms"
	"balie/internal/sms/smstest"
	"balie/internal/testdb"
	"balie/queries"
)

var start = time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)

func smtpFor(t *testing.T, srv *mailtest.Server) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", From: "portaal@praktijk.example", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func message(i int) mail.Message {
	return mail.Message{
		Subject: fmt.Sprintf("Bericht %d", i),
		Text:    fmt.Sprintf("Er staat iets nieuws voor u klaar (%d): https://portaal.example/x/%d", i, i),
		HTML:    fmt.Sprintf("<p>Er staat iets nieuws voor u klaar (%d)</p>", i),
	}
}

// enqueue writes n mails in one transaction, as a handler does with the change that causes them.
func enqueue(t *testing.T, db *queries.DB, now time.Time, from, n int) {
	t.Helper()
	err := db.Tx(context.Background(), func(_ *sql.Tx, q *queries.Queries) error {
		for i := from; i < from+n; i++ {
			if err := outbox.EnqueueEmail(context.Background(), q, now, fmt.Sprintf("patient%d@example.nl", i), "nl", message(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func row(t *testing.T, db *queries.DB, id int64) queries.Outbox {
	t.Helper()
	r, err := db.R.GetOutbox(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func attempts(t *testing.T, db *queries.DB, id int64) []queries.OutboxAttempt {
	t.Helper()
	a, err := db.R.ListOutboxAttempts(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func sendDue(t *testing.T, w *outbox.Worker) int {
	t.Helper()
	n, err := w.SendDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWorkerDeliversWhatATransactionEnqueued(t *testing.T) {
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	w := outbox.NewWorker(db, clk, outbox.Options{Email: smtpFor(t, srv)})

	enqueue(t, db, clk.Now(), 1, 1)
	// A transaction that rolls back leaves no mail behind.
	boom := errors.New("the change failed")
	err := db.Tx(context.Background(), func(_ *sql.Tx, q *queries.Queries) error {
		if err := outbox.EnqueueEmail(context.Background(), q, clk.Now(), "other@example.nl", "en", message(2)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}

	clk.Advance(time.Second)
	if n := sendDue(t, w); n != 1 {
		t.Fatalf("%d attempts, want 1", n)
	}
	got := srv.Wait(1)
	if len(got) != 1 || got[0].To[0] != "patient1@example.nl" || got[0].Subject != "Bericht 1" {
		t.Fatalf("received %+v", got)
	}
	r := row(t, db, 1)
	if r.Status != outbox.Sent || !r.SentAt.Valid || !r.SentAt.Time.Equal(clk.Now()) || r.Attempts != 1 || r.LastError != "" {
		t.Fatalf("row %+v", r)
	}
	// Its text (a link or code, maybe) is gone once sent; what it was and when stays.
	if r.BodyText != "" || r.BodyHtml != "" || r.Subject != "Bericht 1" {
		t.Fatalf("a sent row keeps its text: %+v", r)
	}
	if a := attempts(t, db, 1); len(a) != 1 || a[0].Ok != 1 || !a[0].At.Equal(clk.Now()) {
		t.Fatalf("attempts %+v", a)
	}
	if n := sendDue(t, w); n != 0 {
		t.Fatalf("%d more attempts", n)
	}
	if len(srv.Mails()) != 1 {
		t.Fatal("sent twice")
	}
}

func TestWorkerRetriesWithGrowingBackoffWhileSMTPIsDown(t *testing.T) {
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	srv.Stop()
	w := outbox.NewWorker(db, clk, outbox.Options{Email: smtpFor(t, srv)})
	enqueue(t, db, clk.Now(), 1, 1)

	var waits []time.Duration
	for i := 1; i <= 4; i++ {
		if n := sendDue(t, w); n != 1 {
			t.Fatalf("round %d: %d attempts", i, n)
		}
		r := row(t, db, 1)
		if r.Status != outbox.Queued || r.Attempts != int64(i) || r.LastError == "" {
			t.Fatalf("round %d: row %+v", i, r)
		}
		wait := r.NextAttempt.Sub(clk.Now())
		base := 30 * time.Second << (i - 1)
		if wait < base || wait > base+base/10 {
			t.Fatalf("round %d: next attempt in %v, want %v plus up to 10%%", i, wait, base)
		}
		waits = append(waits, wait)
		// Not due yet: nothing happens.
		clk.Advance(wait - time.Second)
		if n := sendDue(t, w); n != 0 {
			t.Fatalf("round %d: attempted %v early", i, time.Second)
		}
		clk.Advance(time.Second)
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] <= waits[i-1] {
			t.Fatalf("backoff does not grow: %v", waits)
		}
	}
	if a := attempts(t, db, 1); len(a) != 4 || a[0].Ok != 0 || a[0].Error == "" {
		t.Fatalf("attempts %+v", a)
	}

	// The server is back: the next due attempt delivers, once.
	srv.Restart()
	if n := sendDue(t, w); n != 1 {
		t.Fatalf("%d attempts after the server came back", n)
	}
	srv.Wait(1)
	clk.Advance(24 * time.Hour)
	if n := sendDue(t, w); n != 0 {
		t.Fatalf("%d attempts after delivery", n)
	}
	if n := len(srv.Mails()); n != 1 {
		t.Fatalf("%d mails delivered", n)
	}
	if r := row(t, db, 1); r.Status != outbox.Sent || r.Attempts != 5 || r.LastError != "" {
		t.Fatalf("row %+v", r)
	}
	if a := attempts(t, db, 1); len(a) != 5 || a[4].Ok != 1 {
		t.Fatalf("attempts %+v", a)
	}
}

// A temporary refusal by the server (451) is retried like an outage.
func TestWorkerRetriesARefusedMail(t *testing.T) {
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	srv.RejectNext(1)
	w := outbox.NewWorker(db, clk, outbox.Options{Email: smtpFor(t, srv)})
	enqueue(t, db, clk.Now(), 1, 1)
	sendDue(t, w)
	if r := row(t, db, 1); r.Status != outbox.Queued || r.LastError == "" {
		t.Fatalf("row %+v", r)
	}
	clk.Advance(time.Minute)
	sendDue(t, w)
	if r := row(t, db, 1); r.Status != outbox.Sent || len(srv.Mails()) != 1 {
		t.Fatalf("row %+v, %d mails", r, len(srv.Mails()))
	}
}

func TestWorkerGivesUpAfterMaxAttemptsAndRetryResends(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	srv.Stop()
	w := outbox.NewWorker(db, clk, outbox.Options{Email: smtpFor(t, srv)})
	enqueue(t, db, clk.Now(), 1, 1)
	total := time.Duration(0)
	for i := 1; i <= 9; i++ {
		if n := sendDue(t, w); n != 1 {
			t.Fatalf("attempt %d: %d attempts", i, n)
		}
		r := row(t, db, 1)
		if i < 9 {
			if r.Status != outbox.Queued {
				t.Fatalf("attempt %d: status %s", i, r.Status)
			}
			total += r.NextAttempt.Sub(clk.Now())
			clk.Set(r.NextAttempt)
		} else if r.Status != outbox.Failed {
			t.Fatalf("after %d attempts: status %s", i, r.Status)
		}
	}
	if total < 2*time.Hour || total > 2*time.Hour+15*time.Minute {
		t.Errorf("a message is tried for %v, want about 2 hours", total)
	}
	clk.Advance(24 * time.Hour)
	if n := sendDue(t, w); n != 0 {
		t.Fatalf("a failed row was attempted again")
	}

	if err := outbox.Retry(ctx, db.W, 999, clk.Now()); !errors.Is(err, outbox.ErrNotFound) {
		t.Fatalf("retry of an unknown row: %v", err)
	}
	srv.Restart()
	if err := outbox.Retry(ctx, db.W, 1, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if r := row(t, db, 1); r.Status != outbox.Queued || r.Attempts != 0 || r.LastError != "" {
		t.Fatalf("after retry: %+v", r)
	}
	if n := sendDue(t, w); n != 1 {
		t.Fatalf("%d attempts after retry", n)
	}
	srv.Wait(1)
	if r := row(t, db, 1); r.Status != outbox.Sent {
		t.Fatalf("after retry: %+v", r)
	}
	if err := outbox.Retry(ctx, db.W, 1, clk.Now()); !errors.Is(err, outbox.ErrNotFailed) {
		t.Fatalf("retry of a sent row: %v", err)
	}
	if a := attempts(t, db, 1); len(a) != 10 {
		t.Fatalf("%d attempts recorded, want 10", len(a))
	}
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func countStatus(t *testing.T, db *queries.DB, status string) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRow("SELECT count(*) FROM outbox WHERE status = ?", status).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// run starts w.Run and returns a function that stops it and waits until it has returned.
func run(w *outbox.Worker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func TestWorkerRestartSendsNothingTwice(t *testing.T) {
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	opts := outbox.Options{Email: smtpFor(t, srv), Poll: 20 * time.Millisecond}

	w1 := outbox.NewWorker(db, clk, opts)
	stop := run(w1)
	enqueue(t, db, clk.Now(), 1, 5)
	w1.Notify()
	srv.Wait(5)
	stop()

	// A new process on the same database file.
	db2, err := queries.Open(context.Background(), db.Path, testdb.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	w2 := outbox.NewWorker(db2, clk, opts)
	stop = run(w2)
	enqueue(t, db2, clk.Now(), 6, 1)
	w2.Notify()
	srv.Wait(6)
	time.Sleep(100 * time.Millisecond) // several polls
	stop()
	if n := len(srv.Mails()); n != 6 {
		t.Fatalf("%d mails for 6 rows", n)
	}
}

// claim claims the first due row of channel as a worker does before a send, and returns it.
func claim(t *testing.T, db *queries.DB, now time.Time, channel string) queries.Outbox {
	t.Helper()
	r, err := db.W.ClaimOutbox(context.Background(), queries.ClaimOutboxParams{ClaimUntil: now.Add(5 * time.Minute), Channel: channel,
		Now: sql.NullTime{Time: now, Valid: true}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// failingSender refuses every mail, as a mail server that is down.
type failingSender struct{}

func (failingSender) Send(context.Context, int64, mail.Message) error {
	return errors.New("connection refused")
}

// A process killed in the middle of a send leaves its rows claimed. The next process releases them as
// it starts, and sends them at once, not when the claims expire; rows waiting after a failure keep
// waiting. A send the killed process had finished before it could record it goes out again, with the
// same Message-ID (at least once: nobody can know that the mail server accepted it).
func TestWorkerStartSendsWhatAStoppedProcessHadClaimed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	// Row 1 failed once and waits for its next attempt.
	enqueue(t, db, clk.Now(), 1, 1)
	sendDue(t, outbox.NewWorker(db, clk, outbox.Options{Email: failingSender{}}))
	if r := row(t, db, 1); r.Status != outbox.Queued || !r.NextAttempt.After(clk.Now()) {
		t.Fatalf("row 1 does not wait after a failure: %+v", r)
	}
	clk.Advance(time.Second)
	// The process that is killed: it claims rows 2 and 3; row 2's mail reached the server before the kill.
	enqueue(t, db, clk.Now(), 2, 2)
	claimed := claim(t, db, clk.Now(), outbox.Email)
	if err := smtpFor(t, srv).Send(ctx, claimed.ID, mail.Message{To: claimed.Recipient, Subject: claimed.Subject, Text: claimed.BodyText}); err != nil {
		t.Fatal(err)
	}
	claim(t, db, clk.Now(), outbox.Email)

	clk.Advance(time.Second) // the next process starts, well within the claims' 5 minutes
	w := outbox.NewWorker(db, clk, outbox.Options{Email: smtpFor(t, srv), Poll: 20 * time.Millisecond})
	stop := run(w)
	waitFor(t, "rows 2 and 3 sent", func() bool { return countStatus(t, db, outbox.Sent) == 2 })
	stop()
	for _, id := range []int64{2, 3} {
		if r := row(t, db, id); r.Status != outbox.Sent || r.Attempts != 2 || r.ClaimedAt.Valid {
			t.Errorf("row %d: %+v", id, r)
		}
	}
	mails := srv.Wait(3)
	if len(mails) != 3 || mails[0].MessageID != mails[1].MessageID || mails[1].To[0] != "patient2@example.nl" {
		t.Fatalf("the repeat of row 2 is not recognisable: %+v", mails)
	}
	if r := row(t, db, 1); r.Status != outbox.Queued || r.Attempts != 1 {
		t.Fatalf("the row waiting after its failure was attempted early: %+v", r)
	}

	// Claims made after a worker started are another worker's, busy sending: not released.
	enqueue(t, db, clk.Now(), 4, 1)
	claim(t, db, clk.Now(), outbox.Email)
	if n, err := w.ReleaseClaims(ctx); err != nil || n != 0 {
		t.Fatalf("released %d claims made after the start (%v)", n, err)
	}
}

// A text with a code is not sent after the code expired, whether the SMS provider was down or the
// process stopped in the middle: the row is marked expired, without an attempt, and loses its text.
func TestWorkerDoesNotSendACodeAfterItExpired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	cm := smstest.Start(t)
	expires := clk.Now().Add(5 * time.Minute)
	code := func(to string) {
		if err := outbox.EnqueueSMS(ctx, db.W, clk.Now(), to, "nl", "Uw code is 123456", expires); err != nil {
			t.Fatal(err)
		}
	}
	// The provider refuses the first attempt at row 1; row 2 is claimed by a process that is then killed.
	code("0612345678")
	cm.FailNext(1)
	w := outbox.NewWorker(db, clk, outbox.Options{SMS: sms.New(cm.URL, smstest.Token, "Praktijk")})
	if n := sendDue(t, w); n != 1 || row(t, db, 1).Status != outbox.Queued {
		t.Fatalf("%d attempts: %+v", n, row(t, db, 1))
	}
	code("0687654321")
	claim(t, db, clk.Now(), outbox.SMS)
	// A fresh code, sent after the others.
	clk.Set(expires)
	if err := outbox.EnqueueSMS(ctx, db.W, clk.Now(), "0611112222", "nl", "Uw code is 654321", clk.Now().Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}

	w = outbox.NewWorker(db, clk, outbox.Options{SMS: sms.New(cm.URL, smstest.Token, "Praktijk")})
	if _, err := w.ReleaseClaims(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute) // row 1's retry is due
	if n := sendDue(t, w); n != 3 {
		t.Fatalf("%d rows handled, want 3", n)
	}
	if got := cm.Messages(); len(got) != 1 || got[0].Text != "Uw code is 654321" {
		t.Fatalf("sent %+v, want only the fresh code", got)
	}
	// Row 1 keeps its one failed attempt, row 2 the killed process's claim (whose outcome nobody knows);
	// expiring adds none.
	for id, recorded := range map[int64]int{1: 1, 2: 0} {
		r := row(t, db, id)
		if r.Status != outbox.Expired || r.BodyText != "" || r.ClaimedAt.Valid || r.Attempts != 1 || len(attempts(t, db, id)) != recorded {
			t.Errorf("row %d: %+v", id, r)
		}
	}
	// Expired rows are never tried again, and go with the sent ones after 30 days.
	clk.Advance(24 * time.Hour)
	if n := sendDue(t, w); n != 0 {
		t.Fatalf("%d more attempts", n)
	}
	clk.Advance(30 * 24 * time.Hour)
	if n, err := w.Purge(ctx); err != nil || n != 3 {
		t.Fatalf("purged %d (%v), want 3", n, err)
	}
}

// A send in progress when the worker is told to stop is finished and recorded.
func TestWorkerStopFinishesTheCurrentSend(t *testing.T) {
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	gate := &gatedSender{next: smtpFor(t, srv), started: make(chan struct{}), release: make(chan struct{})}
	w := outbox.NewWorker(db, clk, outbox.Options{Email: gate, Poll: 20 * time.Millisecond})
	enqueue(t, db, clk.Now(), 1, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	<-gate.started
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned in the middle of a send")
	case <-time.After(50 * time.Millisecond):
	}
	close(gate.release)
	<-done
	if r := row(t, db, 1); r.Status != outbox.Sent || len(srv.Mails()) != 1 {
		t.Fatalf("row %+v, %d mails", r, len(srv.Mails()))
	}
}

// gatedSender holds a real send until released.
type gatedSender struct {
	next     outbox.EmailSender
	started  chan struct{}
	release  chan struct{}
	startOne sync.Once
}

func (g *gatedSender) Send(ctx context.Context, id int64, m mail.Message) error {
	g.startOne.Do(func() { close(g.started) })
	<-g.release
	return g.next.Send(ctx, id, m)
}

func TestTwoWorkersSendEachRowOnce(t *testing.T) {
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	srv := mailtest.Start(t)
	cm := smstest.Start(t)
	db2, err := queries.Open(context.Background(), db.Path, testdb.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	opts := outbox.Options{Email: smtpFor(t, srv), SMS: sms.New(cm.URL, smstest.Token, "Praktijk"), Poll: 5 * time.Millisecond}
	const mails, texts = 30, 10
	enqueue(t, db, clk.Now(), 1, mails)
	err = db.Tx(context.Background(), func(_ *sql.Tx, q *queries.Queries) error {
		for i := range texts {
			if err := outbox.EnqueueSMS(context.Background(), q, clk.Now(), fmt.Sprintf("06 1234 56%02d", i), "nl", fmt.Sprintf("Uw code is %06d", i), clk.Now().Add(5*time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w1, w2 := outbox.NewWorker(db, clk, opts), outbox.NewWorker(db2, clk, opts)
	stop1, stop2 := run(w1), run(w2)
	w1.Notify()
	w2.Notify()
	waitFor(t, "every row sent", func() bool { return countStatus(t, db, outbox.Sent) == mails+texts })
	stop1()
	stop2()

	seen := map[string]int{}
	for _, m := range srv.Mails() {
		seen[m.MessageID]++
	}
	if len(seen) != mails || len(srv.Mails()) != mails {
		t.Fatalf("%d mails with %d Message-IDs for %d rows", len(srv.Mails()), len(seen), mails)
	}
	refs := map[string]int{}
	for _, m := range cm.Messages() {
		refs[m.Reference]++
		if m.To[:6] != "003161" {
			t.Fatalf("SMS to %q", m.To)
		}
	}
	if len(refs) != texts || len(cm.Messages()) != texts {
		t.Fatalf("%d texts with %d references for %d rows", len(cm.Messages()), len(refs), texts)
	}
}

func TestOutboxEnqueueChecksItsInput(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	now := start
	if err := outbox.EnqueueSMS(ctx, db.W, now, "020 123 4567", "nl", "code", time.Time{}); !errors.Is(err, sms.ErrNotMobile) {
		t.Fatalf("landline: %v", err)
	}
	for _, to := range []string{"", "no address", "Anna <anna@example.nl>", "a@example.nl\r\nBcc: b@example.nl"} {
		if err := outbox.EnqueueEmail(ctx, db.W, now, to, "nl", message(1)); err == nil {
			t.Errorf("address %q accepted", to)
		}
	}
	if err := outbox.EnqueueEmail(ctx, db.W, now, "anna@example.nl", "nl", mail.Message{}); err == nil {
		t.Error("empty mail accepted")
	}
	// An unknown language falls back to Dutch; the number is stored in international form.
	if err := outbox.EnqueueSMS(ctx, db.W, now, "06-12345678", "fr", "Uw code is 123456", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if r := row(t, db, 1); r.Recipient != "+31612345678" || r.Locale != "nl" || r.Channel != outbox.SMS || r.Status != outbox.Queued || !r.NextAttempt.Equal(now) {
		t.Fatalf("row %+v", r)
	}
}

// Without a sender for a channel its rows wait (SMTP not configured yet), and the other channel goes on.
func TestWorkerLeavesAnUnconfiguredChannelQueued(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	cm := smstest.Start(t)
	w := outbox.NewWorker(db, clk, outbox.Options{SMS: sms.New(cm.URL, smstest.Token, "Praktijk")})
	enqueue(t, db, clk.Now(), 1, 1)
	if err := outbox.EnqueueSMS(ctx, db.W, clk.Now(), "0612345678", "nl", "Uw code is 123456", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n := sendDue(t, w); n != 1 {
		t.Fatalf("%d attempts", n)
	}
	if r := row(t, db, 1); r.Status != outbox.Queued || r.Attempts != 0 {
		t.Fatalf("mail row %+v", r)
	}
	if r := row(t, db, 2); r.Status != outbox.Sent {
		t.Fatalf("sms row %+v", r)
	}
}

func TestOutboxDemoSendersMarkRowsSent(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	w := outbox.NewWorker(db, clk, outbox.Options{Email: outbox.DemoEmail{}, SMS: outbox.DemoSMS{}, KeepText: true})
	enqueue(t, db, clk.Now(), 1, 2)
	if err := outbox.EnqueueSMS(ctx, db.W, clk.Now(), "0612345678", "nl", "Uw code is 123456", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n := sendDue(t, w); n != 3 {
		t.Fatalf("%d attempts", n)
	}
	if n := countStatus(t, db, outbox.Sent); n != 3 {
		t.Fatalf("%d sent", n)
	}
	// The demo keeps the text: its outbox page shows the links and codes.
	if r := row(t, db, 3); r.BodyText != "Uw code is 123456" {
		t.Fatalf("the demo lost the text: %+v", r)
	}
}

func TestOutboxPurgeDeletesOldSentRows(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	clk := clock.NewFixed(start)
	w := outbox.NewWorker(db, clk, outbox.Options{Email: outbox.DemoEmail{}})
	enqueue(t, db, clk.Now(), 1, 1)
	sendDue(t, w)
	clk.Advance(29 * 24 * time.Hour)
	enqueue(t, db, clk.Now(), 2, 1) // never sent here: a queued row is never purged
	if n, err := w.Purge(ctx); err != nil || n != 0 {
		t.Fatalf("purge after 29 days: %d, %v", n, err)
	}
	clk.Advance(2 * 24 * time.Hour)
	if n, err := w.Purge(ctx); err != nil || n != 1 {
		t.Fatalf("purge after 31 days: %d, %v", n, err)
	}
	if _, err := db.R.GetOutbox(ctx, 1); !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("the old sent row is still there: %v", err)
	}
	if r := row(t, db, 2); r.Status != outbox.Queued {
		t.Fatalf("the queued row: %+v", r)
	}
	if a := attempts(t, db, 1); len(a) != 0 {
		t.Fatal("its attempts are still there")
	}
}
