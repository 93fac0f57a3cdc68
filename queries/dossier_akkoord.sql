-- name: GetApprovableReport :one
-- A report of the patient's that asks their akkoord, as the patient may see it (published by now, not
-- withdrawn, not replaced, their dossier linked), with the akkoord on this version if they gave it.
SELECT r.id, r.patient_id, r.title, r.written_at, r.version, a.approved_at
FROM patient_reports r
LEFT JOIN report_approvals a ON a.report_id = r.id AND a.version = r.version
WHERE r.id = @id AND r.patient_id = @patient_id AND r.published_at <= @now
  AND r.superseded_by IS NULL AND r.approval_requested = 1;

-- name: GetApprovableDocument :one
-- A document the practice published for the patient that asks their akkoord, with the akkoord if given.
SELECT d.id, d.patient_id, d.title, d.created_at, a.approved_at
FROM documents d LEFT JOIN report_approvals a ON a.document_id = d.id
WHERE d.id = @id AND d.patient_id = @patient_id AND d.published_at <= @now AND d.approval_requested = 1
  AND d.uploaded_by <> d.patient_id;

-- name: ApproveReport :execrows
-- The akkoord on one version of a report; a second one (another tab, a double click) changes nothing.
INSERT INTO report_approvals (patient_id, report_id, version, approved_by, approved_at)
VALUES (@patient_id, @report_id, @version, @approved_by, @approved_at)
ON CONFLICT DO NOTHING;

-- name: ApproveDocument :execrows
INSERT INTO report_approvals (patient_id, document_id, approved_by, approved_at)
VALUES (@patient_id, @document_id, @approved_by, @approved_at)
ON CONFLICT DO NOTHING;

-- name: ListApprovalsForStaff :many
-- For the staff patient page: the patient's reports (their current version) and documents that ask
-- akkoord, whether and when it was given and by whom, newest first.
SELECT CAST('report' AS TEXT) AS kind, r.id, r.title, r.version, r.published_at,
       a.approved_at, CAST(coalesce(trim(ap.given_name || ' ' || ap.name_prefix) || ' ' || ap.family_name, '') AS TEXT) AS approver
FROM reports r LEFT JOIN report_approvals a ON a.report_id = r.id AND a.version = r.version
LEFT JOIN users ap ON ap.id = a.approved_by
WHERE r.patient_id = @patient_id AND r.approval_requested = 1 AND r.superseded_by IS NULL
UNION ALL
SELECT CAST('document' AS TEXT), d.id, d.title, 1, d.published_at,
       a.approved_at, CAST(coalesce(trim(ap.given_name || ' ' || ap.name_prefix) || ' ' || ap.family_name, '') AS TEXT)
FROM documents d LEFT JOIN report_approvals a ON a.document_id = d.id
LEFT JOIN users ap ON ap.id = a.approved_by
WHERE d.patient_id = @patient_id AND d.approval_requested = 1
ORDER BY 5 DESC, 2 DESC;

-- name: ReportVersion :one
-- The version the akkoord is for, read in the akkoord's own transaction.
SELECT version FROM reports WHERE id = ?;
