-- The patient's dossier (/dossier): the reports the practice shared, a page at a time, filtered by
-- category and subcategory and searched in titles and text, and one report with its attachments.
-- Released or not at all: every statement reads the view patient_reports (schema.sql: not withdrawn,
-- the dossier linked) and asks published_at <= now, so that a report not yet shared exists nowhere
-- for the patient and its id is a 404.
--
-- The list is newest first (written_at, id), read by keyset (handlers/paging.go): the cursor is a
-- report's id, whose date the query looks up among the patient's own; another id (or 0) is the start.
-- The search looks for the text in titles and bodies (instr: no pattern characters to escape), bounded
-- by the patient's own rows (the index reports_patient_written): a record
-- holds thousands of reports at most, so an index over every patient's text (FTS5) would cost each
-- report's write more than it saves this page. Both sides are folded the same way (internal/textfold:
-- case and diacritics): search is '' or the folded text, and reports.search_text the folded title and
-- text, written with them.
-- Each row also counts the whole filtered list, up to cap rows (total).
--
-- A corrected report (AVG art. 16) stays in the list at its own date, marked as replaced: superseded_by
-- is set, and newer is the new version's id while the patient may see it (else 0). A version above 1
-- is a corrected version.
--
-- A parent viewing a child's portal (@viewer_is_parent 1) does not see what the practitioner hid from
-- parents (reports.hidden_from_parents, documents.hidden_from_parents): it is not there for them.

-- name: ListDossierAfter :many
-- The page after the cursor: older reports.
SELECT r.id, r.title, r.category, r.subcategory, r.written_at, r.read_at, r.author, r.author_role,
       r.version, r.superseded_by,
       CAST(coalesce((SELECT n.id FROM patient_reports n WHERE n.id = r.superseded_by AND n.published_at <= @now), 0) AS INTEGER) AS newer,
       (SELECT count(*) FROM (SELECT 1 FROM patient_reports c WHERE c.patient_id = @patient_id AND c.published_at <= @now
            AND (CAST(@category AS TEXT) = '' OR c.category = @category)
            AND (CAST(@subcategory AS TEXT) = '' OR c.subcategory = @subcategory)
            AND (CAST(@search AS TEXT) = '' OR instr(c.search_text, @search) > 0)
            AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR c.hidden_from_parents = 0)
            LIMIT @cap)) AS total
FROM patient_reports r
WHERE r.patient_id = @patient_id AND r.published_at <= @now
  AND (CAST(@category AS TEXT) = '' OR r.category = @category)
  AND (CAST(@subcategory AS TEXT) = '' OR r.subcategory = @subcategory)
  AND (CAST(@search AS TEXT) = '' OR instr(r.search_text, @search) > 0)
  AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR r.hidden_from_parents = 0)
  AND (r.written_at, r.id) < (SELECT s.written_at, s.id FROM reports s WHERE s.id = @cursor AND s.patient_id = @patient_id
                              UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.written_at DESC, r.id DESC
LIMIT @limit;

-- name: ListDossierBefore :many
-- The page before the cursor: newer reports, read upwards (pageOf puts them in the list's order).
SELECT r.id, r.title, r.category, r.subcategory, r.written_at, r.read_at, r.author, r.author_role,
       r.version, r.superseded_by,
       CAST(coalesce((SELECT n.id FROM patient_reports n WHERE n.id = r.superseded_by AND n.published_at <= @now), 0) AS INTEGER) AS newer,
       (SELECT count(*) FROM (SELECT 1 FROM patient_reports c WHERE c.patient_id = @patient_id AND c.published_at <= @now
            AND (CAST(@category AS TEXT) = '' OR c.category = @category)
            AND (CAST(@subcategory AS TEXT) = '' OR c.subcategory = @subcategory)
            AND (CAST(@search AS TEXT) = '' OR instr(c.search_text, @search) > 0)
            AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR c.hidden_from_parents = 0)
            LIMIT @cap)) AS total
FROM patient_reports r
WHERE r.patient_id = @patient_id AND r.published_at <= @now
  AND (CAST(@category AS TEXT) = '' OR r.category = @category)
  AND (CAST(@subcategory AS TEXT) = '' OR r.subcategory = @subcategory)
  AND (CAST(@search AS TEXT) = '' OR instr(r.search_text, @search) > 0)
  AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR r.hidden_from_parents = 0)
  AND (r.written_at, r.id) > (SELECT s.written_at, s.id FROM reports s WHERE s.id = @cursor AND s.patient_id = @patient_id
                              UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.written_at, r.id
LIMIT @limit;

-- name: ListDossierAttachments :many
-- The attachments of the reports report_ids (a JSON array: the page's), as the patient may download
-- them under "Documenten" (published by now).
SELECT d.id, d.report_id, d.title, d.content_type, d.size_bytes
FROM documents d
WHERE d.report_id IN (SELECT value FROM json_each(@report_ids)) AND d.patient_id = @patient_id AND d.published_at <= @now
  AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR d.hidden_from_parents = 0)
ORDER BY d.report_id, d.id;

-- name: ListDossierCategories :many
-- The practice's categories and subcategories, in the order the filters show them.
SELECT category, subcategory FROM report_categories ORDER BY position, category, subcategory;

-- name: GetDossierReport :one
-- One report of the patient's, as the patient may see it.
SELECT r.id, r.title, r.category, r.subcategory, r.body, r.written_at, r.read_at, r.author, r.author_role,
       r.version, r.superseded_by,
       CAST(coalesce((SELECT n.id FROM patient_reports n WHERE n.id = r.superseded_by AND n.published_at <= @now), 0) AS INTEGER) AS newer
FROM patient_reports r
WHERE r.id = @id AND r.patient_id = @patient_id AND r.published_at <= @now
  AND (CAST(@viewer_is_parent AS INTEGER) = 0 OR r.hidden_from_parents = 0);

-- name: MarkReportRead :execrows
-- The patient opens a report for the first time.
UPDATE reports SET read_at = @now WHERE id = @id AND patient_id = @patient_id AND read_at IS NULL;
