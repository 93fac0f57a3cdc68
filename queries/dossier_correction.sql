-- name: GetCorrectableReport :one
-- A report as the patient sees it (patient_reports: not withdrawn, their dossier linked; published by
-- now) in its current version: what they may ask to correct.
SELECT r.id, r.patient_id, r.title, r.written_at
FROM patient_reports r
WHERE r.id = @id AND r.patient_id = @patient_id AND r.published_at <= @now AND r.superseded_by IS NULL;

-- name: ListOpenCorrectionsOfReport :many
SELECT id, kind, asked_at, due_at FROM report_corrections
WHERE report_id = @report_id AND patient_id = @patient_id AND handled_at IS NULL
ORDER BY asked_at, id;

-- name: AddCorrection :one
INSERT INTO report_corrections (report_id, patient_id, kind, text, asked_at, due_at)
VALUES (@report_id, @patient_id, @kind, @text, @asked_at, @due_at)
RETURNING id;

-- name: ListReportStatements :many
-- The patient's statements the practice added to a report (AVG art. 16), for the report's page.
SELECT id, text, asked_at, handled_at FROM report_corrections
WHERE report_id = @report_id AND outcome = 'statement_added'
ORDER BY handled_at, id;

-- name: ListOpenCorrectionsAfter :many
-- The practice's queue: open requests, the first due first, the page after the cursor (a request's id),
-- each row with the queue's capped count.
SELECT k.id, k.kind, k.asked_at, k.due_at, k.patient_id, r.title,
       u.given_name, u.name_prefix, u.family_name,
       (SELECT count(*) FROM (SELECT 1 FROM report_corrections o WHERE o.handled_at IS NULL LIMIT @cap)) AS total
FROM report_corrections k JOIN reports r ON r.id = k.report_id JOIN users u ON u.id = k.patient_id
WHERE k.handled_at IS NULL
  AND (k.due_at, k.id) > (SELECT s.due_at, s.id FROM report_corrections s WHERE s.id = @cursor
                          UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY k.due_at, k.id
LIMIT @limit;

-- name: ListOpenCorrectionsBefore :many
SELECT k.id, k.kind, k.asked_at, k.due_at, k.patient_id, r.title,
       u.given_name, u.name_prefix, u.family_name,
       (SELECT count(*) FROM (SELECT 1 FROM report_corrections o WHERE o.handled_at IS NULL LIMIT @cap)) AS total
FROM report_corrections k JOIN reports r ON r.id = k.report_id JOIN users u ON u.id = k.patient_id
WHERE k.handled_at IS NULL
  AND (k.due_at, k.id) < (SELECT s.due_at, s.id FROM report_corrections s WHERE s.id = @cursor
                          UNION ALL SELECT '9999', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY k.due_at DESC, k.id DESC
LIMIT @limit;

-- name: GetCorrectionForStaff :one
-- One request with its report and whom to tell when it is handled.
SELECT k.id, k.report_id, k.patient_id, k.kind, k.text, k.asked_at, k.due_at, k.handled_at, k.outcome,
       r.title, r.body, r.version,
       u.given_name, u.name_prefix, u.family_name, u.email, u.locale
FROM report_corrections k JOIN reports r ON r.id = k.report_id JOIN users u ON u.id = k.patient_id
WHERE k.id = @id;

-- name: HandleCorrection :execrows
UPDATE report_corrections SET handled_at = @now, handled_by = @handled_by, outcome = @outcome
WHERE id = @id AND handled_at IS NULL;

-- name: SetCorrectionReport :exec
UPDATE report_corrections SET new_report_id = @new_report_id WHERE id = @id;

-- name: AddReportVersion :one
-- A correction: the next version of a report, shared at once, with the old one's everything but the
-- corrected title and text (hidden from parents too, if it was). The old row stays (SupersedeReport).
INSERT INTO reports (patient_id, author_id, title, category, subcategory, body, search_text, written_at, published_at,
                     approval_requested, version, hidden_from_parents)
SELECT o.patient_id, @author_id, @title, o.category, o.subcategory, @body, @search_text, @now, @now, o.approval_requested,
       o.version + 1, o.hidden_from_parents
FROM reports o WHERE o.id = @id
RETURNING id;

-- name: SupersedeReport :execrows
UPDATE reports SET superseded_by = @new_id WHERE id = @id AND superseded_by IS NULL;
