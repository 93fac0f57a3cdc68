// Package accesslog writes the NEN 7513 access log (design.md §8). Reads and refusals are written with
// group commit (Log): the rows of concurrent requests share one transaction, and so one disk flush, while
// each request still waits until its own row is durable before it shows any patient data. A change writes
// its row with Insert in its own transaction, so that the two commit together or not at all.
package accesslog

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"balie/queries"
)

// Actions and outcomes, as stored.
const (
	ActionRead   = "read"
	ActionList   = "list"
	ActionSearch = "search"
	ActionChange = "change"

	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
)

// Entry is one access to one patient's data.
type Entry struct {
	At         time.Time
	ActorID    int64
	ActorRole  string
	OnBehalfOf int64  // 0: the actor acts for themselves
	PatientID  int64  // 0 only for a refusal with no patient in view
	ObjectType string // "profile", "overview", "patient" …
	ObjectID   int64  // 0: the object has no id of its own
	Action     string
	Outcome    string
	Address    string
	RequestID  string
	// ShareCodeID is the share code whose viewer acts (ActorRole "viewer", no ActorID); 0 for anyone else.
	ShareCodeID int64
}

type batch struct {
	entries []Entry
	done    chan error
}

// Log is the access log's writer. Create it with New and stop it with Close.
type Log struct {
	db       *queries.DB
	requests chan batch
	wg       sync.WaitGroup
	closeMu  sync.RWMutex
	closed   bool
}

// maxBatch bounds one transaction, so that one huge burst cannot hold the writer for long.
const maxBatch = 512

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("accesslog: closed")

// New starts the writer.
func New(db *queries.DB) *Log {
	l := &Log{db: db, requests: make(chan batch, 1024)}
	l.wg.Add(1)
	go l.run()
	return l
}

// Write stores entries and returns once they are committed. It takes no context on purpose: a row
// asked for is written, even when the client that caused it has gone away.
func (l *Log) Write(entries ...Entry) error {
	l.closeMu.RLock()
	if l.closed {
		l.closeMu.RUnlock()
		return ErrClosed
	}
	b := batch{entries: entries, done: make(chan error, 1)}
	l.requests <- b // the writer drains the queue until Close, which waits for this lock
	l.closeMu.RUnlock()
	return <-b.done
}

// Close writes what is queued and stops the writer.
func (l *Log) Close() {
	l.closeMu.Lock()
	if !l.closed {
		l.closed = true
		close(l.requests)
	}
	l.closeMu.Unlock()
	l.wg.Wait()
}

func (l *Log) run() {
	defer l.wg.Done()
	for first := range l.requests {
		group := []batch{first}
		n := len(first.entries)
	collect:
		for n < maxBatch {
			select {
			case b, ok := <-l.requests:
				if !ok {
					break collect
				}
				group = append(group, b)
				n += len(b.entries)
			default:
				break collect
			}
		}
		err := l.commit(group)
		for _, b := range group {
			b.done <- err
		}
	}
}

func (l *Log) commit(group []batch) error {
	ctx := context.Background()
	var entries []Entry
	for _, b := range group {
		entries = append(entries, b.entries...)
	}
	return l.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return Insert(ctx, q, entries...) })
}

// Insert writes entries with q, a write transaction's: in a change's own transaction, they commit with
// the change. Each row is chained to the one before it (chain.go); the transaction holds the writer, so
// no other row comes between the last link read here and the rows written after it.
func Insert(ctx context.Context, q *queries.Queries, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	last, err := lastLink(ctx, q)
	if err != nil {
		return err
	}
	for _, e := range entries {
		next := link{id: last.id + 1}
		next.hash = rowHash(next.id, e, last.hash)
		if err := q.InsertAccessLog(ctx, queries.InsertAccessLogParams{
			ID:          next.id,
			PrevHash:    last.hash,
			Hash:        next.hash,
			At:          e.At,
			ActorID:     nullID(e.ActorID),
			ActorRole:   e.ActorRole,
			OnBehalfOf:  nullID(e.OnBehalfOf),
			PatientID:   nullID(e.PatientID),
			ObjectType:  e.ObjectType,
			ObjectID:    nullID(e.ObjectID),
			Action:      e.Action,
			Outcome:     e.Outcome,
			Address:     e.Address,
			RequestID:   e.RequestID,
			ShareCodeID: nullID(e.ShareCodeID),
		}); err != nil {
			return err
		}
		last = next
	}
	return nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
