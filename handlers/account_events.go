package handlers

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// accountEventsShown is how many recent account events the panels list.
const accountEventsShown = 10

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
