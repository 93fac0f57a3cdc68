-- name: ListReportsForStaff :many
-- The Dossier panel on the patient page: the patient's reports in every state (drafts, scheduled,
-- shared, withdrawn, replaced), newest first, with the number of reports.
SELECT r.id, r.title, r.category, r.subcategory, r.written_at, r.published_at, r.approval_requested,
       r.withdrawn_at, r.version, r.superseded_by,
       (SELECT count(*) FROM reports x WHERE x.patient_id = r.patient_id) AS total
FROM reports r
WHERE r.patient_id = @patient_id
ORDER BY r.written_at DESC, r.id DESC
LIMIT @limit;

-- name: GetReportForStaff :one
-- A report of the patient in the URL, with its author's name.
SELECT r.*, u.given_name AS author_given_name, u.name_prefix AS author_name_prefix, u.family_name AS author_family_name,
       coalesce(w.given_name, '') AS withdrawer_given_name, coalesce(w.name_prefix, '') AS withdrawer_name_prefix,
       coalesce(w.family_name, '') AS withdrawer_family_name
FROM reports r JOIN users u ON u.id = r.author_id
LEFT JOIN users w ON w.id = r.withdrawn_by
WHERE r.id = @id AND r.patient_id = @patient_id;

-- name: ReportPatient :one
-- The patient of a report that is still being written (not yet seen by the patient, not withdrawn): a
-- draft about it is the practice's.
SELECT patient_id FROM reports
WHERE id = @id AND withdrawn_at IS NULL AND superseded_by IS NULL AND (published_at IS NULL OR published_at > @now);

-- name: IsPatient :one
SELECT id FROM users WHERE id = ? AND role = 'patient';

-- name: CreateReport :one
INSERT INTO reports (patient_id, author_id, title, category, subcategory, body, search_text, written_at, published_at,
                     approval_requested)
VALUES (@patient_id, @author_id, @title, @category, @subcategory, @body, @search_text, @written_at, @published_at,
        @approval_requested)
RETURNING id;

-- name: UpdateReport :execrows
-- Changes a report the patient has not seen yet; one that is shared by now (or withdrawn) stays as it is.
UPDATE reports SET title = @title, category = @category, subcategory = @subcategory, body = @body,
    search_text = @search_text, written_at = @written_at, published_at = @published_at, approval_requested = @approval_requested
WHERE id = @id AND patient_id = @patient_id AND withdrawn_at IS NULL AND superseded_by IS NULL
  AND (published_at IS NULL OR published_at > @now);

-- name: WithdrawReport :execrows
UPDATE reports SET withdrawn_at = @withdrawn_at, withdrawn_by = @withdrawn_by, withdraw_reason = @withdraw_reason
WHERE id = @id AND patient_id = @patient_id AND withdrawn_at IS NULL AND published_at IS NOT NULL;

-- name: ShareAttachments :exec
-- A report's attachments are shared with it, from the same moment (NULL: not shared, as a draft's or a
-- withdrawn report's).
UPDATE documents SET published_at = @published_at WHERE report_id = @report_id AND patient_id = @patient_id;

-- name: ListReportAttachments :many
SELECT id, title, content_type, size_bytes, created_at FROM documents
WHERE report_id = @report_id AND patient_id = @patient_id
ORDER BY created_at, id;

-- name: AddPracticeDocument :one
-- A document the practice publishes for the patient (report_id set: an attachment of that report).
INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at, published_at,
    content, report_id, approval_requested)
VALUES (@patient_id, @uploaded_by, @title, @file_name, @content_type, @size_bytes, @created_at, @published_at,
    @content, @report_id, @approval_requested)
RETURNING id;

-- name: SetDossierLinked :exec
UPDATE users SET dossier_linked = @dossier_linked WHERE id = @id AND role = 'patient';

-- name: ListReportCategories :many
SELECT * FROM report_categories ORDER BY position, category, subcategory, id;
