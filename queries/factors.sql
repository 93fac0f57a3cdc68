-- name: ListFactors :many
SELECT * FROM factors WHERE user_id = ? ORDER BY created_at, id;

-- name: GetFactor :one
SELECT * FROM factors WHERE id = ? AND user_id = ?;

-- name: CreateFactor :one
INSERT INTO factors (user_id, kind, label, secret, credential_id, credential, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: UseTOTPStep :execrows
-- Records the time step of an accepted code; fails (0 rows) if a newer step was used meanwhile.
UPDATE factors SET last_step = @step, last_used_at = @now WHERE id = @id AND last_step < @step;

-- name: TouchFactor :exec
UPDATE factors SET last_used_at = ? WHERE id = ?;

-- name: DeleteFactor :execrows
DELETE FROM factors WHERE id = ? AND user_id = ?;


-- name: RelabelSMSFactors :exec
-- SMS factors are labelled with the number they go to.
UPDATE factors SET label = ? WHERE user_id = ? AND kind = 'sms';
