package queries

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// Every statement is prepared once and then reused: parsing was half of the SQL time of a page
// (issue 10). A prepared *sql.Stmt of a pool is prepared again, by database/sql, on each connection
// that runs it for the first time, and kept there.
//
// The writer pool has one connection. While a transaction holds it, preparing a statement on the pool
// would wait for that very connection, for ever. So a statement first met inside a transaction is
// prepared on the transaction, and on the pool when the transaction has ended (Tx); from then on a
// transaction reuses it through tx.StmtContext, which prepares it on the transaction's connection.

// maxCachedStatements bounds the cache. The application's SQL is a fixed set (the generated queries);
// the bound only matters if some caller builds SQL text, which then simply runs unprepared.
const maxCachedStatements = 1000

// stmtCache holds a pool's prepared statements, each prepared on first use (queries() runs them).
type stmtCache struct {
	db    *sql.DB
	stmts sync.Map // query text → *sql.Stmt
	count atomic.Int64
}

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db} }

// queries are the application's queries on the pool, prepared.
func (c *stmtCache) queries() *Queries { return New(prepared{stmt: c.prepare, plain: c.db}) }

// cached returns the prepared statement for query, or nil if it has none yet.
func (c *stmtCache) cached(query string) *sql.Stmt {
	if s, ok := c.stmts.Load(query); ok {
		return s.(*sql.Stmt)
	}
	return nil
}

// prepare returns the prepared statement for query, preparing it on the pool if needed; nil (run the
// query unprepared) if the cache is full or preparing failed, so that the query's own error is the one
// the caller sees.
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	if s := c.cached(query); s != nil {
		return s
	}
	if c.count.Load() >= maxCachedStatements {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := c.stmts.LoadOrStore(query, s); loaded {
		_ = s.Close()
		return prev.(*sql.Stmt)
	}
	c.count.Add(1)
	return s
}

func (c *stmtCache) close() {
	c.stmts.Range(func(_, s any) bool {
		_ = s.(*sql.Stmt).Close()
		return true
	})
}

// prepared is a DBTX that runs each statement through the prepared one stmt gives, or unprepared on
// plain when it gives none: the pools' caches and transactions differ only in stmt.
type prepared struct {
	stmt  func(ctx context.Context, query string) *sql.Stmt
	plain DBTX
}

func (p prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	countStatement(ctx)
	if s := p.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return p.plain.ExecContext(ctx, query, args...)
}

func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	countStatement(ctx)
	if s := p.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.plain.QueryContext(ctx, query, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	countStatement(ctx)
	if s := p.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.plain.QueryRowContext(ctx, query, args...)
}

func (p prepared) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.plain.PrepareContext(ctx, query)
}

// txStmts are the statements of one write transaction. A statement the writer's cache has is reused on
// the transaction's connection; another is prepared on the transaction itself (its connection is the
// one it holds) and noted, to be prepared on the pool after the transaction (see the top of this file).
// Either is kept for the rest of the transaction: a long one (the demo's) runs the same inserts
// thousands of times.
type txStmts struct {
	tx    *sql.Tx
	cache *stmtCache
	own   map[string]*sql.Stmt
	later []string
}

// queries are the application's queries in the transaction, prepared.
func (t *txStmts) queries() *Queries { return New(prepared{stmt: t.stmt, plain: t.tx}) }

// stmt returns query's statement bound to the transaction; nil (run it unprepared) if preparing
// failed, so that the query's own error is the one the caller sees.
func (t *txStmts) stmt(ctx context.Context, query string) *sql.Stmt {
	if s, ok := t.own[query]; ok {
		return s
	}
	var s *sql.Stmt
	if pooled := t.cache.cached(query); pooled != nil {
		s = t.tx.StmtContext(ctx, pooled)
	} else {
		var err error
		if s, err = t.tx.PrepareContext(ctx, query); err != nil {
			return nil
		}
		t.later = append(t.later, query)
	}
	if t.own == nil {
		t.own = make(map[string]*sql.Stmt)
	}
	t.own[query] = s
	return s
}

// prepareLater prepares, on the pool, the statements the transaction had to prepare itself. It runs
// once the transaction has given its connection back; the transaction closed its own statements.
func (t *txStmts) prepareLater(ctx context.Context) {
	for _, q := range t.later {
		t.cache.prepare(ctx, q)
	}
}

// Statements run for a request are counted when its context carries a counter: the request log shows
// the number, and tests hold pages to their budget of statements.

type statementCounterKey struct{}

// WithStatementCounter returns a context in which every statement run through the DB is counted.
func WithStatementCounter(ctx context.Context) context.Context {
	return context.WithValue(ctx, statementCounterKey{}, new(atomic.Int64))
}

// StatementsRun is how many statements have run with ctx (0 without a counter).
func StatementsRun(ctx context.Context) int64 {
	if n, ok := ctx.Value(statementCounterKey{}).(*atomic.Int64); ok {
		return n.Load()
	}
	return 0
}

func countStatement(ctx context.Context) {
	if n, ok := ctx.Value(statementCounterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

// PreparedStatements is how many statements the two pools hold prepared.
func (db *DB) PreparedStatements() int64 {
	n := db.wStmts.count.Load()
	if db.rStmts != nil {
		n += db.rStmts.count.Load()
	}
	return n
}
