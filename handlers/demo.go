package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// outboxShown is how many of the latest mails and text messages the demo outbox shows.
const outboxShown = 200

type outboxData struct {
	Messages []queries.Outbox
}

// demoOutbox shows, in demo mode only, every mail and SMS Balie would have sent, links clickable.
func (s *Server) demoOutbox(c echo.Context) error {
	msgs, err := s.db.R.ListOutbox(c.Request().Context(), outboxShown)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "outbox", outboxData{Messages: msgs})
}
