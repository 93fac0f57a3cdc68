-- name: CreateActivation :exec
INSERT INTO activations (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?);

-- name: GetActivation :one
-- An invitation link with its account, whatever its state (the page explains used, expired, locked).
SELECT a.token_hash, a.created_at, a.expires_at, a.used_at, a.locked_at, a.renewal_asked_at, a.birth_date_failures,
       u.id AS user_id, u.role, u.given_name, u.name_prefix, u.family_name, u.email, u.birth_date, u.locale,
       u.password_hash
FROM activations a JOIN users u ON u.id = a.user_id
WHERE a.token_hash = ? AND u.active = 1;

-- name: ListActivations :many
SELECT * FROM activations WHERE user_id = ? ORDER BY created_at DESC LIMIT ?;

-- name: ExpireOpenActivations :exec
-- A new invitation replaces the ones still open.
UPDATE activations SET expires_at = @now WHERE user_id = @user_id AND used_at IS NULL AND expires_at > @now;

-- name: TakeBirthDateTry :one
-- A try at the birth date, taken before it is compared: none (no row) unless the link is open; the try
-- that reaches @max_tries locks the link.
UPDATE activations SET birth_date_failures = birth_date_failures + 1,
    locked_at = CASE WHEN birth_date_failures + 1 >= @max_tries THEN @now ELSE locked_at END
WHERE token_hash = @token_hash AND used_at IS NULL AND locked_at IS NULL AND expires_at > @now
RETURNING birth_date_failures;

-- name: GiveBirthDateTryBack :execrows
-- A right birth date gives its try back, and lifts the lock when that try set it (@took_lock: nothing
-- else changes a locked link); a lock that another try set holds (no row).
UPDATE activations SET birth_date_failures = birth_date_failures - 1, locked_at = NULL
WHERE token_hash = @token_hash AND (locked_at IS NULL OR CAST(@took_lock AS BOOLEAN));

-- name: AskRenewal :execrows
UPDATE activations SET renewal_asked_at = @now WHERE token_hash = @token_hash AND renewal_asked_at IS NULL;

-- name: UseActivation :execrows
UPDATE activations SET used_at = @now
WHERE token_hash = @token_hash AND used_at IS NULL AND locked_at IS NULL AND expires_at > @now;

-- name: SetPassword :exec
UPDATE users SET password_hash = ? WHERE id = ?;

-- name: SetUserName :exec
UPDATE users SET user_name = ? WHERE id = ?;

-- name: EmailHasAccount :one
-- Another active account with a password on this e-mail address.
SELECT count(*) FROM users WHERE email = @email AND id <> @id AND active = 1 AND password_hash IS NOT NULL;
