package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Pragmas every connection gets (design.md §4). They are in the DSN so that each pooled connection has
// them, not only the first one.
var pragmas = []string{
	"journal_mode(WAL)",
	"synchronous(FULL)", // medical data: a committed write survives power loss
	"foreign_keys(1)",
	"busy_timeout(10000)",
}

// SchemaVersion is the user_version of a database made from schema.sql. Raise it together with an
// upgrade step in upgrades once a release exists.
const SchemaVersion = 1

// DB is the application's database: one writer connection (SQLite has one writer anyway; queuing in Go
// is cheaper than busy-waiting in SQLite) and a pool of readers.
type DB struct {
	Write  *sql.DB
	Read   *sql.DB
	W      *Queries // queries on the writer
	R      *Queries // queries on the reader pool
	Path   string
	schema string

	// Prepared statements of each pool (stmtcache.go).
	wStmts, rStmts *stmtCache
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	// Times are written as "2006-01-02 15:04:05.999999999-07:00" (always UTC here), which sorts as text.
	q.Set("_time_format", "sqlite")
	return "file:" + url.PathEscape(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and brings it to SchemaVersion using schema, the
// text of schema.sql. It fails on a file that is not a Balie database it knows how to upgrade.
func Open(ctx context.Context, path, schema string) (*DB, error) {
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{Write: w, wStmts: newStmtCache(w), Path: path, schema: schema}
	db.W = db.wStmts.queries()
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.Read, db.rStmts = r, newStmtCache(r)
	db.R = db.rStmts.queries()
	return db, nil
}

func (db *DB) migrate(ctx context.Context) error {
	var version int
	if err := db.Write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	switch {
	case version == SchemaVersion:
		return nil
	case version > SchemaVersion:
		return fmt.Errorf("made by a newer Balie (schema %d, this binary knows %d)", version, SchemaVersion)
	case version == 0:
		var tables int
		if err := db.Write.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
			return err
		}
		if tables > 0 {
			return errors.New("not a Balie database (it has tables but no schema version)")
		}
		return db.Tx(ctx, func(tx *sql.Tx, _ *Queries) error {
			if _, err := tx.ExecContext(ctx, db.schema); err != nil {
				return fmt.Errorf("create schema: %w", err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion))
			return err
		})
	default:
		return fmt.Errorf("schema %d has no upgrade step", version)
	}
}

// Tx runs fn in one write transaction, committing when it returns nil.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx, q *Queries) error) error {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	inTx := &txStmts{tx: tx, cache: db.wStmts}
	defer inTx.prepareLater(ctx)
	if err := fn(tx, inTx.queries()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Close closes both pools.
func (db *DB) Close() error {
	var errR error
	if db.Read != nil {
		db.rStmts.close()
		errR = db.Read.Close()
	}
	db.wStmts.close()
	return errors.Join(db.Write.Close(), errR)
}
