package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// A passkey as the second factor of a password reset: the reset link names the account, the passkey
// proves its owner is here. The ceremony waits in the same store as sign-ins without a password.

func (s *Server) passkeyResetBegin(c echo.Context) error {
	r, u, err := s.resetLink(c)
	if err != nil {
		return err
	}
	if r == nil {
		return s.passkeyError(c, http.StatusGone, "signin_reset.invalid")
	}
	assertion, session, err := s.beginAssertion(c, u)
	if err != nil || session == nil {
		return err
	}
	now := s.clock.Now()
	id := s.pendingPasskeys.put(ceremony{Data: *session, Expires: now.Add(passkeyCeremonyTTL)}, now)
	s.setPasskeyCookie(c, id, int(passkeyCeremonyTTL.Seconds()))
	return c.JSON(http.StatusOK, assertion)
}

func (s *Server) passkeyResetFinish(c echo.Context) error {
	r, u, err := s.resetLink(c)
	if err != nil {
		return err
	}
	if r == nil {
		return s.passkeyError(c, http.StatusGone, "signin_reset.invalid")
	}
	session, ok := s.takePending(c)
	if !ok {
		return s.passkeyError(c, http.StatusBadRequest, "signin_passkey.expired")
	}
	res, err := s.tryFactor(c, guess{user: u.ID}, s.passkeyCheck(c, u, session))
	switch {
	case err != nil:
		return err
	case res.lock > 0:
		return s.passkeyLocked(c, res.lock)
	case res.problem != codeOK:
		return s.passkeyError(c, http.StatusUnauthorized, "signin_passkey.failed")
	}
	target, err := s.moveToStage(c, u, stageReset, map[string]any{resetKey: r.TokenHash})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, passkeyAnswer{Redirect: target})
}
