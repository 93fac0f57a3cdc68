package handlers

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// The back office's view of a portal account: activated or not, the latest invitation and its
// state, locks (with unlock), the terms accepted and what happened to the account lately.

type patientPage struct {
	personData
	Account     accountPanel
	SharedDiary []queries.ListSharedDiaryEntriesRow // only what the patient shared
	Documents   []queries.ListDocumentsForStaffRow
}

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

// accountEventsShown is how many recent account events the panels list.
const accountEventsShown = 10

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

// unlockPatient lifts a lock on a patient's account (staff, after checking who is calling).
func (s *Server) unlockPatient(c echo.Context) error {
	p := *state(c).Patient
	err := s.changeAccount(c, &p, "unlocked", func(ctx context.Context, q *queries.Queries) error {
		for _, key := range s.lockKeys(p) {
			if err := q.ClearThrottle(ctx, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/patienten/"+strconv.FormatInt(p.ID, 10), "account.notice_unlocked")
}
