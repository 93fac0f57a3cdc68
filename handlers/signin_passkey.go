package handlers

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/labstack/echo/v4"

	"balie/internal/sessionstore"
	"balie/queries"
)

// Passkeys (WebAuthn, design.md §5) through github.com/go-webauthn/webauthn, in three ceremonies:
//
//   - setup: add a passkey as a factor, in the setup stage of a sign-in (/inloggen/beveiliging/passkey)
//     or from the security page (/account/beveiliging/nieuw/passkey);
//   - the second step of a sign-in, after the password (/inloggen/code/passkey);
//   - sign-in without a password (/inloggen/passkey): a passkey is something the user has, unlocked
//     with a fingerprint, face or PIN (user verification is required here), so it counts for both steps.
//
// Each ceremony is two JSON requests from static/passkey.js: begin answers the options for
// navigator.credentials.create/get, finish checks what the authenticator signed. What begin promised
// (the challenge above all) stays on the server until finish, and is used once:
//
//   - with a session (setup, second step) in the server-side session, as JSON;
//   - without one (sign-in without a password) in a small in-memory store, keyed by a random id in a
//     short-lived HttpOnly cookie. Nothing of the ceremony travels in the cookie, so no signing key is
//     needed and a ceremony cannot be replayed: finish takes it out of the store. The store holds at
//     most passkeyPendingMax ceremonies of passkeyCeremonyTTL each, so memory stays bounded whatever
//     visitors do; a restart forgets them, which costs a visitor one more tap. Creating a session row
//     for every anonymous visitor who taps the button would cost more and protect nothing more.
const (
	passkeyRegisterKey = "passkey_register" // session value: the registration ceremony
	passkeyAssertKey   = "passkey_assert"   // session value: the second-step ceremony
	passkeyCeremonyTTL = 5 * time.Minute
	passkeyPendingMax  = 10_000
	passkeyBodyLimit   = 64 << 10
)

// ceremony is what begin promised, until finish.
type ceremony struct {
	Data    webauthn.SessionData `json:"data"`
	Expires time.Time            `json:"expires"`
}

// passkeyAnswer is the JSON the script gets back from a finish (and from a refused begin).
type passkeyAnswer struct {
	Redirect string `json:"redirect,omitempty"`
	Error    string `json:"error,omitempty"`
}

// relyingParty is the WebAuthn configuration: this site's host name is the RP ID, its address the only
// origin, the clinic's name what the browser shows. It is made per ceremony because the clinic can
// rename itself.
func (s *Server) relyingParty(ctx context.Context) (*webauthn.WebAuthn, error) {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return nil, err
	}
	return newRelyingParty(s.cfg.BaseURL, clinic.Name)
}

func newRelyingParty(baseURL, name string) (*webauthn.WebAuthn, error) {
	origin := strings.TrimRight(baseURL, "/")
	u, err := url.Parse(origin)
	if err != nil {
		return nil, err
	}
	timeout := webauthn.TimeoutConfig{Timeout: passkeyCeremonyTTL, TimeoutUVD: passkeyCeremonyTTL}
	return webauthn.New(&webauthn.Config{
		RPID:                  u.Hostname(),
		RPDisplayName:         name,
		RPOrigins:             []string{origin},
		AttestationPreference: protocol.PreferNoAttestation,
		Timeouts:              webauthn.TimeoutsConfig{Login: timeout, Registration: timeout},
	})
}

// passkeysOffered reports whether passkeys are offered: the clinic allows them and this site's address
// can have them. An IP address cannot (WebAuthn needs a host name); serve refuses one, but should an
// address still be unfit, passkeys are hidden and their requests refused rather than answered with 500.
func (s *Server) passkeysOffered(clinic queries.ClinicSetting) bool {
	return clinic.AllowPasskey == 1 && s.passkeyProblem == nil
}

// passkeyRefusal is the locale key of why a passkey ceremony cannot start here, or "" when it can.
func (s *Server) passkeyRefusal(ctx context.Context) (string, error) {
	if s.passkeyProblem != nil {
		return "signin_passkey.unavailable", nil
	}
	clinic, err := s.clinic(ctx)
	if err != nil {
		return "", err
	}
	if clinic.AllowPasskey != 1 {
		return "signin_passkey.not_allowed", nil
	}
	return "", nil
}

// refusePasskey answers a ceremony's script when passkeys cannot be used here; refused is false when
// they can and the ceremony goes on.
func (s *Server) refusePasskey(c echo.Context) (refused bool, err error) {
	key, err := s.passkeyRefusal(c.Request().Context())
	if err != nil || key == "" {
		return false, err
	}
	return true, s.passkeyError(c, http.StatusNotFound, key)
}

