-- name: AssignQuestionnaire :one
-- A questionnaire for the patient, once (@repeat_weeks NULL) or repeated: only when the key is offered
-- and the patient has no open response of it (not submitted and not past its due date). No row comes
-- back otherwise: the check and the write are one statement on the writer.
INSERT INTO questionnaire_assignments (patient_id, definition_key, assigned_by, assigned_at, repeat_weeks, ends_on)
SELECT @patient_id, d.key, @assigned_by, @assigned_at, @repeat_weeks, @ends_on
FROM questionnaire_definitions d
WHERE d.key = @definition_key AND d.state = 'offered'
  AND NOT EXISTS (SELECT 1 FROM questionnaire_responses r JOIN questionnaire_assignments a ON a.id = r.assignment_id
                  WHERE r.patient_id = @patient_id AND a.definition_key = @definition_key
                    AND r.submitted_at IS NULL AND (r.due_on IS NULL OR r.due_on >= @today))
RETURNING id;

-- name: AddQuestionnaireResponse :one
-- The assignment's response available from @available_at, filling the key's offered version; no row
-- when the assignment has one at that moment already (two rounds at once).
INSERT INTO questionnaire_responses (assignment_id, patient_id, definition_id, available_at, due_on)
SELECT a.id, a.patient_id, d.id, @available_at, @due_on
FROM questionnaire_assignments a JOIN questionnaire_definitions d ON d.key = a.definition_key AND d.state = 'offered'
WHERE a.id = @assignment_id
ON CONFLICT (assignment_id, available_at) DO NOTHING
RETURNING id;

-- name: SetQuestionnaireNext :execrows
-- When the repeated assignment's next response is due (NULL: no more); only while it is still
-- @previous, so that of two rounds one moves it.
UPDATE questionnaire_assignments SET next_at = @next_at
WHERE id = @id AND ended_at IS NULL AND next_at IS @previous;

-- name: EndQuestionnaireAssignment :execrows
-- "Stoppen": no further responses; the one that is open stays.
UPDATE questionnaire_assignments SET ended_at = @now, ended_by = @ended_by, next_at = NULL
WHERE id = @id AND patient_id = @patient_id AND repeat_weeks IS NOT NULL AND ended_at IS NULL;

-- name: DueQuestionnaireRepeats :many
-- The repeated assignments whose next response is due at @now, with the patient to mail.
SELECT a.id, a.patient_id, a.repeat_weeks, a.ends_on, a.next_at,
       u.email, u.locale, u.given_name, u.name_prefix, u.family_name, u.active
FROM questionnaire_assignments a JOIN users u ON u.id = a.patient_id
WHERE a.next_at IS NOT NULL AND a.next_at <= @now AND a.ended_at IS NULL
ORDER BY a.next_at, a.id
LIMIT @limit;

-- name: ListPatientQuestionnairesForStaff :many
-- The patient page's panel: the patient's responses, the open ones first, then the submitted ones
-- newest first, with their questionnaire and assignment.
SELECT r.id, r.assignment_id, r.available_at, r.due_on, r.started_at, r.saved_at, r.submitted_at,
       r.score_total, r.band, r.flagged, r.flag_seen_at, r.report_id,
       d.key, d.kind, d.title_nl, d.title_en, d.source,
       a.repeat_weeks, a.ends_on, a.ended_at, a.next_at
FROM questionnaire_responses r
JOIN questionnaire_definitions d ON d.id = r.definition_id
JOIN questionnaire_assignments a ON a.id = r.assignment_id
WHERE r.patient_id = @patient_id
ORDER BY r.submitted_at IS NOT NULL, coalesce(r.submitted_at, r.available_at) DESC, r.id DESC
LIMIT @limit;

-- name: GetQuestionnaireResponseForStaff :one
-- One response of the patient with its questionnaire, for its page.
SELECT r.id, r.patient_id, r.assignment_id, r.available_at, r.due_on, r.started_at, r.saved_at, r.answers,
       r.submitted_at, r.score_total, r.band, r.flagged, r.flag_seen_at, r.report_id,
       d.key, d.title_nl, d.title_en, d.source,
       CAST(coalesce((SELECT trim(s.given_name || ' ' || s.name_prefix) || ' ' || s.family_name FROM users s WHERE s.id = r.flag_seen_by), '') AS TEXT) AS seen_by
FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.id = @id AND r.patient_id = @patient_id;

-- name: ListQuestionnaireScores :many
-- The patient's submitted scores of one questionnaire (its key), oldest first, for the chart.
SELECT r.id, r.submitted_at, r.score_total, r.band, d.source
FROM questionnaire_responses r
JOIN questionnaire_definitions d ON d.id = r.definition_id
JOIN questionnaire_assignments a ON a.id = r.assignment_id
WHERE r.patient_id = @patient_id AND a.definition_key = @key AND r.submitted_at IS NOT NULL AND r.score_total IS NOT NULL
ORDER BY r.submitted_at, r.id
LIMIT @limit;

-- name: GetQuestionnaireKeyOfPatient :one
-- The questionnaire of a chart's key, when the patient has a response of it.
SELECT d.key, d.title_nl, d.title_en
FROM questionnaire_assignments a JOIN questionnaire_definitions d ON d.key = a.definition_key
WHERE a.patient_id = @patient_id AND a.definition_key = @key
ORDER BY d.state = 'offered' DESC, d.id DESC
LIMIT 1;

-- name: ListOpenFlagsAfter :many
-- The practice's queue of flagged responses not yet seen, the oldest first ("mine": of assignments
-- @staff_id made; "team": of assignments no practitioner made; "all"), the page after the cursor,
-- each with its patient, questionnaire and the queue's capped count.
SELECT r.id, r.patient_id, r.submitted_at, r.answers, r.flag_seen_at, a.assigned_by,
       u.given_name, u.name_prefix, u.family_name, u.patient_number, d.title_nl, d.title_en, d.source,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses o JOIN questionnaire_assignments oa ON oa.id = o.assignment_id
          WHERE o.flagged = 1 AND o.flag_seen_at IS NULL
            AND (@scope = 'all' OR (@scope = 'mine' AND oa.assigned_by = @staff_id)
                 OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = oa.assigned_by AND s.role = 'practitioner')))
          LIMIT @cap)) AS total
FROM questionnaire_responses r
JOIN questionnaire_assignments a ON a.id = r.assignment_id
JOIN users u ON u.id = r.patient_id
JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.flagged = 1 AND r.flag_seen_at IS NULL
  AND (@scope = 'all' OR (@scope = 'mine' AND a.assigned_by = @staff_id)
       OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = a.assigned_by AND s.role = 'practitioner')))
  AND (r.submitted_at, r.id) > (SELECT c.submitted_at, c.id FROM questionnaire_responses c WHERE c.id = @cursor AND c.flagged = 1
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.submitted_at, r.id
LIMIT @limit;

-- name: ListOpenFlagsBefore :many
SELECT r.id, r.patient_id, r.submitted_at, r.answers, r.flag_seen_at, a.assigned_by,
       u.given_name, u.name_prefix, u.family_name, u.patient_number, d.title_nl, d.title_en, d.source,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses o JOIN questionnaire_assignments oa ON oa.id = o.assignment_id
          WHERE o.flagged = 1 AND o.flag_seen_at IS NULL
            AND (@scope = 'all' OR (@scope = 'mine' AND oa.assigned_by = @staff_id)
                 OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = oa.assigned_by AND s.role = 'practitioner')))
          LIMIT @cap)) AS total
FROM questionnaire_responses r
JOIN questionnaire_assignments a ON a.id = r.assignment_id
JOIN users u ON u.id = r.patient_id
JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.flagged = 1 AND r.flag_seen_at IS NULL
  AND (@scope = 'all' OR (@scope = 'mine' AND a.assigned_by = @staff_id)
       OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = a.assigned_by AND s.role = 'practitioner')))
  AND (r.submitted_at, r.id) < (SELECT c.submitted_at, c.id FROM questionnaire_responses c WHERE c.id = @cursor AND c.flagged = 1
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.submitted_at DESC, r.id DESC
LIMIT @limit;

-- name: ListFlagsAfter :many
-- Seen and not yet seen together, newest first: where staff look one up again.
SELECT r.id, r.patient_id, r.submitted_at, r.answers, r.flag_seen_at, a.assigned_by,
       u.given_name, u.name_prefix, u.family_name, u.patient_number, d.title_nl, d.title_en, d.source,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses o JOIN questionnaire_assignments oa ON oa.id = o.assignment_id
          WHERE o.flagged = 1
            AND (@scope = 'all' OR (@scope = 'mine' AND oa.assigned_by = @staff_id)
                 OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = oa.assigned_by AND s.role = 'practitioner')))
          LIMIT @cap)) AS total
