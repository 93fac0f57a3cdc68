-- name: ListOutbox :many
SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?;

-- Writes a mail or SMS to the outbox; call it with the queries of the transaction that causes it.
-- name: EnqueueOutbox :one
INSERT INTO outbox (channel, recipient, locale, subject, body_text, body_html, created_at, next_attempt, expires_at)
VALUES (@channel, @recipient, @locale, @subject, @body_text, @body_html, @now, @now, @expires_at)
RETURNING id;

-- Claims the first due row of a channel for one delivery attempt, in one statement so that two workers
-- never claim the same row: next_attempt moves to claim_until (a claim left by a stopped process is
-- released when the next one starts, ReleaseOutboxClaims, or else retried when it expires), claimed_at
-- says when, and attempts counts up; attempts is the claim's fencing token.
-- name: ClaimOutbox :one
UPDATE outbox SET next_attempt = @claim_until, claimed_at = @now, attempts = attempts + 1
WHERE id = (
    SELECT o.id FROM outbox o
    WHERE o.status = 'queued' AND o.channel = @channel AND o.next_attempt <= @now
    ORDER BY o.next_attempt, o.id
    LIMIT 1
) AND status = 'queued'
RETURNING *;

-- Marks a claimed row sent; 0 rows when the claim was lost.
-- name: MarkOutboxSent :execrows
-- Once sent, the text goes (unless keep is 1): it may hold an activation link, a reset link or a code,
-- which are stored only hashed everywhere else (design.md, section 5).
UPDATE outbox SET status = 'sent', sent_at = @now, last_error = '', claimed_at = NULL,
    body_text = CASE WHEN CAST(@keep AS INTEGER) = 1 THEN body_text ELSE '' END,
    body_html = CASE WHEN CAST(@keep AS INTEGER) = 1 THEN body_html ELSE '' END
WHERE id = @id AND attempts = @attempts AND status = 'queued';

-- After a failed attempt: try again at next_attempt (status 'queued') or give up (status 'failed').
-- name: MarkOutboxFailed :execrows
UPDATE outbox SET status = @status, next_attempt = @next_attempt, last_error = @last_error, claimed_at = NULL
WHERE id = @id AND attempts = @attempts AND status = 'queued';

-- A claimed row past its expires_at (an SMS code that expired) is not sent: it is marked 'expired' and
-- its text goes (unless keep is 1); the claim's count of an attempt is taken back, since none was made.
-- 0 rows when the claim was lost.
-- name: MarkOutboxExpired :execrows
UPDATE outbox SET status = 'expired', claimed_at = NULL, attempts = attempts - 1,
    body_text = CASE WHEN CAST(@keep AS INTEGER) = 1 THEN body_text ELSE '' END,
    body_html = CASE WHEN CAST(@keep AS INTEGER) = 1 THEN body_html ELSE '' END
WHERE id = @id AND attempts = @attempts AND status = 'queued';

-- A worker that starts releases every claim made before it started: the process that made it stopped
-- (a crash, a kill) in the middle of a send, and the row is due at once instead of when the claim expires.
-- name: ReleaseOutboxClaims :execrows
UPDATE outbox SET next_attempt = @started, claimed_at = NULL
WHERE status = 'queued' AND claimed_at < @started;

-- name: AddOutboxAttempt :exec
INSERT INTO outbox_attempts (outbox_id, at, ok, error) VALUES (@outbox_id, @at, @ok, @error);

-- name: ListOutboxAttempts :many
SELECT * FROM outbox_attempts WHERE outbox_id = ? ORDER BY at, id;

-- name: GetOutbox :one
SELECT * FROM outbox WHERE id = ?;

-- The administrator sends a failed message again: a fresh series of attempts, starting now.
-- name: RetryOutbox :execrows
UPDATE outbox SET status = 'queued', next_attempt = @now, attempts = 0, last_error = ''
WHERE id = @id AND status = 'failed';

-- What has not gone out: failed rows first (they need the administrator), then the queue in order.
-- name: ListOutboxUnsent :many
SELECT * FROM outbox WHERE status IN ('queued', 'failed')
ORDER BY status = 'failed' DESC, created_at, id
LIMIT ?;

-- What went out lately, and what expired before it could (an expired row counts from its expires_at).
-- name: ListOutboxFinished :many
SELECT * FROM outbox WHERE status IN ('sent', 'expired') ORDER BY coalesce(sent_at, expires_at) DESC, id DESC LIMIT ?;

-- Sent rows, with the links and codes in them, are kept only for a while, and expired ones as long.
-- name: DeleteSentOutbox :execrows
DELETE FROM outbox WHERE (status = 'sent' AND sent_at < @before) OR (status = 'expired' AND expires_at < @before);
