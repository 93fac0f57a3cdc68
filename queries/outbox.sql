-- name: ListOutbox :many
SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?;
