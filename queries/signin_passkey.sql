-- name: GetPasskeyByCredentialID :one
-- The passkey a browser presents, with its owner (active accounts only): sign-in without a password
-- starts from the credential, not from a name.
SELECT sqlc.embed(factors), sqlc.embed(users)
FROM factors JOIN users ON users.id = factors.user_id
WHERE factors.credential_id = ? AND factors.kind = 'passkey' AND users.active = 1;

-- name: PasskeyCredentialExists :one
SELECT count(*) FROM factors WHERE credential_id = ?;

-- name: UpdatePasskeyCredential :execrows
-- Stores the credential after a use (new sign count, flags, clone warning). Compare-and-swap on the
-- stored record: of two uses that raced with the same record, only one is accepted.
UPDATE factors SET credential = @credential, last_used_at = @now
WHERE id = @id AND kind = 'passkey' AND credential = @previous;
