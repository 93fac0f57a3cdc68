-- name: LatestTerms :one
SELECT * FROM terms ORDER BY version DESC LIMIT 1;

-- name: ListTerms :many
SELECT * FROM terms ORDER BY version DESC;

-- name: PublishTerms :one
INSERT INTO terms (version, text_nl, text_en, published_at, published_by)
VALUES ((SELECT coalesce(max(version), 0) + 1 FROM terms), ?, ?, ?, ?)
RETURNING version;

-- name: AcceptTerms :exec
INSERT INTO terms_acceptances (user_id, version, accepted_at) VALUES (?, ?, ?)
ON CONFLICT (user_id, version) DO NOTHING;

-- name: HasAcceptedTerms :one
SELECT count(*) FROM terms_acceptances WHERE user_id = ? AND version = ?;

-- name: ListTermsAcceptances :many
SELECT * FROM terms_acceptances WHERE user_id = ? ORDER BY version DESC;
