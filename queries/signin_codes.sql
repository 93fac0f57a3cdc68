-- name: CreateCode :exec
INSERT INTO one_time_codes (user_id, purpose, bound_to, code_hash, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: LatestCode :one
-- The newest code sent for this attempt and purpose.
SELECT * FROM one_time_codes WHERE bound_to = ? AND purpose = ? ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: NthLatestCodeSince :one
-- When the user was sent the code that is skip codes newer than since: for the limit on codes an hour,
-- the one that must age out before another may be sent. No row: fewer codes than that.
SELECT created_at FROM one_time_codes WHERE user_id = @user_id AND created_at > @since
ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET @skip;

-- name: TakeCodeTry :one
-- Takes one try at the newest code for the attempt before it is compared: counted and checked in one
-- statement on the writer, so that tries sent at once cannot get past the limit. No row: no try left
-- (the code is used, used up or expired: LatestCode tells which).
UPDATE one_time_codes SET tries = one_time_codes.tries + 1
WHERE one_time_codes.id = (SELECT newest.id FROM one_time_codes AS newest WHERE newest.bound_to = @bound_to AND newest.purpose = @purpose
            ORDER BY newest.created_at DESC, newest.id DESC LIMIT 1)
  AND one_time_codes.tries < @max_tries AND one_time_codes.used_at IS NULL AND one_time_codes.expires_at > @now
RETURNING id, code_hash, tries;

-- name: UseCode :execrows
UPDATE one_time_codes SET used_at = @now WHERE id = @id AND used_at IS NULL;