FROM questionnaire_responses r
JOIN questionnaire_assignments a ON a.id = r.assignment_id
JOIN users u ON u.id = r.patient_id
JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.flagged = 1
  AND (@scope = 'all' OR (@scope = 'mine' AND a.assigned_by = @staff_id)
       OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = a.assigned_by AND s.role = 'practitioner')))
  AND (r.submitted_at, r.id) < (SELECT c.submitted_at, c.id FROM questionnaire_responses c WHERE c.id = @cursor AND c.flagged = 1
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.submitted_at DESC, r.id DESC
LIMIT @limit;

-- name: ListFlagsBefore :many
SELECT r.id, r.patient_id, r.submitted_at, r.answers, r.flag_seen_at, a.assigned_by,
       u.given_name, u.name_prefix, u.family_name, u.patient_number, d.title_nl, d.title_en, d.source,
       (SELECT count(*) FROM (SELECT 1 FROM questionnaire_responses o JOIN questionnaire_assignments oa ON oa.id = o.assignment_id
          WHERE o.flagged = 1
            AND (@scope = 'all' OR (@scope = 'mine' AND oa.assigned_by = @staff_id)
                 OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = oa.assigned_by AND s.role = 'practitioner')))
          LIMIT @cap)) AS total
FROM questionnaire_responses r
JOIN questionnaire_assignments a ON a.id = r.assignment_id
JOIN users u ON u.id = r.patient_id
JOIN questionnaire_definitions d ON d.id = r.definition_id
WHERE r.flagged = 1
  AND (@scope = 'all' OR (@scope = 'mine' AND a.assigned_by = @staff_id)
       OR (@scope = 'team' AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = a.assigned_by AND s.role = 'practitioner')))
  AND (r.submitted_at, r.id) > (SELECT c.submitted_at, c.id FROM questionnaire_responses c WHERE c.id = @cursor AND c.flagged = 1
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.submitted_at, r.id
LIMIT @limit;

-- name: MarkQuestionnaireFlagSeen :execrows
-- "Gezien": the flag leaves the open queue; once.
UPDATE questionnaire_responses SET flag_seen_at = @now, flag_seen_by = @seen_by
WHERE id = @id AND patient_id = @patient_id AND flagged = 1 AND flag_seen_at IS NULL;

-- name: GetQuestionnaireFlagRecipient :one
-- Who made the assignment of a flagged response, to tell them (an active staff member only).
SELECT s.email, s.locale, s.given_name, s.name_prefix, s.family_name
FROM questionnaire_responses r
JOIN questionnaire_assignments a ON a.id = r.assignment_id
JOIN users s ON s.id = a.assigned_by
WHERE r.id = @id AND r.flagged = 1 AND s.active = 1 AND s.role IN ('practitioner', 'assistant', 'admin');

-- name: UpdateEhealthSettings :exec
UPDATE clinic_settings SET ehealth_name = @ehealth_name, ehealth_url = @ehealth_url WHERE id = 1;

-- name: SetPatientEhealthURL :execrows
UPDATE users SET ehealth_url = @ehealth_url WHERE id = @id AND role = 'patient';

-- name: GetQuestionnaireAssignmentForStaff :one
SELECT id FROM questionnaire_assignments WHERE id = @id AND patient_id = @patient_id;

-- name: DemoSubmitQuestionnaireResponse :exec
-- The demo's filled-in questionnaires (internal/demo): answered, scored and submitted at @submitted_at.
UPDATE questionnaire_responses SET started_at = @started_at, saved_at = @submitted_at, answers = @answers,
    submitted_at = @submitted_at, submitted_by = patient_id, score_total = @score_total, band = @band,
    scores = @scores, flagged = @flagged
WHERE id = @id AND submitted_at IS NULL;