// passkeyUser is a user as WebAuthn sees them: a user handle and the passkeys they have.
type passkeyUser struct {
	user  *queries.User
	creds []webauthn.Credential
	ids   []int64  // the factor row of each credential
	raw   [][]byte // each credential as stored
}

// userHandle is the WebAuthn user handle: the account's id as 8 bytes. It is no personal data, and a
// handle that outlives its account finds nothing, because a credential is always looked up by its
// own id first and must belong to the handle's user.
func userHandle(id int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

func (p *passkeyUser) WebAuthnID() []byte                         { return userHandle(p.user.ID) }
func (p *passkeyUser) WebAuthnName() string                       { return accountLabel(p.user) }
func (p *passkeyUser) WebAuthnDisplayName() string                { return p.user.FullName() }
func (p *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

// passkeyUserOf loads the user's passkeys; only allowed ones (the clinic may switch passkeys off)
// when allowedOnly.
func (s *Server) passkeyUserOf(ctx context.Context, u *queries.User, allowedOnly bool) (*passkeyUser, error) {
	var fs []queries.Factor
	var err error
	if allowedOnly {
		fs, err = s.usableFactors(ctx, u.ID)
	} else {
		fs, err = s.db.R.ListFactors(ctx, u.ID)
	}
	if err != nil {
		return nil, err
	}
	p := &passkeyUser{user: u}
	for _, f := range fs {
		if f.Kind != "passkey" {
			continue
		}
		var cred webauthn.Credential
		if err := json.Unmarshal(f.Credential, &cred); err != nil {
			return nil, err
		}
		p.creds, p.ids, p.raw = append(p.creds, cred), append(p.ids, f.ID), append(p.raw, f.Credential)
	}
	return p, nil
}

// passkeyError answers a ceremony's script with a translated message.
func (s *Server) passkeyError(c echo.Context, status int, key string, pairs ...any) error {
	return c.JSON(status, passkeyAnswer{Error: s.tr(c).T(key, pairs...)})
}

// keepCeremony stores a ceremony in the session.
func (s *Server) keepCeremony(c echo.Context, key string, data *webauthn.SessionData) error {
	b, err := json.Marshal(ceremony{Data: *data, Expires: s.clock.Now().Add(passkeyCeremonyTTL)})
	if err != nil {
		return err
	}
	state(c).Session.Values[key] = string(b)
	return s.saveSession(c)
}

// takeCeremony takes the session's ceremony out (it is used once); ok is false when there is none or
// it is too old.
func (s *Server) takeCeremony(c echo.Context, key string) (webauthn.SessionData, bool, error) {
	st := state(c)
	raw, _ := st.Session.Values[key].(string)
	if raw == "" {
		return webauthn.SessionData{}, false, nil
	}
	delete(st.Session.Values, key)
	if err := s.saveSession(c); err != nil {
		return webauthn.SessionData{}, false, err
	}
	var cer ceremony
	if err := json.Unmarshal([]byte(raw), &cer); err != nil || !s.clock.Now().Before(cer.Expires) {
		return webauthn.SessionData{}, false, nil
	}
	return cer.Data, true, nil
}

// limitCeremonyBody keeps a ceremony's answer small: an authenticator's response is a few kilobytes.
func limitCeremonyBody(c echo.Context) {
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, passkeyBodyLimit)
}

// --- setup ---------------------------------------------------------------------------------------

// passkeySetupBegin answers the options to create a passkey: discoverable (so that it can sign in
// without a name), user verification preferred, not again on an authenticator that has one already.
func (s *Server) passkeySetupBegin(c echo.Context) error {
	ctx := c.Request().Context()
	if refused, err := s.refusePasskey(c); refused || err != nil {
		return err
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return err
	}
	pu, err := s.passkeyUserOf(ctx, state(c).User, false)
	if err != nil {
		return err
	}
	creation, session, err := rp.BeginRegistration(pu,
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{UserVerification: protocol.VerificationPreferred}),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired),
		webauthn.WithExclusions(webauthn.Credentials(pu.creds).CredentialDescriptors()),
	)
	if err != nil {
		return err
	}
	if err := s.keepCeremony(c, passkeyRegisterKey, session); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, creation)
}

