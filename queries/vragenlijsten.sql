-- The patient's questionnaires (/vragenlijsten, issue 14): what the practice asked them to fill in, from
-- the moment it is available (available_at <= now: before it, it exists nowhere for the patient), the
-- open ones and the submitted ones with their scores. A response is filled in by saving its answers
-- ("Bewaren") and made final by submitting it, once: every write asks submitted_at IS NULL, and the
-- database refuses any change after it (schema.sql).
--
-- show_score is the administrator's choice for the key (questionnaire_score_settings), -1 where there is
-- none: then the definition's showScore decides.

-- name: ListOwnQuestionnaires :many
-- The list's rows: every open one, the earliest due on top (@open_max at most, a safety limit: they are
-- what the practice assigned), then per kind the @recent most recently submitted ones, the newest first;
-- submitted_count counts every submitted one, up to cap. Each kind reads its newest rows from the
-- patient's index and stops at its limit; a window over all the patient's responses would number and sort
-- every one of them (five times slower with 2,000). has_draft: answers typed since the last "Bewaren" wait
-- in the patient's draft.
WITH open AS (
    SELECT o.id FROM questionnaire_responses o WHERE o.patient_id = @patient_id AND o.submitted_at IS NULL AND o.available_at <= @now
    ORDER BY coalesce(o.due_on, '9999-12-31'), o.id DESC LIMIT @open_max),
outcome AS (
    SELECT o.id FROM questionnaire_responses o WHERE o.patient_id = @patient_id AND o.submitted_at IS NOT NULL
      AND o.definition_id IN (SELECT k.id FROM questionnaire_definitions k WHERE k.kind = 'outcome')
    ORDER BY o.submitted_at DESC, o.id DESC LIMIT @recent),
intake AS (
    SELECT o.id FROM questionnaire_responses o WHERE o.patient_id = @patient_id AND o.submitted_at IS NOT NULL
      AND o.definition_id IN (SELECT k.id FROM questionnaire_definitions k WHERE k.kind = 'intake')
    ORDER BY o.submitted_at DESC, o.id DESC LIMIT @recent)
SELECT r.id, r.available_at, r.due_on, r.started_at, r.saved_at, r.submitted_at, r.score_total, r.band,
       r.report_id, d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score,
       CAST(EXISTS (SELECT 1 FROM drafts dr WHERE dr.user_id = @user_id AND dr.kind = 'questionnaire'
                    AND dr.target = CAST(r.id AS TEXT)) AS INTEGER) AS has_draft,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses c WHERE c.patient_id = @patient_id
            AND c.submitted_at IS NOT NULL LIMIT @cap)) AS submitted_count
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.id IN (SELECT id FROM open UNION ALL SELECT id FROM outcome UNION ALL SELECT id FROM intake)
ORDER BY r.submitted_at IS NOT NULL, CASE WHEN r.submitted_at IS NULL THEN coalesce(r.due_on, '9999-12-31') END,
         r.submitted_at DESC, r.id DESC;

-- name: ListSubmittedQuestionnairesAfter :many
-- Every submitted questionnaire of the patient a page at a time (/vragenlijsten/ingevuld), by keyset on
-- (submitted_at, id), newest first, seeking the index questionnaire_responses_patient. The cursor is a
-- response's id, whose submission the query looks up among the patient's own submitted ones. Each row
-- also counts the list, up to cap rows (total).
SELECT r.id, r.submitted_at, r.score_total, r.band, r.report_id, d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses c WHERE c.patient_id = @patient_id
            AND c.submitted_at IS NOT NULL LIMIT @cap)) AS total
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.patient_id = @patient_id AND r.submitted_at IS NOT NULL
  AND (r.submitted_at, r.id) < (SELECT s.submitted_at, s.id FROM questionnaire_responses s
                                WHERE s.id = @cursor AND s.patient_id = @patient_id AND s.submitted_at IS NOT NULL
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.submitted_at DESC, r.id DESC
LIMIT @limit;

-- name: ListSubmittedQuestionnairesBefore :many
SELECT r.id, r.submitted_at, r.score_total, r.band, r.report_id, d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses c WHERE c.patient_id = @patient_id
            AND c.submitted_at IS NOT NULL LIMIT @cap)) AS total
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.patient_id = @patient_id AND r.submitted_at IS NOT NULL
  AND (r.submitted_at, r.id) > (SELECT s.submitted_at, s.id FROM questionnaire_responses s
                                WHERE s.id = @cursor AND s.patient_id = @patient_id AND s.submitted_at IS NOT NULL
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.submitted_at, r.id
LIMIT @limit;

-- name: ListOwnScoredQuestionnaireKeys :many
-- The questionnaires (keys) of which the patient submitted a scored response, the most recently submitted
-- first, each with the newest such response's version (its title and definition: whether the patient is
-- shown its scores): the links to the charts of the scores, whatever the list shows. The versions are
-- found first, so that only their few rows carry the definitions' text through the grouping.
WITH versions AS (
    SELECT r.definition_id, max(r.submitted_at) AS last_at FROM questionnaire_responses r
    WHERE r.patient_id = @patient_id AND r.submitted_at IS NOT NULL AND r.score_total IS NOT NULL
    GROUP BY r.definition_id)
SELECT d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score
FROM versions v JOIN questionnaire_definitions d ON d.id = v.definition_id
GROUP BY d.key
ORDER BY max(v.last_at) DESC; -- the one max(): SQLite takes the other columns from that row

-- name: GetOwnQuestionnaireResponse :one
-- One response of the patient's, with its questionnaire.
SELECT r.id, r.patient_id, r.available_at, r.due_on, r.started_at, r.saved_at, r.answers, r.submitted_at,
       r.score_total, r.band, r.flagged, r.report_id, d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.id = @id AND r.patient_id = @patient_id AND r.available_at <= @now;

-- name: GetOpenQuestionnaireResponsePatient :one
-- The patient of a response that may still be filled in (a draft's owner check).
SELECT patient_id FROM questionnaire_responses
WHERE id = @id AND patient_id = @patient_id AND available_at <= @now AND submitted_at IS NULL;

-- name: SaveQuestionnaireAnswers :execrows
-- "Bewaren": the answers as they are; none while the response is submitted.
UPDATE questionnaire_responses SET answers = @answers, saved_at = @now, started_at = coalesce(started_at, @now)
WHERE id = @id AND patient_id = @patient_id AND submitted_at IS NULL;

-- name: SubmitQuestionnaireResponse :execrows
-- "Indienen": the answers, their scores and the report made of them, final from now on. No row when it
-- was submitted already (another tab, another device): nothing changes.
UPDATE questionnaire_responses SET answers = @answers, saved_at = @now, started_at = coalesce(started_at, @now),
    submitted_at = @now, submitted_by = @submitted_by, score_total = @score_total, band = @band, scores = @scores,
    flagged = @flagged, report_id = @report_id
WHERE id = @id AND patient_id = @patient_id AND submitted_at IS NULL;

-- name: EnsureReportCategory :exec
-- The dossier's category a submission files its report under, added at the end of the practice's list when
-- the practice has no such category yet, so that the dossier's filter can show it.
INSERT INTO report_categories (category, subcategory, position)
SELECT @category, '', (SELECT coalesce(max(position), 0) + 1 FROM report_categories)
WHERE NOT EXISTS (SELECT 1 FROM report_categories WHERE category = @category);
