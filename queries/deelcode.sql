-- One-time share codes (handlers/deelcode.go, the patient's page; handlers/inzien.go, the viewer).
-- A code is live while it is not revoked or locked and before coalesce(ends_at, unused_until).

-- name: CreateShareCode :one
-- A new code, unless the patient has @max_live live codes already: counted in the insert itself, so
-- that two at once cannot pass the limit (no row: the limit is reached).
INSERT INTO share_codes (patient_id, code_hash, label, areas, created_at, unused_until)
SELECT @patient_id, @code_hash, @label, @areas, @now, @unused_until
WHERE (SELECT count(*) FROM share_codes l WHERE l.patient_id = @patient_id AND l.revoked_at IS NULL
       AND l.locked_at IS NULL AND coalesce(l.ends_at, l.unused_until) > @now) < @max_live
RETURNING id;

-- name: ListShareCodes :many
-- The patient's codes, newest first.
SELECT id, label, areas, created_at, unused_until, first_used_at, ends_at, locked_at, revoked_at
FROM share_codes WHERE patient_id = @patient_id
ORDER BY id DESC LIMIT @limit;

-- name: ListShareCodeViews :many
-- What the viewers of the patient's codes read since @since, newest first (from the access log, through
-- the index of others' rows: a viewer has no actor_id).
SELECT l.share_code_id, l.at, l.object_type, l.action
FROM access_log l INDEXED BY access_log_by_others
WHERE l.patient_id = @patient_id AND l.actor_id IS NOT l.patient_id AND l.at >= @since
  AND l.share_code_id IS NOT NULL AND l.outcome = 'ok'
ORDER BY l.at DESC, l.id DESC
LIMIT @limit;

-- name: GetShareCode :one
SELECT id, label, areas, created_at, unused_until, first_used_at, ends_at, locked_at, revoked_at
FROM share_codes WHERE id = @id AND patient_id = @patient_id;

-- name: RevokeShareCode :execrows
-- Revoking ends the viewer's session at its next request.
UPDATE share_codes SET revoked_at = @now, session_hash = NULL
WHERE id = @id AND patient_id = @patient_id AND revoked_at IS NULL;

-- name: TakeShareCodeTry :one
-- A try at a live code, taken before the birth date is compared: the try that reaches @max_tries
-- locks the code. No row: no live code has this hash.
UPDATE share_codes SET failures = failures + 1,
    locked_at = CASE WHEN failures + 1 >= @max_tries THEN @now ELSE locked_at END
WHERE code_hash = @code_hash AND revoked_at IS NULL AND locked_at IS NULL
  AND coalesce(ends_at, unused_until) > @now
RETURNING id, patient_id;

-- name: OpenShareCode :exec
-- A right birth date: its try back (and the lock it set lifted), the 24 hours begun at the first right
-- entry, and the viewer's session (a new one replaces an earlier one).
UPDATE share_codes SET failures = 0, locked_at = NULL,
    first_used_at = coalesce(first_used_at, @now), ends_at = coalesce(ends_at, @ends_at),
    session_hash = @session_hash, session_seen_at = @now
WHERE id = @id;

-- name: GetViewerSession :one
-- The viewer's session of the cookie's hash, while its code is live and it has not been idle since
-- @idle_since; with the patient.
SELECT s.id, s.label, s.areas, s.ends_at, s.session_seen_at, sqlc.embed(users)
FROM share_codes s JOIN users ON users.id = s.patient_id
WHERE s.session_hash = @session_hash AND s.revoked_at IS NULL AND s.locked_at IS NULL
  AND s.ends_at > @now AND s.session_seen_at > @idle_since;

-- name: TouchViewerSession :exec
UPDATE share_codes SET session_seen_at = @now WHERE id = @id;

-- name: EndViewerSession :exec
UPDATE share_codes SET session_hash = NULL WHERE session_hash = @session_hash;
