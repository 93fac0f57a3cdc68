package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/internal/sessionstore"
	"balie/queries"
)

// A session passes through stages; only a full one opens the portal or the back office. A session
// in an earlier stage can reach only its own stage's pages (and sign out).
const (
	stageActivate = "activate" // invitation link with the birth date confirmed: choose name and password
	stageFactor   = "factor"   // password checked: the second factor is due
	stageSetup    = "setup"    // no second factor yet: one must be set up
	stageTerms    = "terms"    // new terms of use to accept
	stageReset    = "reset"    // reset link and second factor checked: choose a new password
	stageFull     = "full"

	stageKey = "stage"
)

// stagePages is where a session in each unfinished stage belongs.
var stagePages = map[string]string{
	stageActivate: "/activeren/gegevens",
	stageFactor:   "/inloggen/code",
	stageSetup:    "/inloggen/beveiliging",
	stageTerms:    "/voorwaarden",
	stageReset:    "/wachtwoord-herstellen/nieuw",
}

// stageAccess maps the access level of a stage's own routes to that stage.
var stageAccess = map[access]string{
	inActivation: stageActivate,
	inFactor:     stageFactor,
	inSetup:      stageSetup,
	inTerms:      stageTerms,
	inReset:      stageReset,
}

func stageOf(st *requestState) string {
	if st.Session == nil {
		return ""
	}
	stage, _ := st.Session.Values[stageKey].(string)
	return stage
}

// toStagePage sends a session that is not finished to the page of its stage.
func (s *Server) toStagePage(c echo.Context, stage string) error {
	target, ok := stagePages[stage]
	if !ok { // a session without a known stage is not trusted at all
		return s.redirectToSignIn(c, reasonEnded)
	}
	return navigate(c, target)
}

// enterStage replaces the request's session by a new one (a new id: the session gains rights) in the
// given stage, holding values.
func (s *Server) enterStage(c echo.Context, userID int64, stage string, values map[string]any) error {
	st := state(c)
	if st.Session != nil {
		if err := s.destroySession(c, st.Session); err != nil {
			return err
		}
	}
	if values == nil {
		values = map[string]any{}
	}
	values[stageKey] = stage
	sess, err := s.sessions.Start(c.Request(), c.Response(), userID, values)
	if err != nil {
		return err
	}
	st.Session = sess
	st.Meta, _ = sessionstore.MetaOf(sess)
	return nil
}

// saveSession stores changed session values.
func (s *Server) saveSession(c echo.Context) error {
	return state(c).Session.Save(c.Request(), c.Response())
}

// nextStage is where a user goes once the password (or activation) and the second factor are done:
// set up a factor if there is none, accept new terms (patients), else the portal.
func (s *Server) nextStage(ctx context.Context, u *queries.User, factorDone bool) (string, error) {
	// Only factors of kinds the clinic allows count: a user whose only factor was switched off sets up
	// an allowed one.
	fs, err := s.usableFactors(ctx, u.ID)
	if err != nil {
		return "", err
	}
	switch {
	case len(fs) == 0:
		return stageSetup, nil
	case !factorDone:
		return stageFactor, nil
	}
	if u.Role == "patient" {
		pending, err := s.termsPending(ctx, u.ID)
		if err != nil || pending {
			return stageTerms, err
		}
	}
	return stageFull, nil
}

// termsPending reports whether the latest terms of use wait for the user's acceptance.
func (s *Server) termsPending(ctx context.Context, userID int64) (bool, error) {
	t, err := s.db.R.LatestTerms(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // the clinic has not written terms yet
	}
	if err != nil {
		return false, err
	}
	n, err := s.db.R.HasAcceptedTerms(ctx, queries.HasAcceptedTermsParams{UserID: userID, Version: t.Version})
	return n == 0, err
}

// goToStage enters stage and sends the browser to its page, or home when the session is full.
func (s *Server) goToStage(c echo.Context, u *queries.User, stage string, values map[string]any) error {
	target, err := s.moveToStage(c, u, stage, values)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// moveToStage enters stage and returns its page, or home when the session is full (for answers that
// are not a redirect, such as a passkey ceremony's JSON).
func (s *Server) moveToStage(c echo.Context, u *queries.User, stage string, values map[string]any) (string, error) {
	if err := s.enterStage(c, u.ID, stage, values); err != nil {
		return "", err
	}
	if stage == stageFull {
		return homeOf(u.Role), nil
	}
	return stagePages[stage], nil
}
