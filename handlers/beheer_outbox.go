package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/internal/outbox"
	"balie/queries"
)

// How many rows the administrator's outbox page shows of each list.
const (
	adminOutboxUnsent = 200
	adminOutboxSent   = 50
)

type adminOutboxData struct {
	Unsent []queries.Outbox // failed first, then the queue
	Sent   []queries.Outbox // sent, or expired before it could be; most recent first
	NoSMTP bool             // mail waits: no SMTP server configured
	NoSMS  bool             // SMS waits: no SMS token configured
}

// adminOutbox shows the administrator what mail and SMS is queued and what failed, and what went out
// lately. It shows recipients, subjects and errors, never the bodies: those hold activation links and
// sign-in codes.
func (s *Server) adminOutbox(c echo.Context) error {
	ctx := c.Request().Context()
	data := adminOutboxData{
		NoSMTP: !s.cfg.Demo && s.cfg.SMTPHost == "",
		NoSMS:  !s.cfg.Demo && s.cfg.SMSToken == "",
	}
	var err error
	if data.Unsent, err = s.db.R.ListOutboxUnsent(ctx, adminOutboxUnsent); err != nil {
		return err
	}
	if data.Sent, err = s.db.R.ListOutboxFinished(ctx, adminOutboxSent); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "beheer_outbox", data)
}

// retryOutbox puts a failed message back in the queue (Post/Redirect/Get). A message that is no longer
// failed (a second click) is left alone.
func (s *Server) retryOutbox(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return s.refuse(c, objOutbox, 0, 0)
	}
	err = outbox.Retry(c.Request().Context(), s.db.W, id, s.clock.Now())
	switch {
	case errors.Is(err, outbox.ErrNotFound):
		return s.refuse(c, objOutbox, id, 0)
	case err != nil && !errors.Is(err, outbox.ErrNotFailed):
		return err
	}
	s.wakeOutbox() // now, not at the worker's next look
	return redirectWithNotice(c, "/praktijk/beheer/uitgaand", "beheer_outbox.notice_retried")
}
