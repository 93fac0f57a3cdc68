-- Consents (schema: consent_kinds, consent_events) and the photos of users (user_photos).

-- name: ListConsentKinds :many
-- Every kind, inactive ones too: the administrator's list.
SELECT * FROM consent_kinds ORDER BY position, id;

-- name: GetConsentKind :one
SELECT * FROM consent_kinds WHERE id = ?;

-- name: GetConsentKindByKey :one
-- The shipped consent of the key (schema.sql's consent_kinds.key), found by its name rather than its id.
SELECT id FROM consent_kinds WHERE key = CAST(@key AS TEXT);

-- name: GetChangeableConsentKind :one
-- A kind the patient may give or withdraw in the portal now.
SELECT * FROM consent_kinds WHERE id = ? AND active = 1 AND patient_may_change = 1;

-- name: CreateConsentKind :one
INSERT INTO consent_kinds (text_nl, text_en, patient_may_change, active, position)
VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM consent_kinds))
RETURNING id;

-- name: UpdateConsentKind :exec
UPDATE consent_kinds SET text_nl = ?, text_en = ?, patient_may_change = ?, active = ? WHERE id = ?;

-- name: ListPatientConsents :many
-- The active kinds with the patient's current state of each (the newest event; none: never asked).
SELECT k.id, k.text_nl, k.text_en, k.patient_may_change, e.given, e.at
FROM consent_kinds k
LEFT JOIN consent_events e ON e.id = (SELECT max(c.id) FROM consent_events c
                                      WHERE c.patient_id = @patient_id AND c.kind_id = k.id)
WHERE k.active = 1
ORDER BY k.position, k.id;

-- name: ListConsentHistory :many
-- Every change of the patient's consents, newest first, with who made it.
SELECT e.id, e.kind_id, e.given, e.at, k.text_nl, k.text_en, e.by_id, u.role AS by_role,
       u.given_name AS by_given_name, u.name_prefix AS by_name_prefix, u.family_name AS by_family_name
FROM consent_events e
JOIN consent_kinds k ON k.id = e.kind_id
JOIN users u ON u.id = e.by_id
WHERE e.patient_id = ?
ORDER BY e.id DESC
LIMIT ?;

-- name: CurrentConsent :one
-- The patient's state of one kind: 1 given, 0 withdrawn, -1 never recorded.
SELECT CAST(coalesce((SELECT given FROM consent_events WHERE patient_id = ? AND kind_id = ? ORDER BY id DESC LIMIT 1), -1) AS INTEGER);

-- name: AddConsentEvent :one
INSERT INTO consent_events (patient_id, kind_id, given, at, by_id) VALUES (?, ?, ?, ?, ?)
RETURNING id;

-- name: CountConsents :many
-- Per kind, how many patients have it given and withdrawn now (their newest event).
SELECT k.id, k.text_nl, k.text_en, k.patient_may_change, k.active,
       CAST(coalesce(sum(e.given = 1), 0) AS INTEGER) AS given,
       CAST(coalesce(sum(e.given = 0), 0) AS INTEGER) AS withdrawn
FROM consent_kinds k
LEFT JOIN consent_events e ON e.kind_id = k.id AND NOT EXISTS (
    SELECT 1 FROM consent_events n WHERE n.patient_id = e.patient_id AND n.kind_id = e.kind_id AND n.id > e.id)
GROUP BY k.id
ORDER BY k.position, k.id;

-- name: ListConsentPatientsAfter :many
-- The patients with a current state of the kind, the latest change first, after the event @after (the
-- largest id for the first page), with their number counted up to @cap.
SELECT e.id, e.patient_id, e.given, e.at, u.given_name, u.name_prefix, u.family_name, u.birth_date,
       (SELECT count(*) FROM (SELECT 1 FROM consent_events c WHERE c.kind_id = @kind_id AND NOT EXISTS (
           SELECT 1 FROM consent_events n WHERE n.patient_id = c.patient_id AND n.kind_id = c.kind_id AND n.id > c.id)
        LIMIT @cap)) AS total
FROM consent_events e JOIN users u ON u.id = e.patient_id
WHERE e.kind_id = @kind_id AND e.id < @after AND NOT EXISTS (
    SELECT 1 FROM consent_events n WHERE n.patient_id = e.patient_id AND n.kind_id = e.kind_id AND n.id > e.id)
ORDER BY e.id DESC
LIMIT @limit;

-- name: ListConsentPatientsBefore :many
-- As ListConsentPatientsAfter, the page before the event @before, read backwards.
SELECT e.id, e.patient_id, e.given, e.at, u.given_name, u.name_prefix, u.family_name, u.birth_date,
       (SELECT count(*) FROM (SELECT 1 FROM consent_events c WHERE c.kind_id = @kind_id AND NOT EXISTS (
           SELECT 1 FROM consent_events n WHERE n.patient_id = c.patient_id AND n.kind_id = c.kind_id AND n.id > c.id)
        LIMIT @cap)) AS total
FROM consent_events e JOIN users u ON u.id = e.patient_id
WHERE e.kind_id = @kind_id AND e.id > @before AND NOT EXISTS (
    SELECT 1 FROM consent_events n WHERE n.patient_id = e.patient_id AND n.kind_id = e.kind_id AND n.id > e.id)
ORDER BY e.id ASC
LIMIT @limit;

-- name: SetUserPhoto :exec
INSERT INTO user_photos (user_id, width, height, thumb_width, thumb_height, placed_by, placed_at, content, thumb)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (user_id) DO UPDATE SET width = excluded.width, height = excluded.height,
    thumb_width = excluded.thumb_width, thumb_height = excluded.thumb_height, placed_by = excluded.placed_by,
    placed_at = excluded.placed_at, content = excluded.content, thumb = excluded.thumb;

-- name: GetUserPhotoThumb :one
SELECT thumb, thumb_width, thumb_height FROM user_photos WHERE user_id = ?;

-- name: ListPatientPractitioners :many
-- "Mijn behandelaars": the patient's lead practitioner and the practitioners of the appointments the
-- patient sees (visible_from <= @now) from @since on, each once, with their photo's thumbnail.
SELECT u.id, u.role, u.given_name, u.name_prefix, u.family_name,
       CAST(u.id = coalesce((SELECT pt.practitioner_id FROM users pt WHERE pt.id = @patient_id), 0) AS INTEGER) AS is_lead,
       p.thumb, coalesce(p.thumb_width, 0) AS thumb_width, coalesce(p.thumb_height, 0) AS thumb_height
FROM users u LEFT JOIN user_photos p ON p.user_id = u.id
WHERE u.role <> 'patient' AND u.active = 1 AND (
    u.id = (SELECT pt.practitioner_id FROM users pt WHERE pt.id = @patient_id)
    OR u.id IN (SELECT a.practitioner_id FROM appointments a
                WHERE a.patient_id = @patient_id AND a.starts_at >= @since AND a.visible_from <= @now AND a.status <> 'cancelled'
                UNION
                SELECT ap.practitioner_id FROM appointments a JOIN appointment_practitioners ap ON ap.appointment_id = a.id
                WHERE a.patient_id = @patient_id AND a.starts_at >= @since AND a.visible_from <= @now AND a.status <> 'cancelled'))
ORDER BY is_lead DESC, u.family_name, u.given_name, u.id;
