package handlers

import (
	"context"
	"time"

	"balie/queries"
)

// The back office's view of a portal account: activated or not, the latest invitation and its
// state, locks (with unlock), the terms accepted and what happened to the account lately.

type invitationView struct {
	SentAt       time.Time
	ValidUntil   time.Time
	State        string // linkValid, linkUsed, linkExpired, linkLocked
	RenewalAsked bool
}

type accountPanel struct {
	Active     bool
	UserName   string
	Invitation *invitationView
	Locked     bool
	Events     []queries.AccountEvent
	Terms      []queries.TermsAcceptance
}

func (s *Server) accountPanel(ctx context.Context, u queries.User) (accountPanel, error) {
	panel := accountPanel{Active: u.PasswordHash.Valid, UserName: u.UserName.String}
	acts, err := s.db.R.ListActivations(ctx, queries.ListActivationsParams{UserID: u.ID, Limit: 1})
	if err != nil {
		return panel, err
	}
	if len(acts) == 1 {
		a := acts[0]
		v := &invitationView{SentAt: a.CreatedAt, ValidUntil: a.ExpiresAt, RenewalAsked: a.RenewalAskedAt.Valid}
		v.State = invitationState(a.UsedAt, a.LockedAt, a.ExpiresAt, false, s.clock.Now())
		panel.Invitation = v
	}
	for _, key := range s.lockKeys(u) {
		wait, err := s.lockedFor(ctx, key)
		if err != nil {
			return panel, err
		}
		panel.Locked = panel.Locked || wait > 0
	}
	if panel.Events, err = s.db.R.ListAccountEvents(ctx, queries.ListAccountEventsParams{UserID: u.ID, Limit: accountEventsShown}); err != nil {
		return panel, err
	}
	panel.Terms, err = s.db.R.ListTermsAcceptances(ctx, u.ID)
	return panel, err
}

// lockKeys are the throttle keys that can lock the account: its names and its codes.
func (s *Server) lockKeys(u queries.User) []string {
	keys := []string{s.throttles.account.key(u.Email), codeThrottle.key(userKey(u.ID))}
	if u.UserName.Valid {
		keys = append(keys, s.throttles.account.key(u.UserName.String))
	}
	return keys
}
