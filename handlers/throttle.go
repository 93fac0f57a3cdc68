package handlers

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
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

// maxThrottleKeyName bounds the name part of a key: a longer one (no account has it) is kept as its hash.
const maxThrottleKeyName = maxSignInName

func (r throttleRule) key(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if len(v) > maxThrottleKeyName {
		sum := sha256.Sum256([]byte(v))
		v = "sha256:" + hex.EncodeToString(sum[:])
	}
	return r.prefix + v
}

// longestThrottleWindow is the longest window of any throttle rule: a row whose window began longer ago
// than that, and whose lock has ended, counts nothing any more.
var longestThrottleWindow = max(defaultThrottles.account.window, defaultThrottles.address.window,
	resetThrottle.account.window, resetThrottle.address.window, codeThrottle.window)

// DeleteExpiredThrottles removes the throttle rows that count nothing any more; main calls it now and
// then, with DeleteExpiredSessions.
func (s *Server) DeleteExpiredThrottles(ctx context.Context) (int64, error) {
	now := s.clock.Now()
	return s.db.W.DeleteExpiredThrottles(ctx, queries.DeleteExpiredThrottlesParams{
		WindowStartBefore: now.Add(-longestThrottleWindow), Now: sqlTime(now)})
}

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
	if err == nil && t.LockedUntil.Valid && t.LockedUntil.Time.After(now) {
		return true, nil // a lock holds until it ends: failures meanwhile neither lift nor restart it
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

// takeTry takes one try for key before a guess is checked, in the caller's write transaction (on the
// one writer connection, so that the read and the write inside it cannot interleave with another
// request's): while key is locked it is refused, with how long the lock still holds; otherwise it is
// counted as a failure would be, and last reports that it reached the rule's limit, which locked key.
// A right guess clears the count.
func (s *Server) takeTry(ctx context.Context, q *queries.Queries, rule throttleRule, key string) (wait time.Duration, last bool, err error) {
	t, err := q.GetThrottle(ctx, key)
	switch {
	case err == nil && t.LockedUntil.Valid && t.LockedUntil.Time.After(s.clock.Now()):
		return t.LockedUntil.Time.Sub(s.clock.Now()), false, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return 0, false, err
	}
	last, err = s.countFailure(ctx, q, rule, key)
	return 0, last, err
}

// A limitedTry is one try taken from a limit for a guess (takeTries), to be given back when the guess
// is right (giveTriesBack).
type limitedTry struct {
	rule  throttleRule
	key   string
	clear bool // a right guess clears the count (the account's), not just its own try (a shared address's)
	last  bool // the try reached the limit and locked key
}

// takeTries takes a try from every limit a guess counts against, in one write, before the guess is
// checked: guesses sent at once cannot get past a limit. While any key is locked none is taken, and
// wait says how long that lock still holds.
func (s *Server) takeTries(ctx context.Context, tries []limitedTry) (wait time.Duration, err error) {
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		wait, err = s.takeTriesIn(ctx, q, tries)
		return err
	})
	if errors.Is(err, errNoTry) { // nothing was counted
		return wait, nil
	}
	return 0, err
}

// takeTriesIn is takeTries in the caller's write transaction, which errNoTry rolls back when a key is
// locked.
func (s *Server) takeTriesIn(ctx context.Context, q *queries.Queries, tries []limitedTry) (wait time.Duration, err error) {
	for i := range tries {
		if wait, tries[i].last, err = s.takeTry(ctx, q, tries[i].rule, tries[i].key); err != nil {
			return 0, err
		}
		if wait > 0 {
			return wait, errNoTry
		}
	}
	return 0, nil
}

// giveTriesBack gives back the tries taken for a right guess, so that a success does not count against
// a limit: one failure fewer, or none with clear. A lock that the try itself set is lifted (nothing
// else changes a locked row until it ends); a lock another guess set meanwhile holds.
func (s *Server) giveTriesBack(ctx context.Context, tries []limitedTry) error {
	now := s.clock.Now()
	return s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		for _, try := range tries {
			t, err := q.GetThrottle(ctx, try.key)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			switch locked := t.LockedUntil.Valid && t.LockedUntil.Time.After(now); {
			case locked && try.last:
				t.Failures, t.LockedUntil = int64(try.rule.max-1), sql.NullTime{}
			case !locked && t.Failures > 0:
				t.Failures--
			default:
				continue
			}
			if try.clear {
				t.Failures = 0
			}
			if err := q.SetThrottle(ctx, queries.SetThrottleParams(t)); err != nil {
				return err
			}
		}
		return nil
	})
}

// codeLock is how long the user's account is still locked for wrong second-factor codes (0: not).
func (s *Server) codeLock(ctx context.Context, userID int64) (time.Duration, error) {
	return s.lockedFor(ctx, codeThrottle.key(userKey(userID)))
}

func userKey(id int64) string { return strconv.FormatInt(id, 10) }
