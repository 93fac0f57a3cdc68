package handlers

import (
	"context"

	"balie/internal/mail"
	"balie/internal/outbox"
	"balie/queries"
)

// queueMail writes a mail of kind, in the recipient's language, to the outbox in the caller's
// transaction, so that it goes out only if the change that causes it is stored (design.md §7). Mails
// say that something waits in the portal, never what (see internal/mail).
func (s *Server) queueMail(ctx context.Context, q *queries.Queries, to, locale, kind string, data map[string]any) error {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	m, err := mail.Compose(s.views.Translator(locale), clinic, kind, data)
	if err != nil {
		return err
	}
	return outbox.EnqueueEmail(ctx, q, s.clock.Now(), to, locale, m)
}
