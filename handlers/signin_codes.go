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
	"balie/views"
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

// numberProof is what a code that proves a mobile number is bound to: this sign-in's session and the
// number it was sent to, so that a code sent to one number never confirms another.
func numberProof(sess *sessions.Session, mobile string) string {
	if n, err := sms.Normalize(mobile); err == nil {
		mobile = n
	}
	return sessionstore.AttemptID(sess) + "|" + mobile
}

// codeWait is why no code can be sent now: a locale key, and when one can be sent again (zero when
// waiting does not help: the number cannot receive texts). sendCode returns it as its error.
type codeWait struct {
	reason string
	until  time.Time
}

func (w *codeWait) Error() string { return "no code sent: " + w.reason }

// problem says why, and when a code can be sent again ("U kunt om 14:35 uur weer een code laten sturen"),
// rounded up to a minute at which sending works.
func (w *codeWait) problem(tr *views.Translator) views.Text {
	args := []any{"Count", codesPerHour}
	if !w.until.IsZero() {
		args = append(args, "Time", tr.Clock(w.until.Add(time.Minute-1).Truncate(time.Minute)))
	}
	return views.Text{Key: w.reason, Args: args}
}

// sendLimit is the limit that stopped sendCode, or nil when none did.
func sendLimit(err error) *codeWait {
	var w *codeWait
	if errors.As(err, &w) {
		return w
	}
	return nil
}

// codeSendWait is why no code for purpose can be sent to mobile for the attempt boundTo now, or nil
// when one can: the number cannot receive texts, a code went less than a minute ago, or as many as an
// hour allows. sendCode asks it inside its write; pages ask it to say why no code was sent.
func (s *Server) codeSendWait(ctx context.Context, q *queries.Queries, userID int64, mobile, purpose, boundTo string) (*codeWait, error) {
	if !canText(mobile) {
		return &codeWait{reason: "signin_codes.no_mobile"}, nil
	}
	now := s.clock.Now()
	last, err := q.LatestCode(ctx, queries.LatestCodeParams{BoundTo: boundTo, Purpose: purpose})
	switch {
	case err == nil && now.Sub(last.CreatedAt) < codeCoolDown:
		return &codeWait{reason: "signin_codes.cool_down", until: last.CreatedAt.Add(codeCoolDown)}, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	// At the limit, one more may go when the oldest of the last codesPerHour is an hour old.
	oldest, err := q.NthLatestCodeSince(ctx, queries.NthLatestCodeSinceParams{UserID: userID, Since: now.Add(-time.Hour), Skip: codesPerHour - 1})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &codeWait{reason: "signin_codes.too_many_sent", until: oldest.Add(time.Hour)}, nil
}

// codeState tells a page whether a code for purpose was sent for the attempt boundTo and, when none
// was, why none can be sent now (nil when one can).
func (s *Server) codeState(c echo.Context, user *queries.User, mobile, purpose, boundTo string) (sent bool, wait *views.Text, err error) {
	ctx := c.Request().Context()
	_, err = s.db.R.LatestCode(ctx, queries.LatestCodeParams{BoundTo: boundTo, Purpose: purpose})
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return err == nil, nil, err
	}
	w, err := s.codeSendWait(ctx, s.db.R, user.ID, mobile, purpose, boundTo)
	if w != nil {
		t := w.problem(s.tr(c))
		wait = &t
	}
	return false, wait, err
}

// placeWait puts why no new code was sent where the page shows it: beside the code field when an
// earlier code is still on its way (sent), else in place of the field (the Wait it returns).
func placeWait(tr *views.Translator, f *views.Form, sent bool, w *codeWait) *views.Text {
	t := w.problem(tr)
	if sent {
		f.Fail(codeField, t.Key, t.Args...)
		return nil
	}
	return &t
}

// codeField is the id of the field a code is typed in (views/password.html, "code-field").
const codeField = "code"

// codeFieldFor is where a refused code's problem shows: at the code field when the page shows one (the
// authenticator app's, or an SMS code's once one was sent), else above the whole page.
func codeFieldFor(method string, sent bool) string {
	if method == methodTOTP || method == methodSMS && sent {
		return codeField
	}
	return ""
}

// sendCode sends a new SMS code for purpose to mobile, bound to the attempt boundTo, unless a limit
// stops it (a *codeWait). The limits are checked in the transaction that writes the code and its SMS,
// so that requests at the same moment cannot all pass them.
func (s *Server) sendCode(ctx context.Context, user *queries.User, mobile, purpose, boundTo string) error {
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
	now := s.clock.Now()
	expires := now.Add(codeValid) // the text, too, is not sent after that
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		wait, err := s.codeSendWait(ctx, q, user.ID, mobile, purpose, boundTo)
		if err != nil {
			return err
		}
		if wait != nil {
			return wait
		}
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
	codeNone     codeProblem = "signin_codes.none"
	codeWrong    codeProblem = "signin_codes.wrong"
	codeExpired  codeProblem = "signin_codes.expired"
	codeUsedUp   codeProblem = "signin_codes.too_many_tries"
	codeRequired codeProblem = "signin_codes.required"
	codeNoTry    codeProblem = "signin_codes.start_again" // nothing compared: the sign-in has no tries left, or the account is locked
)

// A guess is one try at a second factor, and the limits it counts against.
type guess struct {
	user    int64  // the account: its lock for wrong codes holds and counts (0: none, when proving a new number)
	attempt string // the sign-in, whose tries are limited (sessionstore.AttemptID; "" on a reset link)
	purpose string // an SMS code: its purpose, what it is bound to and what was typed ("" for an app or passkey)
	boundTo string
	typed   string
}

