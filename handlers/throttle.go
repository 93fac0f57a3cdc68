package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"balie/queries"
)

// throttleRule limits failed sign-ins for one kind of key.
type throttleRule struct {
	prefix string
	max    int           // failures within window that cause a lock
	window time.Duration // how far back failures count
	lock   time.Duration // how long a lock lasts
}

type throttleRules struct{ account, address throttleRule }

// Per account name (also names without an account: a lockout must not reveal which names exist) and
// per client address (one address guessing many names).
var defaultThrottles = throttleRules{
	account: throttleRule{prefix: "account:", max: 5, window: 15 * time.Minute, lock: 15 * time.Minute},
	address: throttleRule{prefix: "address:", max: 20, window: 15 * time.Minute, lock: 15 * time.Minute},
}

func (r throttleRule) key(v string) string { return r.prefix + strings.ToLower(strings.TrimSpace(v)) }

// lockedFor returns how long key is still locked (0: not locked).
func (s *Server) lockedFor(ctx context.Context, key string) (time.Duration, error) {
	t, err := s.db.R.GetThrottle(ctx, key)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if !t.LockedUntil.Valid {
		return 0, nil
	}
	return max(0, t.LockedUntil.Time.Sub(s.clock.Now())), nil
}

// recordFailure counts one failure for key and locks it when the rule's limit is reached within its
// window. It reports whether the key is now locked.
func (s *Server) recordFailure(ctx context.Context, rule throttleRule, key string) (bool, error) {
	var locked bool
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		var err error
		locked, err = s.countFailure(ctx, q, rule, key)
		return err
	})
	return locked, err
}

// countFailure is recordFailure inside the caller's transaction.
func (s *Server) countFailure(ctx context.Context, q *queries.Queries, rule throttleRule, key string) (bool, error) {
	now := s.clock.Now()
	t, err := q.GetThrottle(ctx, key)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if err != nil || !t.WindowStart.After(now.Add(-rule.window)) {
		t = queries.SignInThrottle{Key: key, WindowStart: now} // a new window
	}
	t.Failures++
	t.LockedUntil = sql.NullTime{}
	locked := t.Failures >= int64(rule.max)
	if locked {
		t = queries.SignInThrottle{Key: key, WindowStart: now, LockedUntil: sql.NullTime{Time: now.Add(rule.lock), Valid: true}}
	}
	return locked, q.SetThrottle(ctx, queries.SetThrottleParams(t))
}
