-- name: GetThrottle :one
SELECT * FROM sign_in_throttle WHERE key = ?;

-- name: SetThrottle :exec
INSERT INTO sign_in_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
    failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until;

-- name: ClearThrottle :exec
DELETE FROM sign_in_throttle WHERE key = ?;
