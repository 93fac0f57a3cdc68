package handlers

import (
	"context"
	"database/sql"
	"strconv"

	"balie/queries"
)

// QueueQuestionnaireFlagMail queues the mail about a flagged response in a transaction of its own, as
// the patient's submission does in its own (queueFlagMail).
func (s *Server) QueueQuestionnaireFlagMail(ctx context.Context, response string) error {
	id, err := strconv.ParseInt(response, 10, 64)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return s.queueFlagMail(ctx, q, id) })
}
