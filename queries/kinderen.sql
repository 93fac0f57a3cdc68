-- Parents and relatives of a patient, the practice's side (handlers/kinderen_praktijk.go) and the child's
-- own (handlers/kinderen.go). Whether an authorisation counts now is internal/authorisation's to say:
-- these statements read and write the rows, they decide nothing about age.

-- name: ListAuthorisationsOfPatient :many
-- Every authorisation of the patient, live ones first, with the grantee's name and kind of account; at
-- most 50 (a patient has a handful).
SELECT a.id, a.patient_id, a.grantee_id, a.kind, a.areas, a.last_day, a.created_at, a.authority_checked,
       a.child_consent, a.child_consent_by, a.child_consent_at, a.ended_at, a.end_reason, a.end_note,
       g.given_name, g.name_prefix, g.family_name, g.role AS grantee_role, g.patient_number AS grantee_number,
       CAST(g.password_hash IS NOT NULL AS INTEGER) AS grantee_active
FROM authorisations a JOIN users g ON g.id = a.grantee_id
WHERE a.patient_id = @patient_id
ORDER BY a.ended_at IS NOT NULL, a.id DESC
LIMIT 50;

-- name: GetAuthorisationOfPatient :one
-- One authorisation of the patient in view: another patient's id is no row (a 404).
SELECT * FROM authorisations WHERE id = @id AND patient_id = @patient_id;

-- name: LiveAuthorisationExists :one
SELECT EXISTS (SELECT 1 FROM authorisations WHERE grantee_id = @grantee_id AND patient_id = @patient_id
               AND ended_at IS NULL);

-- name: CreateParentAuthorisation :one
INSERT INTO authorisations (patient_id, grantee_id, kind, areas, created_at, created_by, authority_checked)
VALUES (@patient_id, @grantee_id, 'parent', @areas, @now, @created_by, @authority_checked)
RETURNING id;

-- name: RecordChildConsent :execrows
-- The child's consent to a parent's live authorisation, recorded by staff or by the child (by).
UPDATE authorisations SET child_consent = @consent, child_consent_by = @by, child_consent_at = @now
WHERE id = @id AND patient_id = @patient_id AND kind = 'parent' AND ended_at IS NULL;

-- name: EndAuthorisation :execrows
UPDATE authorisations SET ended_at = @now, ended_by = @by, end_reason = @reason, end_note = @note
WHERE id = @id AND patient_id = @patient_id AND ended_at IS NULL;

-- name: ListParentAuthorisationsOfChild :many
-- The child's own page: the parents' authorisations that are live, and those the practice ended (the
-- child is told why they cannot let that parent back in) unless the parent has a live one again; with the
-- parent's name and the areas.
SELECT a.id, a.patient_id, a.kind, a.areas, a.last_day, a.ended_at, a.end_reason, a.child_consent, a.child_consent_by,
       a.child_consent_at, a.created_at, g.given_name, g.name_prefix, g.family_name
FROM authorisations a JOIN users g ON g.id = a.grantee_id
WHERE a.patient_id = @patient_id AND a.kind = 'parent' AND (a.ended_at IS NULL OR (a.end_reason = 'staff' AND NOT EXISTS (
    SELECT 1 FROM authorisations l WHERE l.patient_id = a.patient_id AND l.grantee_id = a.grantee_id AND l.ended_at IS NULL)))
ORDER BY a.id;

-- name: HasLiveParentAuthorisation :one
-- Whether a parent's authorisation of the patient is live: then the practice may hide items from parents.
SELECT EXISTS (SELECT 1 FROM authorisations WHERE patient_id = @patient_id AND kind = 'parent' AND ended_at IS NULL);

-- name: ListChangingSoonAfter :many
-- The practice's list of live authorisations that end or change between @today and @until (dates,
-- YYYY-MM-DD): by their last day, or by the child's 12th or 16th birthday (the view
-- authorisation_birthdays), at the first of these from today on; in that order (change_on, id), the page
-- after the cursor (@after_on, @after_id), each row with the list's count up to @cap.
WITH changes AS (
    SELECT id, min(d) AS change_on FROM (
        SELECT a.id, date(a.last_day) AS d FROM authorisations a WHERE a.ended_at IS NULL AND a.last_day IS NOT NULL
        UNION ALL SELECT b.id, b.birthday12 FROM authorisation_birthdays b
        UNION ALL SELECT b.id, b.birthday16 FROM authorisation_birthdays b)
    WHERE d >= CAST(@today AS TEXT) GROUP BY id)