// passkeySetupFinish checks the new passkey and stores it as a factor, then moves on as every new
// factor does (addFactor): to the next stage of the sign-in, or back to the security page.
func (s *Server) passkeySetupFinish(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	if refused, err := s.refusePasskey(c); refused || err != nil {
		return err
	}
	session, ok, err := s.takeCeremony(c, passkeyRegisterKey)
	if err != nil {
		return err
	}
	if !ok {
		return s.passkeyError(c, http.StatusBadRequest, "signin_passkey.expired")
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return err
	}
	pu, err := s.passkeyUserOf(ctx, st.User, false)
	if err != nil {
		return err
	}
	limitCeremonyBody(c)
	parsed, err := protocol.ParseCredentialCreationResponseBody(c.Request().Body)
	if err != nil {
		s.log.Info("passkey setup: unreadable answer", "id", st.ID, "err", err)
		return s.passkeyError(c, http.StatusBadRequest, "signin_passkey.setup_failed")
	}
	cred, err := rp.CreateCredential(pu, session, parsed)
	if err != nil {
		s.log.Info("passkey setup refused", "id", st.ID, "user", st.User.ID, "err", err)
		return s.passkeyError(c, http.StatusBadRequest, "signin_passkey.setup_failed")
	}
	if n, err := s.db.R.PasskeyCredentialExists(ctx, cred.ID); err != nil || n > 0 {
		if err != nil {
			return err
		}
		return s.passkeyError(c, http.StatusConflict, "signin_passkey.already")
	}
	stored, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	target, err := s.storeFactor(c, queries.CreateFactorParams{Kind: "passkey",
		CredentialID: cred.ID, Credential: stored}, 0)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, passkeyAnswer{Redirect: target})
}

// --- the second step of a sign-in ----------------------------------------------------------------

// passkeyFactorBegin answers the options to sign with one of the user's own passkeys.
func (s *Server) passkeyFactorBegin(c echo.Context) error {
	assertion, session, err := s.beginAssertion(c, state(c).User)
	if err != nil || session == nil {
		return err
	}
	if err := s.keepCeremony(c, passkeyAssertKey, session); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, assertion)
}

// beginAssertion makes the options to sign with one of u's own passkeys. When passkeys cannot be used
// here or u has none, it answers the error itself and returns a nil session.
func (s *Server) beginAssertion(c echo.Context, u *queries.User) (*protocol.CredentialAssertion, *webauthn.SessionData, error) {
	ctx := c.Request().Context()
	if refused, err := s.refusePasskey(c); refused || err != nil {
		return nil, nil, err
	}
	pu, err := s.passkeyUserOf(ctx, u, true)
	if err != nil {
		return nil, nil, err
	}
	if len(pu.creds) == 0 {
		return nil, nil, s.passkeyError(c, http.StatusNotFound, "signin_passkey.none")
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return nil, nil, err
	}
	return rp.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationPreferred))
}

// verifyAssertion checks a signature made by one of u's passkeys for the ceremony and stores the
// passkey's new state; false for any refusal (logged, not explained: the caller answers).
func (s *Server) verifyAssertion(c echo.Context, u *queries.User, session webauthn.SessionData) (bool, error) {
	ctx := c.Request().Context()
	pu, err := s.passkeyUserOf(ctx, u, true)
	if err != nil {
		return false, err
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return false, err
	}
	limitCeremonyBody(c)
	parsed, err := protocol.ParseCredentialRequestResponseBody(c.Request().Body)
	if err != nil {
		s.log.Info("passkey: unreadable answer", "id", state(c).ID, "err", err)
		return false, nil
	}
	cred, err := rp.ValidateLogin(pu, session, parsed)
	if err != nil {
		s.log.Info("passkey refused", "id", state(c).ID, "user", u.ID, "err", err)
		return false, nil
	}
	return s.passkeyUsed(ctx, pu, cred)
}

// passkeyCheck is verifyAssertion as the check of a guess (tryFactor): a refused signature is a wrong
// code.
func (s *Server) passkeyCheck(c echo.Context, u *queries.User, session webauthn.SessionData) func() (codeProblem, error) {
	return func() (codeProblem, error) {
		verified, err := s.verifyAssertion(c, u, session)
		if !verified {
			return codeWrong, err
		}
		return codeOK, err
	}
}

