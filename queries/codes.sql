-- name: CreateCode :exec
INSERT INTO one_time_codes (user_id, purpose, bound_to, code_hash, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: LatestCode :one
-- The newest code sent for this attempt and purpose.
SELECT * FROM one_time_codes WHERE bound_to = ? AND purpose = ? ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: CountCodesSince :one
-- How many codes this user was sent lately, for the rate limit on sending.
SELECT count(*) FROM one_time_codes WHERE user_id = ? AND created_at > ?;

-- name: AddCodeTry :exec
UPDATE one_time_codes SET tries = tries + 1 WHERE id = ?;

-- name: UseCode :execrows
UPDATE one_time_codes SET used_at = @now WHERE id = @id AND used_at IS NULL;
