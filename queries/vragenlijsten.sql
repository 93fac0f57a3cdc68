-- The patient's questionnaires (/vragenlijsten, issue 14): what the practice asked them to fill in, from
-- the moment it is available (available_at <= now: before it, it exists nowhere for the patient), the
-- open ones and the submitted ones with their scores. A response is filled in by saving its answers
-- ("Bewaren") and made final by submitting it, once: every write asks submitted_at IS NULL, and the
-- database refuses any change after it (schema.sql).
--
-- show_score is the administrator's choice for the key (questionnaire_score_settings), -1 where there is
-- none: then the definition's showScore decides.

-- name: ListOwnQuestionnaires :many
-- The open ones first, the earliest due on top, then the submitted ones, the newest first. has_draft:
-- answers typed since the last "Bewaren" wait in the patient's draft.
SELECT r.id, r.available_at, r.due_on, r.started_at, r.saved_at, r.submitted_at, r.score_total, r.band,
       r.flagged, r.report_id, d.key, d.kind, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT s.show_score FROM questionnaire_score_settings s WHERE s.key = d.key), -1) AS INTEGER) AS show_score,
       CAST(EXISTS (SELECT 1 FROM drafts dr WHERE dr.user_id = @user_id AND dr.kind = 'questionnaire'
                    AND dr.target = CAST(r.id AS TEXT)) AS INTEGER) AS has_draft
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.patient_id = @patient_id AND r.available_at <= @now
ORDER BY r.submitted_at IS NOT NULL, coalesce(r.due_on, '9999-12-31'), r.submitted_at DESC, r.id DESC
LIMIT @limit;

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