// passkeyFactorFinish checks the signature; a good one completes the sign-in as a right code does. A
// refused one counts as a wrong code.
func (s *Server) passkeyFactorFinish(c echo.Context) error {
	st := state(c)
	session, ok, err := s.takeCeremony(c, passkeyAssertKey)
	if err != nil {
		return err
	}
	if !ok {
		return s.passkeyError(c, http.StatusBadRequest, "signin_passkey.expired")
	}
	res, err := s.tryFactor(c, guess{user: st.User.ID, attempt: sessionstore.AttemptID(st.Session)}, s.passkeyCheck(c, st.User, session))
	if err != nil {
		return err
	}
	if res.problem != codeOK {
		ended, err := s.endFailedSignIn(c, res)
		switch {
		case err != nil:
			return err
		case ended && res.lock > 0:
			return c.JSON(http.StatusTooManyRequests, passkeyAnswer{Error: s.tr(c).T("signin_codes.start_again"), Redirect: signInAfter(reasonEnded)})
		case ended:
			return c.JSON(http.StatusUnauthorized, passkeyAnswer{Error: s.tr(c).T("signin_codes.start_again"), Redirect: signInAfter(reasonEnded)})
		}
		return s.passkeyError(c, http.StatusUnauthorized, "signin_passkey.failed")
	}
	target, err := s.factorPassed(c, st.User)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, passkeyAnswer{Redirect: target})
}

// passkeyUsed stores a verified credential's new state (sign count, flags). A credential that signed
// with a counter that did not go up may have been copied: it is refused, now and from then on (the
// warning is stored with it), and the user signs in another way and can remove it.
func (s *Server) passkeyUsed(ctx context.Context, pu *passkeyUser, cred *webauthn.Credential) (bool, error) {
	i := -1
	for j := range pu.creds {
		if string(pu.creds[j].ID) == string(cred.ID) {
			i = j
		}
	}
	if i < 0 {
		return false, nil
	}
	updated, err := json.Marshal(cred)
	if err != nil {
		return false, err
	}
	n, err := s.db.W.UpdatePasskeyCredential(ctx, queries.UpdatePasskeyCredentialParams{
		Credential: updated, Now: sqlTime(s.clock.Now()), ID: pu.ids[i], Previous: pu.raw[i]})
	if err != nil {
		return false, err
	}
	if cred.Authenticator.CloneWarning {
		s.log.Warn("passkey refused: its signature counter did not go up (a copy?)", "user", pu.user.ID, "factor", pu.ids[i])
		return false, nil
	}
	return n == 1, nil
}

// --- sign-in without a password ------------------------------------------------------------------

// pendingCeremonies holds the ceremonies of sign-ins without a password (see the top of this file).
type pendingCeremonies struct {
	mu    sync.Mutex
	items map[string]ceremony
	max   int
}

func newPendingCeremonies(max int) *pendingCeremonies {
	return &pendingCeremonies{items: map[string]ceremony{}, max: max}
}

// put stores a ceremony under a new random id and returns the id. When the store is full after the
// expired ones are gone, the oldest makes room.
func (p *pendingCeremonies) put(cer ceremony, now time.Time) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.items) >= p.max {
		oldest := ""
		for k, v := range p.items {
			if !now.Before(v.Expires) {
				delete(p.items, k)
			} else if oldest == "" || v.Expires.Before(p.items[oldest].Expires) {
				oldest = k
			}
		}
		if len(p.items) >= p.max {
			delete(p.items, oldest)
		}
	}
	p.items[id] = cer
	return id
}

// take removes the ceremony with the id and returns it if it is still valid.
func (p *pendingCeremonies) take(id string, now time.Time) (webauthn.SessionData, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cer, ok := p.items[id]
	delete(p.items, id)
	if !ok || !now.Before(cer.Expires) {
		return webauthn.SessionData{}, false
	}
	return cer.Data, true
}

// takePending takes the ceremony the request's cookie points at (once) and clears the cookie.
func (s *Server) takePending(c echo.Context) (webauthn.SessionData, bool) {
	defer s.setPasskeyCookie(c, "", -1)
	ck, err := c.Cookie(s.passkeyCookie())
	if err != nil {
		return webauthn.SessionData{}, false
	}
	return s.pendingPasskeys.take(ck.Value, s.clock.Now())
}

// passkeyCookie names the cookie that points at a pending sign-in ceremony; like the session cookie
// it is a __Host- cookie over https.
func (s *Server) passkeyCookie() string {
	if s.cfg.Secure() {
		return "__Host-balie-passkey"
	}
	return "balie-passkey"
}

func (s *Server) setPasskeyCookie(c echo.Context, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: s.passkeyCookie(), Value: value, Path: "/", MaxAge: maxAge,
		Secure: s.cfg.Secure(), HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// passkeySignInBegin answers the options to sign in with any passkey of this site (the browser
// offers the ones it knows); user verification is required, since there is no password.
func (s *Server) passkeySignInBegin(c echo.Context) error {
	ctx := c.Request().Context()
	if wait, err := s.lockedFor(ctx, s.throttles.address.key(c.RealIP())); err != nil || wait > 0 {
		if err != nil {
			return err
		}
		return s.passkeyLocked(c, wait)
	}
	if refused, err := s.refusePasskey(c); refused || err != nil {
		return err
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return err
	}
	assertion, session, err := rp.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return err
	}
	now := s.clock.Now()
	id := s.pendingPasskeys.put(ceremony{Data: *session, Expires: now.Add(passkeyCeremonyTTL)}, now)
	s.setPasskeyCookie(c, id, int(passkeyCeremonyTTL.Seconds()))
	return c.JSON(http.StatusOK, assertion)
}

