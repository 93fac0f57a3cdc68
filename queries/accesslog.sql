-- name: InsertAccessLog :exec
INSERT INTO access_log (at, actor_id, actor_role, on_behalf_of, patient_id, object_type, object_id, action,
                        outcome, address, request_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: ListAccessLogForPatient :many
SELECT * FROM access_log WHERE patient_id = CAST(sqlc.arg(patient_id) AS INTEGER) ORDER BY at DESC, id DESC LIMIT sqlc.arg('limit');
