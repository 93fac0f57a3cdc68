-- name: CreateActivation :exec
INSERT INTO activations (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?);

-- name: GetActivation :one
-- An activation link that can still be used, with its account.
SELECT a.token_hash, a.expires_at, u.id AS user_id, u.role, u.given_name, u.name_prefix, u.family_name, u.email
FROM activations a JOIN users u ON u.id = a.user_id
WHERE a.token_hash = @token_hash AND a.used_at IS NULL AND a.expires_at > @now AND u.active = 1;

-- name: UseActivation :execrows
UPDATE activations SET used_at = @now WHERE token_hash = @token_hash AND used_at IS NULL AND expires_at > @now;

-- name: SetPassword :exec
UPDATE users SET password_hash = ? WHERE id = ?;
