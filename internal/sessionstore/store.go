// Package sessionstore is a gorilla/sessions Store that keeps sessions in SQLite (design.md §5): the
// cookie carries only a random id, so signing out or ending a session elsewhere really ends it, and the
// idle and absolute timeouts are enforced here, on the server.
package sessionstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/sessions"

	"balie/internal/clock"
	"balie/queries"
)

// Why a presented session could not be used. The session returned alongside is a new, empty one.
var (
	ErrIdle     = errors.New("session: idle timeout")
	ErrAbsolute = errors.New("session: absolute lifetime reached")
	ErrUnknown  = errors.New("session: unknown or ended")
)

// UserIDKey is the Values key that holds the signed-in user's id; Save needs it to create a session.
const UserIDKey = "uid"

// Options configure a Store.
type Options struct {
	Secure     bool          // https: Secure cookie with the __Host- prefix
	Idle       time.Duration // ends a session this long after its last request
	Absolute   time.Duration // ends a session this long after sign-in, whatever happens
	TouchEvery time.Duration // how stale last_seen may get before a request writes it again
	// Address finds a request's client address (the HTTP layer knows about trusted proxies).
	Address func(*http.Request) string
}

// Meta is what the store knows about a loaded session besides its values.
type Meta struct {
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	// User is the session's user as loaded with it (an active account: a session of a closed one is
	// ended on load), and ClinicVersion the version of the clinic's settings then: a request needs no
	// other statement to know who is asking.
	User          queries.User
	ClinicVersion int64
	// LiveGrants: the user holds a live authorisation to someone else's portal (it may not count now:
	// the access layer decides that), as it was at this request.
	LiveGrants bool
}

// IdleDeadline is when the session ends if nothing happens.
func (m Meta) IdleDeadline(idle time.Duration) time.Time { return m.LastSeenAt.Add(idle) }

type metaKey struct{}

// Store implements sessions.Store.
type Store struct {
	db    *queries.DB
	clock clock.Clock
	opts  Options
	name  string
}

// New returns a store. The cookie name follows from opts.Secure.
func New(db *queries.DB, c clock.Clock, opts Options) *Store {
	name := "balie"
	if opts.Secure {
		name = "__Host-balie"
	}
	return &Store{db: db, clock: c, opts: opts, name: name}
}

// CookieName is the name of the session cookie.
func (s *Store) CookieName() string { return s.name }

// Options returns the store's options.
func (s *Store) Options() Options { return s.opts }

func (s *Store) cookieOptions() *sessions.Options {
	return &sessions.Options{Path: "/", Secure: s.opts.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// Get returns the request's session, loading it once per request.
func (s *Store) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the request's cookie. A missing cookie gives a new session and no
// error; an expired or unknown one, or one whose account was closed meanwhile, gives a new session and
// ErrIdle, ErrAbsolute or ErrUnknown.
func (s *Store) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	sess.Options = s.cookieOptions()
	sess.IsNew = true
	c, err := r.Cookie(name)
	if err != nil || c.Value == "" {
		return sess, nil
	}
	ctx := r.Context()
	idHash := hashID(c.Value)
	loaded, err := s.db.R.LoadSession(ctx, idHash)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, ErrUnknown
	}
	if err != nil {
		return sess, err
	}
	row := loaded.Session
	now := s.clock.Now()
	values, undecodable := decode(row.Data)
	var expired error
	switch {
	case loaded.User.Active != 1, undecodable != nil: // a closed account; values an older version wrote
		expired = ErrUnknown
	case !now.Before(row.ExpiresAt):
		expired = ErrAbsolute
	case !now.Before(row.LastSeenAt.Add(s.opts.Idle)):
		expired = ErrIdle
	}
	if expired != nil {
		if err := s.db.W.DeleteSession(ctx, idHash); err != nil {
			return sess, err
		}
		return sess, expired
	}
	sess.ID = c.Value
	sess.IsNew = false
	for k, v := range values {
		sess.Values[k] = v
	}
	sess.Values[metaKey{}] = Meta{UserID: row.UserID, CreatedAt: row.CreatedAt, LastSeenAt: row.LastSeenAt, ExpiresAt: row.ExpiresAt,
		User: loaded.User, ClinicVersion: loaded.ClinicVersion, LiveGrants: loaded.LiveGrants == 1}
	return sess, nil
}

