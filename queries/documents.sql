-- name: ListPatientDocuments :many
-- A parent viewing a child's portal (@viewer_is_parent 1) does not see what the practitioner hid from
-- parents (documents.hidden_from_parents): here, in GetPatientDocument and in the dossier.
-- What the patient sees under "Documenten": what the practice published for them (from its publication
-- moment on: before it, it exists nowhere for the patient) and what they uploaded. A report's
-- attachments are not among them: they show only under their report (dossier.sql).
SELECT d.id, d.title, d.content_type, d.size_bytes, d.created_at, d.published_at, d.uploaded_by,
       CAST(d.uploaded_by = d.patient_id AS INTEGER) AS own,
       (SELECT count(*) FROM messages m WHERE m.document_id = d.id) AS links
FROM documents d
WHERE d.patient_id = @patient_id AND d.published_at <= @now AND d.report_id IS NULL
  AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR d.hidden_from_parents = 0)
ORDER BY d.published_at DESC, d.id DESC;

-- name: ListPatientUploads :many
-- The documents the patient uploaded, newest first: what a message can link to.
SELECT id, title, created_at FROM documents
WHERE patient_id = @patient_id AND uploaded_by = @patient_id
ORDER BY created_at DESC, id DESC;

-- name: ListDocumentsForStaff :many
SELECT d.id, d.title, d.content_type, d.size_bytes, d.created_at, d.published_at, CAST(d.uploaded_by = d.patient_id AS INTEGER) AS own,
       d.hidden_from_parents
FROM documents d
WHERE d.patient_id = ?
ORDER BY d.created_at DESC, d.id DESC;

-- name: GetPatientDocument :one
-- One of the patient's documents, as the patient may see it (published by now), without its content. A
-- report's attachment follows its report: only while the patient may see the report (the view
-- patient_reports: not withdrawn, the dossier linked; and published by now).
SELECT d.id, d.patient_id, d.uploaded_by, d.title, d.content_type, d.size_bytes, d.created_at, d.published_at
FROM documents d WHERE d.id = @id AND d.patient_id = @patient_id AND d.published_at <= @now
  AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR d.hidden_from_parents = 0)
  AND (d.report_id IS NULL OR EXISTS (SELECT 1 FROM patient_reports r WHERE r.id = d.report_id
                                      AND r.patient_id = d.patient_id AND r.published_at <= @now
                                      AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR r.hidden_from_parents = 0)));

-- name: GetDocumentOfPatient :one
-- For staff: a document of the patient in the URL.
SELECT id, patient_id, uploaded_by, title, content_type, size_bytes, created_at, published_at
FROM documents WHERE id = ? AND patient_id = ?;

-- name: DocumentContent :one
SELECT content FROM documents WHERE id = ?;

-- name: AddDocument :one
INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at, published_at, content)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: DeleteOwnUpload :execrows
-- A patient removes a document they uploaded, as long as no message of theirs links to it.
DELETE FROM documents
WHERE documents.id = @id AND documents.patient_id = @patient_id AND documents.uploaded_by = @patient_id
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.document_id = documents.id);
