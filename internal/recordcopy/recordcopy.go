// Package recordcopy builds the copy of a patient's record that the patient asked for at /dossier/kopie
// (Wabvpz art. 15d): in the background, a zip in the data folder with a PDF of every report, the
// documents, the appointments, the medication and the results, an index.html that lists it all, and the same as a
// FHIR R4 Bundle (fhir/bundle.json). Only what the patient may see goes in, by the same rules as the
// portal's pages (released or not at all).
//
// The zip is written as it is read: one report or document at a time, from its row straight into the
// zip's entry, so that memory stays flat however large the record is.
package recordcopy

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"balie/internal/accesslog"
	"balie/internal/clock"
	"balie/internal/report"
	"balie/internal/schedule"
	"balie/queries"
)

const (
	// Valid is how long a copy can be downloaded once it is ready; then the round deletes it.
	Valid = 24 * time.Hour
	// stale: a build started this long ago stopped with its process, and is built again.
	stale = 30 * time.Minute
	// ObjectType names a copy in the access log.
	ObjectType = "record_copy"
)

// Translator gives the copy's words in the patient's language (views.Translator is one).
type Translator interface {
	report.Translator
	DayTime(t time.Time) string
	Pick(nl, en string) string
}

// Builder builds the copies that were asked for, one per round, and deletes the files of expired ones.
type Builder struct {
	DB    *queries.DB
	Clock clock.Clock
	// Dir is the folder the zips are written to (created when missing).
	Dir        string
	Translator func(lang string) Translator
	// Ready queues the mail that says the copy is ready to the patient, in the transaction that marks it
	// ready (the app's queueMail: no content, a link to /dossier/kopie).
	Ready func(ctx context.Context, q *queries.Queries, patient queries.User) error
	// Wake, if set, tells the outbox worker that messages wait (after the commit).
	Wake func()
	Log  *slog.Logger
	// Every is how often Run looks for work (a minute).
	Every time.Duration
}

// Run builds waiting copies at once and then every Every, until ctx ends.
func (b *Builder) Run(ctx context.Context) {
	schedule.Run(ctx, b.Every, 1, b.Round, b.Log, "building record copies")
}

// Path is where the copy's file is.
func (b *Builder) Path(file string) string { return filepath.Join(b.Dir, file) }

// Round deletes the files of copies past their 24 hours, then builds the oldest waiting copy; it
// returns 1 when it built one (or failed to), so that Run carries on with the next at once.
func (b *Builder) Round(ctx context.Context) (int, error) {
	if err := b.expire(ctx); err != nil {
		return 0, err
	}
	now := b.Clock.Now()
	var next queries.NextRecordCopyRow
	err := b.DB.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		var err error
		if next, err = q.NextRecordCopy(ctx, sql.NullTime{Time: now.Add(-stale), Valid: true}); err != nil {
			return err
		}
		return q.StartRecordCopy(ctx, queries.StartRecordCopyParams{Now: sql.NullTime{Time: now, Valid: true}, ID: next.ID})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	file, size, err := b.build(ctx, next)
	if err != nil {
		// The patient sees "mislukt" and may ask again; the log says why.
		if b.Log != nil {
			b.Log.Error("building a record copy", "copy", next.ID, "err", err)
		}
		return 1, b.DB.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
			return q.FailRecordCopy(ctx, queries.FailRecordCopyParams{Now: sql.NullTime{Time: b.Clock.Now(), Valid: true}, ID: next.ID})
		})
	}
	err = b.DB.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		done := b.Clock.Now()
		if err := q.FinishRecordCopy(ctx, queries.FinishRecordCopyParams{Now: sql.NullTime{Time: done, Valid: true},
			ExpiresAt: sql.NullTime{Time: done.Add(Valid), Valid: true}, File: file, SizeBytes: size, ID: next.ID}); err != nil {
			return err
		}
		requester, err := q.GetUser(ctx, next.RequestedBy)
		if err != nil {
			return err
		}
		// The build read the whole record on the requester's behalf: one row, with the copy's own.
		if err := accesslog.Insert(ctx, q, accesslog.Entry{At: done, ActorID: requester.ID, ActorRole: requester.Role,
			PatientID: next.PatientID, ObjectType: ObjectType, ObjectID: next.ID, Action: accesslog.ActionRead,
			Outcome: accesslog.OutcomeOK}); err != nil {
			return err
		}
		return b.Ready(ctx, q, requester)
	})
	if err != nil {
		_ = os.Remove(b.Path(file))
		return 0, err
	}
	if b.Wake != nil {
		b.Wake()
	}
	return 1, nil
}

// expire deletes the files of copies whose 24 hours have passed. The file goes first: a process that
// stops in between deletes nothing twice, and leaves no file that no row names.
func (b *Builder) expire(ctx context.Context) error {
	gone, err := b.DB.R.ExpiredRecordCopies(ctx, queries.ExpiredRecordCopiesParams{Now: sql.NullTime{Time: b.Clock.Now(), Valid: true}, Limit: 100})
	if err != nil {
		return err
	}
	for _, c := range gone {
		if c.File != "" {
			if err := os.Remove(b.Path(c.File)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		if err := b.DB.W.ExpireRecordCopy(ctx, c.ID); err != nil {
			return err
		}
	}
	return nil
}

// build writes the copy to a new file of a random name in Dir and returns the name and size.
func (b *Builder) build(ctx context.Context, c queries.NextRecordCopyRow) (name string, size int64, err error) {
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return "", 0, err
	}
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return "", 0, err
	}
	name = hex.EncodeToString(random) + ".zip"
	f, err := os.OpenFile(b.Path(name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(b.Path(name))
		}
	}()
	r, err := b.load(ctx, c.PatientID)
	if err != nil {
		return "", 0, err
	}
	zw := zip.NewWriter(f)
	for _, part := range parts {
		if err := part(ctx, r, zw); err != nil {
			return "", 0, fmt.Errorf("record copy %d: %w", c.ID, err)
		}
	}
	if err := zw.Close(); err != nil {
		return "", 0, err
	}
	if err := f.Sync(); err != nil {
		return "", 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	return name, st.Size(), nil
}
