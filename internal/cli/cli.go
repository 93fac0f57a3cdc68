// Package cli holds the subcommands of the balie binary: serve, demo and admin.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"balie/handlers"
	"balie/internal/accesslog"
	"balie/internal/clock"
	"balie/internal/config"
	"balie/internal/mail"
	"balie/internal/outbox"
	"balie/internal/photo"
	"balie/internal/sms"
	"balie/locales"
	"balie/queries"
)

const usage = `Balie — a patient portal for small clinics.

Usage:
  balie demo [flags]                 run a demo clinic on http://localhost:8080 (no mail or SMS leaves the machine)
  balie serve [flags]                run the portal for real (see balie serve -h)
  balie admin clinic [flags]         set the clinic's name, address and phone
  balie admin create-staff [flags]   create a staff account and print its activation link
  balie admin verify-log [flags]     check the access log's hash chain; exit status 1 names the first broken row

Each command's -h lists its flags and their BALIE_* environment variables.
`

// Main runs the command in args and returns the exit code.
func Main(args []string, schema string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(args[1:], schema, stdout, stderr)
	case "demo":
		err = runDemo(args[1:], schema, stdout, stderr)
	case "admin":
		err = admin(args[1:], schema, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "balie: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "balie %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// serverDefaults are the settings shared by serve and demo.
func serverDefaults() config.Config {
	return config.Config{
		Addr: ":8080", DBPath: "balie.db", MemoryLimit: 512 << 20,
		IdleTimeout: 20 * time.Minute, AbsoluteTimeout: 60 * time.Minute,
		SMTPPort: 587, SMTPTLS: "starttls",
		SMSURL: "https://gw.messaging.cm.com/v1.0/message",
	}
}

func serve(args []string, schema string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("balie serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := config.Parse(fs, args, serverDefaults())
	if err != nil {
		return err
	}
	if err := cfg.Check(); err != nil {
		return fmt.Errorf("refusing to start:\n%w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := queries.Open(ctx, cfg.DBPath, schema)
	if err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	defer db.Close()
	if _, err := db.R.GetClinic(ctx); err != nil {
		return fmt.Errorf("refusing to start: the clinic has no name and phone yet; run: balie admin clinic -db %s -name … -phone …", cfg.DBPath)
	}
	return run(ctx, cfg, db, stdout, nil)
}

// run serves the app until ctx ends, then lets in-flight requests finish (graceful shutdown).
// ready, if not nil, is called with the listening address.
func run(ctx context.Context, cfg *config.Config, db *queries.DB, stdout io.Writer, ready func(addr string)) error {
	memoryLimit := limitMemory(cfg.MemoryLimit)
	logger := slog.New(slog.NewJSONHandler(stdout, nil))
	bundle, err := locales.Bundle()
	if err != nil {
		return err
	}
	alog := accesslog.New(db)
	defer alog.Close()
	// Built before the app, so that the app can wake it (Notify) after committing a message.
	worker, err := newOutboxWorker(cfg, db, logger)
	if err != nil {
		return err
	}
	app, err := handlers.New(handlers.Deps{DB: db, Config: cfg, Clock: clock.Real{}, Logger: logger, AccessLog: alog, Bundle: bundle,
		WakeOutbox: worker.Notify})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           app,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	go cleanExpired(ctx, app, logger)
	// A look at every account, for the log only: it does not hold up the start, and a stop finishes it.
	checked := make(chan struct{})
	go func() { defer close(checked); reportSignInNameClashes(context.WithoutCancel(ctx), db, logger) }()
	defer func() { <-checked }()
	// The outbox worker sends mail and SMS; it stops after the requests in flight have finished (they may
	// enqueue messages), finishing a send in progress, before the database closes.
	workerCtx, stopWorker := context.WithCancel(context.Background())
	// With it run the background rounds: appointment reminders, the dossier's summary mails, the copies
	// of records that patients asked for (one at a time), the mails that a result is ready and the
	// mails to parents before and on a child's 16th birthday, and the next time of repeated questionnaires.
	var background sync.WaitGroup
	for _, run := range []func(context.Context){worker.Run, app.Reminders().Run, app.Summaries().Run,
		app.RecordCopies().Run, app.ResultNotices().Run, app.SixteenNotices().Run, app.QuestionnaireRepeats().Run} {
		background.Go(func() { run(workerCtx) })
	}
	defer func() { stopWorker(); background.Wait() }()
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- srv.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	logger.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "memory_limit", memoryLimit)
	if photo.HEICRefused() {
		logger.Warn("HEIC photos are refused: this binary loaded a system libheif outside the sandbox; build it with -tags nodynamic")
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	return nil
}

// limitMemory gives the Go runtime its soft memory limit (the garbage collector works harder as the heap
// nears it), unless GOMEMLIMIT in the environment has set one already; it returns the limit in force.
func limitMemory(limit int64) int64 {
	if os.Getenv("GOMEMLIMIT") != "" || limit <= 0 {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(limit)
	return limit
}

// newOutboxWorker builds the outbox worker with the senders the configuration asks for: in demo mode
// senders that send nothing (the demo outbox page shows the messages), else SMTP and CM.com. A channel
// without configuration keeps its messages queued until it has one.
func newOutboxWorker(cfg *config.Config, db *queries.DB, logger *slog.Logger) (*outbox.Worker, error) {
	opts := outbox.Options{Logger: logger}
	switch {
	case cfg.Demo:
		opts.Email, opts.SMS, opts.KeepText = outbox.DemoEmail{}, outbox.DemoSMS{}, true
		return outbox.NewWorker(db, clock.Real{}, opts), nil
	case cfg.SMTPHost == "":
		logger.Warn("no mail server configured (-smtp-host): e-mail is not sent but waits in the outbox")
	default:
		m, err := mail.NewSMTP(mail.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, TLS: cfg.SMTPTLS,
			User: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.MailFrom})
		if err != nil {
			return nil, err
		}
		opts.Email = m
	}
	switch {
	case cfg.SMSToken == "":
		logger.Warn("no SMS provider configured (-sms-token): text messages are not sent but wait in the outbox")
	default:
		opts.SMS = sms.New(cfg.SMSURL, cfg.SMSToken, cfg.SMSSender)
	}
	return outbox.NewWorker(db, clock.Real{}, opts), nil
}

// reportSignInNameClashes logs every account whose user name is another account's e-mail address, which
// a database from before such names were refused may hold. The portal starts all the same: a sign-in
// or password reset with such a name never reaches the account that took it (unless the address is
// its own too), so refusing to start would only lock every patient out over a few accounts.
func reportSignInNameClashes(ctx context.Context, db *queries.DB, logger *slog.Logger) {
	clashes, err := db.R.ListSignInNameClashes(ctx)
	if err != nil {
		logger.Error("checking sign-in names", "err", err)
		return
	}
	for _, c := range clashes {
		logger.Error("sign-in name clash: an account's user name is another account's e-mail address (accepted by "+
			"earlier versions); a sign-in or password reset with it reaches the address's account, or the user name's "+
			"account when the address is its own too; the user name's account can sign in with its own e-mail address",
			"user_name_account", c.UserNameOf, "email_account", c.EmailOf)
	}
}

// cleanExpired deletes expired sessions and throttle rows every few minutes.
func cleanExpired(ctx context.Context, app *handlers.Server, logger *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		if _, err := app.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			logger.Error("deleting expired sessions", "err", err)
		}
		if _, err := app.DeleteExpiredThrottles(ctx); err != nil && ctx.Err() == nil {
			logger.Error("deleting expired sign-in throttles", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
