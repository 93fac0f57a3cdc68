-- The patient's questionnaires (/vragenlijsten, issue 14): what the practice asked them to fill in, from
-- the moment it is available (available_at <= now: before it, it exists nowhere for the patient), the
-- open ones and the submitted ones with their scores. A response is filled in by saving its answers
-- ("Bewaren") and made final by submitting it, once: every write asks submitted_at IS NULL, and the
-- database refuses any change after it (schema.sql).
--
-- show_score is the administrator's choice for the key (questionnaire_score_settings), -1 where there is
-- none: then the definition's showScore decides.

-- name: ListOwnQuestionnaires :many
-- The list's rows in one statement: per kind every open one (the earliest due on top; @open_max at most,
-- a safety limit: they are what the practice assigned) and the @recent most recently submitted ones, each
-- row with the count of its kind's open or submitted ones (part_count). A window over the patient's
-- responses rather than a statement per kind: a patient has a few a month at most, read once from the
-- patient's index, and the page stays at one statement for its list. has_draft: answers typed since the
-- last "Bewaren" wait in the patient's draft.
WITH listed AS (
    SELECT r.id, row_number() OVER (PARTITION BY k.kind, r.submitted_at IS NULL
                                    ORDER BY CASE WHEN r.submitted_at IS NULL THEN coalesce(r.due_on, '9999-12-31') END,
                                             r.submitted_at DESC, r.id DESC) AS n,
           count(*) OVER (PARTITION BY k.kind, r.submitted_at IS NULL) AS part_count
    FROM questionnaire_responses r JOIN questionnaire_definitions k ON k.id = r.definition_id
    WHERE r.patient_id = @patient_id AND r.available_at <= @now)
SELECT r.id, r.available_at, r.due_on, r.started_at, r.saved_at, r.submitted_at, r.score_total, r.band,
       r.report_id, d.key, d.kind, d.title_nl, d.title_en, d.source, CAST(l.part_count AS INTEGER) AS part_count,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score,
       CAST(EXISTS (SELECT 1 FROM drafts dr WHERE dr.user_id = @user_id AND dr.kind = 'questionnaire'
                    AND dr.target = CAST(r.id AS TEXT)) AS INTEGER) AS has_draft
FROM listed l JOIN questionnaire_responses r ON r.id = l.id JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE l.n <= CASE WHEN r.submitted_at IS NULL THEN CAST(@open_max AS INTEGER) ELSE CAST(@recent AS INTEGER) END
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
-- shown its scores): the links to the charts of the scores, whatever the list shows.
SELECT d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.patient_id = @patient_id AND r.submitted_at IS NOT NULL AND r.score_total IS NOT NULL
GROUP BY d.key
ORDER BY max(r.submitted_at) DESC; -- the one max(): SQLite takes the other columns from that row

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
