package handlers

import (
	"context"
	"database/sql"
	netmail "net/mail"
	"time"

	"balie/internal/agenda"
	"balie/internal/authorisation"
	"balie/internal/schedule"
	"balie/queries"
)

// SixteenNotices is the round that tells a parent, a month before the child's 16th birthday and on the
// day, that their access to the child's portal changes (seed 002: it ends then, unless the child
// consents from their own account). The mail names no child and no date other than the birthday's
// month-ahead: "Uw toegang tot het portaal van uw kind verandert", with a link to sign in; the parent
// knows whose birthday it is. Each mail is sent once: the row is marked in the transaction that queues
// it, with a conditional UPDATE, so two rounds at once send one.
type SixteenNotices struct{ s *Server }

// SixteenNotices is the round of the birthday mails; the serve and demo commands run it.
func (s *Server) SixteenNotices() *SixteenNotices { return &SixteenNotices{s} }

// sixteenLate is how long after the birthday the mail of the day is still sent (a server that was down
// on the day); after it the parent has found out.
const sixteenLate = 7

// Run queues due mails at once and then every minute, until ctx ends.
func (n *SixteenNotices) Run(ctx context.Context) {
	schedule.Run(ctx, 0, noticeBatchSize, n.Queue, n.s.log, "queueing the 16th birthday mails")
}

const noticeBatchSize = 200

// Queue queues the mails due now and returns how many.
func (n *SixteenNotices) Queue(ctx context.Context) (int, error) {
	s := n.s
	now := s.clock.Now()
	today := authorisation.DateOf(now, agenda.Zone)
	start := today.Start(time.UTC)
	var queued int
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		queued = 0
		due, err := q.DueSixteenNotices(ctx, queries.DueSixteenNoticesParams{
			From: start.AddDate(0, 0, -sixteenLate).Format(time.DateOnly), Until: start.AddDate(0, 1, 1).Format(time.DateOnly),
			Limit: noticeBatchSize})
		if err != nil {
			return err
		}
		for _, d := range due {
			birthday, err := time.Parse(time.DateOnly, d.Birthday16)
			if err != nil {
				return err
			}
			day := authorisation.DateOf(birthday, time.UTC)
			monthBefore := authorisation.DateOf(birthday.AddDate(0, -1, 0), time.UTC)
			var kind string
			var marked int64
			switch {
			case !today.Before(day):
				kind = "kinderen_sixteen_day"
				marked, err = q.MarkSixteenDayNotice(ctx, queries.MarkSixteenDayNoticeParams{Now: sqlTime(now), ID: d.ID})
			case !today.Before(monthBefore) && !d.NoticeMonthAt.Valid:
				kind = "kinderen_sixteen_month"
				marked, err = q.MarkSixteenMonthNotice(ctx, queries.MarkSixteenMonthNoticeParams{Now: sqlTime(now), ID: d.ID})
			}
			if err != nil {
				return err
			}
			// Not yet due, or marked by another round; an account without a usable address gets none; nor
			// does a parent the child has let in again since the birthday (a server that was down on the
			// day): the access has not changed for them.
			sinceBirthday := d.ChildConsentBy.Int64 == d.PatientID && !d.ChildConsentAt.Time.Before(day.Start(agenda.Zone))
			if marked == 0 || d.Active != 1 || (kind == "kinderen_sixteen_day" && sinceBirthday) {
				continue
			}
			if a, err := netmail.ParseAddress(d.Email); err != nil || a.Address != d.Email {
				continue
			}
			if err := s.queueMail(ctx, q, d.Email, d.Locale, kind, map[string]any{
				"Name": queries.FullName(d.GivenName, d.NamePrefix, d.FamilyName), "Link": s.absoluteURL("/inloggen")}); err != nil {
				return err
			}
			queued++
		}
		return nil
	})
	if err == nil && queued > 0 {
		s.wakeOutbox()
	}
	return queued, err
}