// checkFactorCode compares a code typed on a page that asks for the method: the authenticator app's, or
// the SMS code sent for g's purpose (an app's guess carries no purpose).
func (s *Server) checkFactorCode(c echo.Context, method string, g guess, code string) (guessResult, error) {
	switch method {
	case methodTOTP:
		g.purpose, g.boundTo = "", ""
		return s.checkTOTP(c, g, code)
	case methodSMS:
		return s.checkCode(c, g, code)
	}
	return guessResult{problem: codeNone}, nil
}

// guessResult is what came of a guess.
type guessResult struct {
	problem codeProblem   // codeOK: the guess was right
	ended   bool          // the sign-in has no tries left: it starts again
	lock    time.Duration // the account is locked for wrong codes, for this long
}

// errNoTry rolls back a transaction that could not take every try a guess needs.
var errNoTry = errors.New("no try left")

// tryFactor checks a guess at a second factor. Before anything is compared it takes a try from every
// limit that applies, all counted and checked in one write transaction: the account's lock for wrong
// codes (nothing is compared while it holds), the sign-in's tries and the SMS code's own. Only a
// request that got its tries compares, so guesses sent at once cannot get past a limit. An SMS code is
// compared here; an app code or a passkey by check. A right guess clears the account's count (it was
// taken in advance); a wrong one is recorded (wrongGuess).
func (s *Server) tryFactor(c echo.Context, g guess, check func() (codeProblem, error)) (guessResult, error) {
	ctx := c.Request().Context()
	var res guessResult
	var code queries.TakeCodeTryRow
	var lastTry, locks bool
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if g.user != 0 {
			wait, last, err := s.takeTry(ctx, q, codeThrottle, codeThrottle.key(userKey(g.user)))
			if err != nil {
				return err
			}
			if wait > 0 {
				res.problem, res.lock = codeNoTry, wait
				return errNoTry
			}
			locks = last
		}
		if g.attempt != "" {
			n, err := q.TakeSignInTry(ctx, queries.TakeSignInTryParams{IDHash: g.attempt, MaxTries: maxFactorTry})
			if errors.Is(err, sql.ErrNoRows) {
				res.problem, res.ended = codeNoTry, true
				return errNoTry
			}
			if err != nil {
				return err
			}
			lastTry = n >= maxFactorTry
		}
		if g.purpose == "" {
			return nil
		}
		var err error
		code, err = q.TakeCodeTry(ctx, queries.TakeCodeTryParams{BoundTo: g.boundTo, Purpose: g.purpose, MaxTries: codeMaxTries, Now: s.clock.Now()})
		if errors.Is(err, sql.ErrNoRows) {
			if res.problem, err = noCodeTry(ctx, q, g); err == nil {
				err = errNoTry
			}
		}
		return err
	})
	if errors.Is(err, errNoTry) { // refused before comparing: nothing was counted
		return res, nil
	}
	if err != nil {
		return res, err
	}
	if g.purpose != "" {
		res.problem, err = s.compareCode(ctx, code, g)
	} else {
		res.problem, err = check()
	}
	switch {
	case err != nil:
		return res, err
	case res.problem == codeOK && g.user != 0:
		return res, s.db.W.ClearThrottle(ctx, codeThrottle.key(userKey(g.user)))
	case res.problem != codeWrong:
		return res, nil
	}
	if g.purpose != "" && code.Tries >= codeMaxTries {
		res.problem = codeUsedUp
	}
	res.ended = lastTry
	if locks {
		res.lock = codeThrottle.lock
	}
	return res, s.wrongGuess(c, g, res)
}

// noCodeTry says why no try at the attempt's newest code could be taken.
func noCodeTry(ctx context.Context, q *queries.Queries, g guess) (codeProblem, error) {
	c, err := q.LatestCode(ctx, queries.LatestCodeParams{BoundTo: g.boundTo, Purpose: g.purpose})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return codeNone, nil
	case err != nil:
		return "", err
	case c.UsedAt.Valid:
		return codeNone, nil
	case c.Tries >= codeMaxTries:
		return codeUsedUp, nil
	}
	return codeExpired, nil
}

// compareCode compares the typed SMS code with the code a try was taken at; a right one is used up.
func (s *Server) compareCode(ctx context.Context, code queries.TakeCodeTryRow, g guess) (codeProblem, error) {
	if len(g.typed) > codeLengthLimit || !factor.SameHash(code.CodeHash, factor.HashCode(g.boundTo, g.typed)) {
		return codeWrong, nil
	}
	n, err := s.db.W.UseCode(ctx, queries.UseCodeParams{Now: sqlTime(s.clock.Now()), ID: code.ID})
	if err != nil || n != 1 { // n == 0: used by a request that came in at the same moment
		return codeNone, err
	}
	return codeOK, nil
}

// wrongGuess records a wrong guess at an account's second factor: against the client's address (one
// address trying codes for many accounts is stopped like one guessing passwords), and among the
// account's events when it locked the account or ended the sign-in.
func (s *Server) wrongGuess(c echo.Context, g guess, res guessResult) error {
	if g.user == 0 {
		return nil
	}
	if _, err := s.recordFailure(c.Request().Context(), s.throttles.address, s.throttles.address.key(c.RealIP())); err != nil {
		return err
	}
	if res.lock > 0 {
		if err := s.accountEvent(c, g.user, "locked"); err != nil {
			return err
		}
	}
	if g.attempt != "" && (res.ended || res.lock > 0) {
		return s.accountEvent(c, g.user, "sign_in_failed")
	}
	return nil
}

// checkCode checks a typed SMS code against the newest one sent for the guess's attempt.
func (s *Server) checkCode(c echo.Context, g guess, typed string) (guessResult, error) {
	if g.typed = factor.Normalize(typed); g.typed == "" {
		return guessResult{problem: codeRequired}, nil
	}
	return s.tryFactor(c, g, nil)
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
