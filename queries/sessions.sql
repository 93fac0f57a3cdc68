-- name: LoadSession :one
-- Everything a request needs to know who is asking, in one statement: the session, its user, the
-- version of the clinic's settings (to see whether the ones in memory are still current), and whether
-- the user holds a live authorisation to someone else's portal (the menu's switcher, read at every
-- request so that it follows staff and patients at once; the index authorisations_live).
SELECT sqlc.embed(sessions), sqlc.embed(users),
    (SELECT version FROM clinic_settings WHERE id = 1) AS clinic_version,
    CAST(EXISTS (SELECT 1 FROM authorisations a WHERE a.grantee_id = users.id AND a.ended_at IS NULL) AS INTEGER) AS live_grants
FROM sessions JOIN users ON users.id = sessions.user_id
WHERE sessions.id_hash = ?;

-- name: CreateSession :exec
INSERT INTO sessions (id_hash, user_id, data, created_at, last_seen_at, expires_at, address, user_agent)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: SaveSessionData :exec
UPDATE sessions SET data = ? WHERE id_hash = ?;

-- name: TakeSignInTry :one
-- Takes one try at a second factor for the sign-in this session is, before anything is compared:
-- counted and checked in one statement. No row: no try left, or the session is gone.
UPDATE sessions SET factor_tries = factor_tries + 1 WHERE id_hash = @id_hash AND factor_tries < @max_tries
RETURNING factor_tries;

-- name: TouchSession :exec
UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE id_hash = ?;

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expires_at <= @now OR last_seen_at <= @idle_before;

-- name: ListUserSessions :many
SELECT id_hash, created_at, last_seen_at, expires_at, address, user_agent, data FROM sessions
WHERE user_id = ? ORDER BY last_seen_at DESC;

-- name: DeleteUserSession :execrows
DELETE FROM sessions WHERE id_hash = ? AND user_id = ?;

-- name: DeleteOtherSessions :exec
-- Ends every session of the user except the one given (after a password change or reset).
DELETE FROM sessions WHERE user_id = @user_id AND id_hash <> @keep;
