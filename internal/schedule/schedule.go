// Package schedule runs the background rounds that queue mail from the database (appointment reminders,
// dossier summaries): each round is one write transaction of at most a batch, so that a process that
// stops mid-way leaves nothing half done and the next round, here or after a restart, carries on.
package schedule

import (
	"context"
	"log/slog"
	"time"
)

// Run calls round at once and then every every (a minute when 0), until ctx ends. A round that handled
// a whole batch is followed at once by another, so that a backlog clears without waiting. what names the
// work in the log when a round fails.
func Run(ctx context.Context, every time.Duration, batch int, round func(context.Context) (int, error), log *slog.Logger, what string) {
	if every == 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			n, err := round(ctx)
			if err != nil {
				if ctx.Err() == nil && log != nil {
					log.Error(what, "err", err)
				}
				break
			}
			if n < batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
