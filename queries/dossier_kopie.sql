-- name: ListRecordCopies :many
-- The patient's copies, newest first (the page shows the last few).
SELECT id, requested_at, state, finished_at, expires_at, size_bytes FROM record_copies
WHERE patient_id = @patient_id ORDER BY id DESC LIMIT @limit;

-- name: GetRecordCopy :one
SELECT id, patient_id, requested_by, requested_at, state, finished_at, expires_at, file, size_bytes
FROM record_copies WHERE id = @id AND patient_id = @patient_id;

-- name: HasOpenRecordCopy :one
SELECT count(*) FROM record_copies WHERE patient_id = @patient_id AND state IN ('requested', 'building');

-- name: RequestRecordCopy :one
INSERT INTO record_copies (patient_id, requested_by, requested_at) VALUES (@patient_id, @requested_by, @now)
RETURNING id;

-- name: NextRecordCopy :one
-- The oldest request waiting, or one whose build stopped with the process (started before @stale).
SELECT id, patient_id, requested_by FROM record_copies
WHERE state = 'requested' OR (state = 'building' AND started_at < @stale)
ORDER BY id LIMIT 1;

-- name: StartRecordCopy :exec
UPDATE record_copies SET state = 'building', started_at = @now WHERE id = @id;

-- name: FinishRecordCopy :exec
UPDATE record_copies SET state = 'ready', finished_at = @now, expires_at = @expires_at, file = @file, size_bytes = @size_bytes
WHERE id = @id;

-- name: FailRecordCopy :exec
UPDATE record_copies SET state = 'failed', finished_at = @now, file = '' WHERE id = @id;

-- name: ExpiredRecordCopies :many
-- The copies ready until before @now: their files are deleted.
SELECT id, file FROM record_copies WHERE state = 'ready' AND expires_at <= @now ORDER BY id LIMIT @limit;

-- name: ExpireRecordCopy :exec
UPDATE record_copies SET state = 'expired', file = '' WHERE id = @id;

-- name: ListCopyReports :many
-- The reports the copy holds: what the patient's dossier shows (released or not at all), without text.
SELECT id, title, category, subcategory, written_at, published_at, version, superseded_by, author, author_role
FROM patient_reports WHERE patient_id = @patient_id AND published_at <= @now ORDER BY written_at, id;

-- name: GetCopyReportBody :one
SELECT body FROM patient_reports WHERE id = @id AND patient_id = @patient_id AND published_at <= @now;

-- name: ListCopyDocuments :many
-- The documents the copy holds: what the patient sees under "Documenten", without content.
SELECT id, title, content_type, size_bytes, created_at, report_id
FROM documents WHERE patient_id = @patient_id AND published_at <= @now ORDER BY created_at, id;

-- name: GetCopyDocumentContent :one
SELECT content FROM documents WHERE id = @id AND patient_id = @patient_id AND published_at <= @now;

-- name: ListCopyAppointments :many
-- The appointments the patient may see (patient_appointments, from visible_from on), oldest first.
SELECT id, starts_at, ends_at, status, kind_nl, kind_en, place, street, postcode, city, practitioners, instructions
FROM patient_appointments WHERE patient_id = @patient_id AND visible_from <= @now ORDER BY starts_at, id;

-- name: ListCopyMedication :many
SELECT id, name, strength, form, dosage, instructions, chronic, started_on, ended_on
FROM medication WHERE patient_id = @patient_id ORDER BY started_on, id;

-- name: ListCopyResults :many
-- The results the patient may see (patient_results, from visible_from on: released or not at all),
-- oldest first.
SELECT id, effective_at, value_num, value_text, unit, ref_low, ref_high, ref_text, interpretation, comment, name_nl, name_en, code
FROM patient_results WHERE patient_id = @patient_id AND visible_from <= @now ORDER BY effective_at, id;