func (s *Server) passkeyLocked(c echo.Context, wait time.Duration) error {
	minutes := int((wait + time.Minute - 1) / time.Minute)
	return s.passkeyError(c, http.StatusTooManyRequests, "signin_passkey.locked", "Minutes", minutes)
}

// passkeySignInFinish finds the account by the passkey the browser presents and checks its
// signature. Unknown passkeys and refused signatures get the same answer, and count against the
// visitor's address as wrong passwords do.
func (s *Server) passkeySignInFinish(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	addressKey := s.throttles.address.key(c.RealIP())
	if wait, err := s.lockedFor(ctx, addressKey); err != nil || wait > 0 {
		if err != nil {
			return err
		}
		return s.passkeyLocked(c, wait)
	}
	session, ok := s.takePending(c)
	if !ok {
		return s.passkeyError(c, http.StatusBadRequest, "signin_passkey.expired")
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return err
	}
	limitCeremonyBody(c)
	var found *passkeyUser
	lookup := func(rawID, handle []byte) (webauthn.User, error) {
		row, err := s.db.R.GetPasskeyByCredentialID(ctx, rawID)
		if err != nil {
			return nil, err
		}
		if string(handle) != string(userHandle(row.User.ID)) {
			return nil, errors.New("the user handle is not the credential's owner")
		}
		pu, err := s.passkeyUserOf(ctx, &row.User, true)
		if err != nil {
			return nil, err
		}
		found = pu
		return pu, nil
	}
	verified := false
	if parsed, err := protocol.ParseCredentialRequestResponseBody(c.Request().Body); err != nil {
		s.log.Info("passkey sign-in: unreadable answer", "id", st.ID, "err", err)
	} else if _, cred, err := rp.ValidatePasskeyLogin(lookup, session, parsed); err != nil {
		if !errors.Is(err, sql.ErrNoRows) {
			s.log.Info("passkey sign-in refused", "id", st.ID, "err", err)
		}
	} else if verified, err = s.passkeyUsed(ctx, found, cred); err != nil {
		return err
	}
	if verified {
		if wait, err := s.accountLockedFor(ctx, found.user); err != nil || wait > 0 {
			if err != nil {
				return err
			}
			return s.passkeyLocked(c, wait)
		}
		if st.Session != nil { // whatever session the browser had ends: this sign-in is someone's own
			if err := s.destroySession(c, st.Session); err != nil {
				return err
			}
			st.Session, st.User = nil, nil
		}
		if err := s.keepVisitorChoices(c, found.user); err != nil {
			return err
		}
		// The owner is here, as a right code proves: the count of wrong codes starts again.
		if err := s.db.W.ClearThrottle(ctx, codeThrottle.key(userKey(found.user.ID))); err != nil {
			return err
		}
		target, err := s.factorPassed(c, found.user)
		if err != nil {
			return err
		}
		s.log.Info("signed in with a passkey", "id", st.ID, "user", found.user.ID)
		return c.JSON(http.StatusOK, passkeyAnswer{Redirect: target})
	}
	if found != nil {
		if err := s.accountEvent(c, found.user.ID, "sign_in_failed"); err != nil {
			return err
		}
	}
	locked, err := s.recordFailure(ctx, s.throttles.address, addressKey)
	if err != nil {
		return err
	}
	if locked {
		s.log.Warn("passkey sign-in locked", "id", st.ID, "address_locked", true)
		return s.passkeyLocked(c, s.throttles.address.lock)
	}
	return s.passkeyError(c, http.StatusUnauthorized, "signin_passkey.failed")
}

// accountLockedFor is how long the account is still locked by wrong passwords (under its user name or
// e-mail address) or wrong codes. A lock holds for passkeys too: it was set for a reason staff can see.
func (s *Server) accountLockedFor(ctx context.Context, u *queries.User) (time.Duration, error) {
	var longest time.Duration
	for _, k := range s.lockKeys(*u) {
		wait, err := s.lockedFor(ctx, k)
		if err != nil {
			return 0, err
		}
		longest = max(longest, wait)
	}
	return longest, nil
}
