-- name: CreatePasswordReset :exec
INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?);

-- name: GetPasswordReset :one
-- A reset link that can still be used.
SELECT * FROM password_resets WHERE token_hash = @token_hash AND used_at IS NULL AND expires_at > @now;

-- name: UsePasswordReset :execrows
UPDATE password_resets SET used_at = @now WHERE token_hash = @token_hash AND used_at IS NULL AND expires_at > @now;

-- name: DeleteUserSessions :exec
DELETE FROM sessions WHERE user_id = ?;