SELECT a.id, a.patient_id, a.kind, a.child_consent, CAST(ch.change_on AS TEXT) AS change_on,
       p.given_name, p.name_prefix, p.family_name, p.birth_date,
       g.given_name AS grantee_given_name, g.name_prefix AS grantee_name_prefix, g.family_name AS grantee_family_name,
       (SELECT count(*) FROM (SELECT 1 FROM changes x WHERE x.change_on <= CAST(@until AS TEXT) LIMIT @cap)) AS total
FROM changes ch JOIN authorisations a ON a.id = ch.id
JOIN users p ON p.id = a.patient_id JOIN users g ON g.id = a.grantee_id
WHERE ch.change_on <= CAST(@until AS TEXT)
  AND (ch.change_on > CAST(@after_on AS TEXT) OR (ch.change_on = CAST(@after_on AS TEXT) AND a.id > @after_id))
ORDER BY ch.change_on, a.id
LIMIT @limit;

-- name: ListChangingSoonBefore :many
-- The page before the cursor, read upwards (pageOf puts it in the list's order).
WITH changes AS (
    SELECT id, min(d) AS change_on FROM (
        SELECT a.id, date(a.last_day) AS d FROM authorisations a WHERE a.ended_at IS NULL AND a.last_day IS NOT NULL
        UNION ALL SELECT b.id, b.birthday12 FROM authorisation_birthdays b
        UNION ALL SELECT b.id, b.birthday16 FROM authorisation_birthdays b)
    WHERE d >= CAST(@today AS TEXT) GROUP BY id)
SELECT a.id, a.patient_id, a.kind, a.child_consent, CAST(ch.change_on AS TEXT) AS change_on,
       p.given_name, p.name_prefix, p.family_name, p.birth_date,
       g.given_name AS grantee_given_name, g.name_prefix AS grantee_name_prefix, g.family_name AS grantee_family_name,
       (SELECT count(*) FROM (SELECT 1 FROM changes x WHERE x.change_on <= CAST(@until AS TEXT) LIMIT @cap)) AS total
FROM changes ch JOIN authorisations a ON a.id = ch.id
JOIN users p ON p.id = a.patient_id JOIN users g ON g.id = a.grantee_id
WHERE ch.change_on <= CAST(@until AS TEXT)
  AND (ch.change_on < CAST(@before_on AS TEXT) OR (ch.change_on = CAST(@before_on AS TEXT) AND a.id < @before_id))
ORDER BY ch.change_on DESC, a.id DESC
LIMIT @limit;

-- name: DueSixteenNotices :many
-- Live parents' authorisations whose child turns 16 between @from and @until (dates) and that have not had
-- both mails: the round (handlers/kinderen_notices.go) decides which mail is due with the exact dates.
-- Only those the child consented to: a parent whose access stopped at 12 for want of consent has none that
-- the 16th birthday could change, and is not told of the child's birthday.
SELECT a.id, a.patient_id, a.notice_month_at, a.notice_day_at, b.birthday16, a.child_consent_by, a.child_consent_at,
       g.email, g.locale, g.given_name, g.name_prefix, g.family_name, CAST(g.password_hash IS NOT NULL AS INTEGER) AS active
FROM authorisation_birthdays b JOIN authorisations a ON a.id = b.id JOIN users g ON g.id = a.grantee_id
WHERE b.birthday16 BETWEEN CAST(@from AS TEXT) AND CAST(@until AS TEXT)
  AND (a.notice_month_at IS NULL OR a.notice_day_at IS NULL) AND a.child_consent = 'given' AND g.active = 1
ORDER BY a.id
LIMIT @limit;

-- name: MarkSixteenMonthNotice :execrows
-- Taken once: a second round (or a concurrent one) finds it marked and sends nothing.
UPDATE authorisations SET notice_month_at = @now WHERE id = @id AND notice_month_at IS NULL;

-- name: MarkSixteenDayNotice :execrows
UPDATE authorisations SET notice_day_at = @now WHERE id = @id AND notice_day_at IS NULL;

-- name: SetReportHiddenFromParents :execrows
UPDATE reports SET hidden_from_parents = @hidden WHERE id = @id AND patient_id = @patient_id;

-- name: SetDocumentHiddenFromParents :execrows
UPDATE documents SET hidden_from_parents = @hidden WHERE id = @id AND patient_id = @patient_id;
