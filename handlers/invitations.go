package handlers

import (
	"context"
	"database/sql"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/token"
	"balie/queries"
)

// invite sends a new invitation to an account without a password: a one-time link, valid for the
// clinic's number of days, written with its mail (and for a patient its access-log row) in one
// transaction. Older open links stop working.
func (s *Server) invite(ctx context.Context, c echo.Context, u queries.User, kind string) error {
	now := s.clock.Now()
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	raw, hash, err := token.New()
	if err != nil {
		return err
	}
	days := clinic.InvitationDays
	staffID := sql.NullInt64{Int64: state(c).User.ID, Valid: true}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := q.ExpireOpenActivations(ctx, queries.ExpireOpenActivationsParams{Now: now, UserID: u.ID}); err != nil {
			return err
		}
		cl.addAccount(objInvitation, &u)
		if err := q.CreateActivation(ctx, queries.CreateActivationParams{TokenHash: hash, UserID: u.ID, CreatedBy: staffID,
			CreatedAt: now, ExpiresAt: now.Add(time.Duration(days) * 24 * time.Hour)}); err != nil {
			return err
		}
		if err := q.AddAccountEvent(ctx, queries.AddAccountEventParams{UserID: u.ID, At: now, Kind: "invited",
			Address: c.RealIP(), ActorID: staffID}); err != nil {
			return err
		}
		return s.queueMail(ctx, q, u.Email, u.Locale, kind, map[string]any{
			"Name": u.FullName(), "Days": days, "Link": s.absoluteURL("/activeren/" + raw)})
	})
	if err == nil {
		s.wakeOutbox()
	}
	return err
}
