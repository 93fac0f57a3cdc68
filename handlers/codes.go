package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"balie/internal/factor"
	"balie/internal/outbox"
	"balie/internal/sessionstore"
	"balie/internal/sms"
	"balie/queries"
)

// SMS codes (design.md §5): 6 digits, valid 5 minutes, single use, bound to one attempt, stored hashed,
// at most 5 tries; a new one at most once a minute and a few an hour.
const (
	codeValid       = 5 * time.Minute
	codeMaxTries    = 5
	codeCoolDown    = time.Minute
	codesPerHour    = 6
	codeLengthLimit = 20 // longer input is not a code
)

// Code purposes, as stored; each has an SMS text "sms.<purpose>_code".
const (
	purposeSignIn = "sign_in"
	purposeReset  = "reset"
	purposeMobile = "mobile"
)

var (
	errCodeCoolDown = errors.New("a code was sent less than a minute ago")
	errCodeTooMany  = errors.New("too many codes sent this hour")
	errNoMobile     = errors.New("the number on file cannot receive text messages")
)

// numberProof is what a code that proves a mobile number is bound to: this sign-in's session and the
// number it was sent to, so that a code sent to one number never confirms another.
func numberProof(sess *sessions.Session, mobile string) string {
	if n, err := sms.Normalize(mobile); err == nil {
		mobile = n
	}
	return sessionstore.AttemptID(sess) + "|" + mobile
}

// codeLimit is the locale key of the limit that stopped sendCode, or "" when none did.
func codeLimit(err error) string {
	switch {
	case errors.Is(err, errCodeCoolDown):
		return "code.cool_down"
	case errors.Is(err, errCodeTooMany):
		return "code.too_many_sent"
	case errors.Is(err, errNoMobile):
		return "code.no_mobile"
	}
	return ""
}

// sendCode sends a new SMS code for purpose to mobile, bound to the attempt boundTo. The code and its
// SMS are written in one transaction.
func (s *Server) sendCode(ctx context.Context, user *queries.User, mobile, purpose, boundTo string) error {
	if !canText(mobile) {
		return errNoMobile
	}
	now := s.clock.Now()
	last, err := s.db.R.LatestCode(ctx, queries.LatestCodeParams{BoundTo: boundTo, Purpose: purpose})
	switch {
	case err == nil && now.Sub(last.CreatedAt) < codeCoolDown:
		return errCodeCoolDown
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	n, err := s.db.R.CountCodesSince(ctx, queries.CountCodesSinceParams{UserID: user.ID, CreatedAt: now.Add(-time.Hour)})
	if err != nil {
		return err
	}
	if n >= codesPerHour {
		return errCodeTooMany
	}
	code, err := factor.NewCode()
	if err != nil {
		return err
	}
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	text, err := sms.Compose(s.views.Translator(user.Locale), clinic.Name, purpose+"_code", map[string]any{"Code": code})
	if err != nil {
		return err
	}
	expires := now.Add(codeValid) // the text, too, is not sent after that
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if err := q.CreateCode(ctx, queries.CreateCodeParams{UserID: user.ID, Purpose: purpose, BoundTo: boundTo,
			CodeHash: factor.HashCode(boundTo, code), CreatedAt: now, ExpiresAt: expires}); err != nil {
			return err
		}
		return outbox.EnqueueSMS(ctx, q, now, mobile, user.Locale, text, expires)
	})
	if err == nil {
		s.wakeOutbox()
	}
	return err
}

// codeProblem is why a typed code was not accepted: a locale key.
type codeProblem string

const (
	codeOK       codeProblem = ""
	codeNone     codeProblem = "code.none"
	codeWrong    codeProblem = "code.wrong"
	codeExpired  codeProblem = "code.expired"
	codeUsedUp   codeProblem = "code.too_many_tries"
	codeRequired codeProblem = "code.required"
)

// checkCode checks a typed SMS code against the latest one sent for the attempt.
func (s *Server) checkCode(ctx context.Context, purpose, boundTo, typed string) (codeProblem, error) {
	typed = factor.Normalize(typed)
	if typed == "" {
		return codeRequired, nil
	}
	c, err := s.db.R.LatestCode(ctx, queries.LatestCodeParams{BoundTo: boundTo, Purpose: purpose})
	if errors.Is(err, sql.ErrNoRows) {
		return codeNone, nil
	}
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	switch {
	case c.UsedAt.Valid:
		return codeNone, nil
	case c.Tries >= codeMaxTries:
		return codeUsedUp, nil
	case !now.Before(c.ExpiresAt):
		return codeExpired, nil
	}
	if len(typed) > codeLengthLimit || !factor.SameHash(c.CodeHash, factor.HashCode(boundTo, typed)) {
		if err := s.db.W.AddCodeTry(ctx, c.ID); err != nil {
			return "", err
		}
		if c.Tries+1 >= codeMaxTries {
			return codeUsedUp, nil
		}
		return codeWrong, nil
	}
	n, err := s.db.W.UseCode(ctx, queries.UseCodeParams{Now: sqlTime(now), ID: c.ID})
	if err != nil {
		return "", err
	}
	if n != 1 { // used by a request that came in at the same moment
		return codeNone, nil
	}
	return codeOK, nil
}

// canText reports whether a number can receive text messages (a mobile number).
func canText(mobile string) bool {
	_, err := sms.Normalize(mobile)
	return err == nil
}

// mobileEnd is what a page shows of a mobile number: its last two digits.
func mobileEnd(mobile string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, mobile)
	if len(digits) < 2 {
		return ""
	}
	return digits[len(digits)-2:]
}

// accountEvent records what happened to an account (shown to the user and to staff). A change of the
// account writes its event in its own transaction instead (changeAccount).
func (s *Server) accountEvent(c echo.Context, userID int64, kind string) error {
	return s.addAccountEvent(c.Request().Context(), s.db.W, c, userID, kind)
}

// addAccountEvent is accountEvent with q, in the caller's transaction.
func (s *Server) addAccountEvent(ctx context.Context, q *queries.Queries, c echo.Context, userID int64, kind string) error {
	st := state(c)
	actor := sql.NullInt64{}
	if st.User != nil && st.User.ID != userID && stageOf(st) == stageFull {
		actor = sql.NullInt64{Int64: st.User.ID, Valid: true}
	}
	ua := c.Request().UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	return q.AddAccountEvent(ctx, queries.AddAccountEventParams{
		UserID: userID, At: s.clock.Now(), Kind: kind, Address: c.RealIP(), UserAgent: ua, ActorID: actor})
}
