-- A row of the access log, with its place in the hash chain (internal/accesslog/chain.go): id is the
-- last id + 1, prev_hash the last row's hash (LastAccessLogLink), both read in the same transaction.
-- name: InsertAccessLog :exec
INSERT INTO access_log (id, at, actor_id, actor_role, on_behalf_of, patient_id, object_type, object_id, action,
                        outcome, address, request_id, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The chain's last link: where the next row attaches.
-- name: LastAccessLogLink :one
SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1;

-- The log in the chain's order, a batch at a time after the row @after (verify-log).
-- name: ListAccessLogChain :many
SELECT * FROM access_log WHERE id > @after ORDER BY id LIMIT @limit;

-- name: ListAccessLogForPatient :many
SELECT * FROM access_log WHERE patient_id = CAST(sqlc.arg(patient_id) AS INTEGER) ORDER BY at DESC, id DESC LIMIT sqlc.arg('limit');
