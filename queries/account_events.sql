-- name: AddAccountEvent :exec
INSERT INTO account_events (user_id, at, kind, address, user_agent, actor_id) VALUES (?, ?, ?, ?, ?, ?);

-- name: ListAccountEvents :many
SELECT * FROM account_events WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?;
