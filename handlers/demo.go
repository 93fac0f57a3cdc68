package handlers

import (
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// outboxShown is how many of the latest mails and text messages the demo outbox shows.
const outboxShown = 200

type outboxData struct {
	Messages []demoMessage
}

// demoMessage is an outbox row with its text cut into parts, so that the page can show the codes in an
// SMS large and apart (and the links in a mail clickable).
type demoMessage struct {
	queries.Outbox
	Parts []textPart
}

type textPart struct {
	Text string
	Code bool
}

// smsCode finds the codes in a text message.
var smsCode = regexp.MustCompile(`\b[0-9]{6}\b`)

func textParts(m queries.Outbox) []textPart {
	if m.Channel != "sms" {
		return []textPart{{Text: m.BodyText}}
	}
	var parts []textPart
	last := 0
	for _, loc := range smsCode.FindAllStringIndex(m.BodyText, -1) {
		parts = append(parts, textPart{Text: m.BodyText[last:loc[0]]}, textPart{Text: m.BodyText[loc[0]:loc[1]], Code: true})
		last = loc[1]
	}
	return append(parts, textPart{Text: m.BodyText[last:]})
}

// demoOutbox shows, in demo mode only, every mail and SMS Balie would have sent, links clickable.
func (s *Server) demoOutbox(c echo.Context) error {
	msgs, err := s.db.R.ListOutbox(c.Request().Context(), outboxShown)
	if err != nil {
		return err
	}
	data := outboxData{Messages: make([]demoMessage, len(msgs))}
	for i, m := range msgs {
		data.Messages[i] = demoMessage{Outbox: m, Parts: textParts(m)}
	}
	return s.render(c, http.StatusOK, "demo", data)
}
