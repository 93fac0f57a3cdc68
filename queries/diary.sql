-- name: ListDiaryEntries :many
SELECT id, title, entry_date, shared_at, updated_at FROM diary_entries
WHERE patient_id = ? ORDER BY entry_date DESC, id DESC;

-- name: GetDiaryEntry :one
-- One of the patient's own entries.
SELECT * FROM diary_entries WHERE id = ? AND patient_id = ?;

-- name: CreateDiaryEntry :one
INSERT INTO diary_entries (patient_id, title, entry_date, body, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: UpdateDiaryEntry :execrows
UPDATE diary_entries SET title = ?, entry_date = ?, body = ?, updated_at = ? WHERE id = ? AND patient_id = ?;

-- name: SetDiaryShared :execrows
UPDATE diary_entries SET shared_at = ? WHERE id = ? AND patient_id = ?;

-- name: DeleteDiaryEntry :execrows
DELETE FROM diary_entries WHERE id = ? AND patient_id = ?;

-- name: ListSharedDiaryEntries :many
-- What practitioners see: only the entries a patient shared.
SELECT id, title, entry_date, shared_at FROM diary_entries
WHERE patient_id = ? AND shared_at IS NOT NULL ORDER BY entry_date DESC, id DESC;

-- name: GetSharedDiaryEntry :one
SELECT * FROM diary_entries WHERE id = ? AND patient_id = ? AND shared_at IS NOT NULL;