// Save creates, updates or (with Options.MaxAge < 0) deletes the session and sets its cookie.
func (s *Store) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := s.db.W.DeleteSession(ctx, hashID(sess.ID)); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", &sessions.Options{
			Path: "/", Secure: s.opts.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1}))
		return nil
	}
	data, err := encode(sess.Values)
	if err != nil {
		return err
	}
	if sess.ID != "" {
		return s.db.W.SaveSessionData(ctx, queries.SaveSessionDataParams{Data: data, IDHash: hashID(sess.ID)})
	}
	uid, ok := sess.Values[UserIDKey].(int64)
	if !ok || uid == 0 {
		return errors.New("sessionstore: a new session needs a user id")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	now := s.clock.Now()
	meta := Meta{UserID: uid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.Absolute)}
	if err := s.db.W.CreateSession(ctx, queries.CreateSessionParams{
		IDHash: hashID(id), UserID: uid, Data: data, CreatedAt: now, LastSeenAt: now, ExpiresAt: meta.ExpiresAt,
		Address: s.clientAddress(r), UserAgent: truncate(r.UserAgent(), 300),
	}); err != nil {
		return err
	}
	sess.ID = id
	sess.IsNew = false
	sess.Values[metaKey{}] = meta
	http.SetCookie(w, sessions.NewCookie(sess.Name(), id, s.cookieOptions()))
	return nil
}

// MetaOf returns what the store knows of a loaded or just-created session.
func MetaOf(sess *sessions.Session) (Meta, bool) {
	m, ok := sess.Values[metaKey{}].(Meta)
	return m, ok
}

// Touch records activity: the idle timeout starts again. Unless force is set, a session seen less than
// TouchEvery ago is not written, so that a page view does not always cost a disk flush.
func (s *Store) Touch(ctx context.Context, sess *sessions.Session, force bool) error {
	m, ok := MetaOf(sess)
	if !ok || sess.ID == "" {
		return nil
	}
	now := s.clock.Now()
	if !force && now.Sub(m.LastSeenAt) < s.opts.TouchEvery {
		return nil
	}
	if err := s.db.W.TouchSession(ctx, queries.TouchSessionParams{LastSeenAt: now, IDHash: hashID(sess.ID)}); err != nil {
		return err
	}
	m.LastSeenAt = now
	sess.Values[metaKey{}] = m
	return nil
}

// UserSession is one of a user's sessions as the user may see it, with its values (its stage).
type UserSession struct {
	IDHash                string
	CreatedAt, LastSeenAt time.Time
	Address, UserAgent    string
	Values                map[string]any
}

// ListUser returns the user's sessions, the most recently seen first.
func (s *Store) ListUser(ctx context.Context, userID int64) ([]UserSession, error) {
	rows, err := s.db.R.ListUserSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]UserSession, 0, len(rows))
	for _, r := range rows {
		values, _ := decode(r.Data) // undecodable: ended at its next use; listed without values until then
		out = append(out, UserSession{IDHash: r.IDHash, CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt,
			Address: r.Address, UserAgent: r.UserAgent, Values: values})
	}
	return out, nil
}

// AttemptID identifies the session on the server without revealing its cookie: codes sent during a
// sign-in are bound to it.
func AttemptID(sess *sessions.Session) string { return hashID(sess.ID) }

// DeleteExpired removes sessions that can no longer be used.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	now := s.clock.Now()
	return s.db.W.DeleteExpiredSessions(ctx, queries.DeleteExpiredSessionsParams{Now: now, IdleBefore: now.Add(-s.opts.Idle)})
}

func (s *Store) clientAddress(r *http.Request) string {
	if s.opts.Address == nil {
		return truncate(r.RemoteAddr, 100)
	}
	return truncate(s.opts.Address(r), 100)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Start creates a new session for userID with the given values and sets its cookie. Call it at
// sign-in and whenever the session gains rights, after ending the session the request presented, so
// that the id changes (no session fixation).
func (s *Store) Start(r *http.Request, w http.ResponseWriter, userID int64, values map[string]any) (*sessions.Session, error) {
	sess := sessions.NewSession(s, s.name)
	sess.Options = s.cookieOptions()
	sess.IsNew = true
	for k, v := range values {
		sess.Values[k] = v
	}
	sess.Values[UserIDKey] = userID
	if err := s.Save(r, w, sess); err != nil {
		return nil, err
	}
	return sess, nil
}
