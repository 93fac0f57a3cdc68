-- name: GetThrottle :one
SELECT * FROM sign_in_throttle WHERE key = ?;

-- name: SetThrottle :exec
INSERT INTO sign_in_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
    failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until;

-- name: ClearThrottle :exec
DELETE FROM sign_in_throttle WHERE key = ?;

-- name: DeleteExpiredThrottles :execrows
-- Rows whose window began before @window_start_before and whose lock (if any) has ended count nothing any
-- more: without them a key behaves the same.
DELETE FROM sign_in_throttle WHERE window_start < @window_start_before AND (locked_until IS NULL OR locked_until <= @now);
