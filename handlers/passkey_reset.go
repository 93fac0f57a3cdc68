package handlers

import (
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/labstack/echo/v4"
)

// A passkey as the second factor of a password reset: the reset link names the account, the passkey
// proves its owner is here. The ceremony waits in the same store as sign-ins without a password.

func (s *Server) passkeyResetBegin(c echo.Context) error {
	ctx := c.Request().Context()
	r, u, err := s.resetLink(c)
	if err != nil {
		return err
	}
	if r == nil {
		return s.passkeyError(c, http.StatusGone, "reset.invalid")
	}
	pu, err := s.passkeyUserOf(ctx, u, true)
	if err != nil {
		return err
	}
	if len(pu.creds) == 0 {
		return s.passkeyError(c, http.StatusNotFound, "passkey.none")
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return err
	}
	assertion, session, err := rp.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return err
	}
	now := s.clock.Now()
	id := s.pendingPasskeys.put(ceremony{Data: *session, Expires: now.Add(passkeyCeremonyTTL)}, now)
	s.setPasskeyCookie(c, id, int(passkeyCeremonyTTL.Seconds()))
	return c.JSON(http.StatusOK, assertion)
}

func (s *Server) passkeyResetFinish(c echo.Context) error {
	ctx := c.Request().Context()
	r, u, err := s.resetLink(c)
	if err != nil {
		return err
	}
	if r == nil {
		return s.passkeyError(c, http.StatusGone, "reset.invalid")
	}
	var session webauthn.SessionData
	ok := false
	if ck, err := c.Cookie(s.passkeyCookie()); err == nil {
		session, ok = s.pendingPasskeys.take(ck.Value, s.clock.Now())
	}
	s.setPasskeyCookie(c, "", -1)
	if !ok {
		return s.passkeyError(c, http.StatusBadRequest, "passkey.expired")
	}
	pu, err := s.passkeyUserOf(ctx, u, true)
	if err != nil {
		return err
	}
	rp, err := s.relyingParty(ctx)
	if err != nil {
		return err
	}
	limitBody(c)
	verified := false
	if parsed, err := protocol.ParseCredentialRequestResponseBody(c.Request().Body); err != nil {
		s.log.Info("passkey reset: unreadable answer", "id", state(c).ID, "err", err)
	} else if cred, err := rp.ValidateLogin(pu, session, parsed); err != nil {
		s.log.Info("passkey reset refused", "id", state(c).ID, "user", u.ID, "err", err)
	} else if verified, err = s.passkeyUsed(ctx, pu, cred); err != nil {
		return err
	}
	if !verified {
		locked, err := s.recordFailure(ctx, codeThrottle, codeThrottle.key(userKey(u.ID)))
		if err != nil {
			return err
		}
		if locked {
			return s.passkeyLocked(c, codeThrottle.lock)
		}
		return s.passkeyError(c, http.StatusUnauthorized, "passkey.failed")
	}
	target, err := s.moveToStage(c, u, stageReset, map[string]any{resetKey: r.TokenHash})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, passkeyAnswer{Redirect: target})
}
