-- The patient's agenda (/afspraken): the list of upcoming appointments, the earlier ones a page at a
-- time, a week, and one appointment. Released or not at all: every statement asks visible_from <= @now,
-- so that an appointment the practice has not published yet exists nowhere for the patient.
-- Each row carries what the patient reads of it: kind, place with its address, the practice's
-- instructions and everyone who takes part (practitioners: the lead first, then the others by name).

-- name: ListAgenda :many
-- The appointments that start in [@from, @to), in order: every booked one from now on (the list; the
-- overview's count counts the same), or a week's, whatever became of them (@booked_only 0: cancelled and
-- missed ones too).
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place, coalesce(pl.street, '') AS street, coalesce(pl.postcode, '') AS postcode,
       coalesce(pl.city, '') AS city,
       CAST(replace(trim(p.given_name || ' ' || p.name_prefix || ' ' || p.family_name), '  ', ' ')
            || coalesce((SELECT ', ' || group_concat(n, ', ') FROM (
                   SELECT replace(trim(u.given_name || ' ' || u.name_prefix || ' ' || u.family_name), '  ', ' ') AS n
                   FROM appointment_practitioners ap JOIN users u ON u.id = ap.practitioner_id
                   WHERE ap.appointment_id = a.id ORDER BY u.family_name, u.given_name, u.id)), '') AS TEXT) AS practitioners
FROM appointments a JOIN users p ON p.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.patient_id = @patient_id AND a.starts_at >= @from AND a.starts_at < @to AND a.visible_from <= @now
  AND (a.cancelled_at IS NULL OR a.cancelled_at >= a.visible_from)
  AND (a.status = 'booked' OR NOT CAST(@booked_only AS INTEGER))
ORDER BY a.starts_at, a.id;

-- "Eerdere afspraken": the appointments that started before @now, newest first (starts_at, id), read a
-- page at a time (handlers/paging.go). The cursor is an appointment's id, whose start the query looks
-- up among the patient's own; another id (or 0) is the start of the list. Each row also counts the
-- whole list, up to @cap rows (total).

-- name: ListPastAgendaAfter :many
-- The page after the cursor: older appointments.
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place, coalesce(pl.street, '') AS street, coalesce(pl.postcode, '') AS postcode,
       coalesce(pl.city, '') AS city,
       CAST(replace(trim(p.given_name || ' ' || p.name_prefix || ' ' || p.family_name), '  ', ' ')
            || coalesce((SELECT ', ' || group_concat(n, ', ') FROM (
                   SELECT replace(trim(u.given_name || ' ' || u.name_prefix || ' ' || u.family_name), '  ', ' ') AS n
                   FROM appointment_practitioners ap JOIN users u ON u.id = ap.practitioner_id
                   WHERE ap.appointment_id = a.id ORDER BY u.family_name, u.given_name, u.id)), '') AS TEXT) AS practitioners,
       (SELECT count(*) FROM (SELECT 1 FROM appointments c WHERE c.patient_id = @patient_id
                              AND c.starts_at < @now AND c.visible_from <= @now
                              AND (c.cancelled_at IS NULL OR c.cancelled_at >= c.visible_from) LIMIT @cap)) AS total
FROM appointments a JOIN users p ON p.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.patient_id = @patient_id AND a.starts_at < @now AND a.visible_from <= @now
  AND (a.cancelled_at IS NULL OR a.cancelled_at >= a.visible_from)
  AND (a.starts_at, a.id) < (SELECT s.starts_at, s.id FROM appointments s WHERE s.id = @cursor AND s.patient_id = @patient_id
                             UNION ALL SELECT @now, 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY a.starts_at DESC, a.id DESC
LIMIT @limit;

-- name: ListPastAgendaBefore :many
-- The page before the cursor: newer appointments, read upwards (pageOf puts them in the list's order).
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place, coalesce(pl.street, '') AS street, coalesce(pl.postcode, '') AS postcode,
       coalesce(pl.city, '') AS city,
       CAST(replace(trim(p.given_name || ' ' || p.name_prefix || ' ' || p.family_name), '  ', ' ')
            || coalesce((SELECT ', ' || group_concat(n, ', ') FROM (
                   SELECT replace(trim(u.given_name || ' ' || u.name_prefix || ' ' || u.family_name), '  ', ' ') AS n
                   FROM appointment_practitioners ap JOIN users u ON u.id = ap.practitioner_id
                   WHERE ap.appointment_id = a.id ORDER BY u.family_name, u.given_name, u.id)), '') AS TEXT) AS practitioners,
       (SELECT count(*) FROM (SELECT 1 FROM appointments c WHERE c.patient_id = @patient_id
                              AND c.starts_at < @now AND c.visible_from <= @now
                              AND (c.cancelled_at IS NULL OR c.cancelled_at >= c.visible_from) LIMIT @cap)) AS total
FROM appointments a JOIN users p ON p.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.patient_id = @patient_id AND a.starts_at < @now AND a.visible_from <= @now
  AND (a.cancelled_at IS NULL OR a.cancelled_at >= a.visible_from)
  AND (a.starts_at, a.id) > (SELECT s.starts_at, s.id FROM appointments s WHERE s.id = @cursor AND s.patient_id = @patient_id
                             UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY a.starts_at, a.id
LIMIT @limit;

-- name: GetPatientAppointment :one
-- One appointment of the patient's, once published; the kind says whether the patient may cancel it.
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place, coalesce(pl.street, '') AS street, coalesce(pl.postcode, '') AS postcode,
       coalesce(pl.city, '') AS city,
       CAST(replace(trim(p.given_name || ' ' || p.name_prefix || ' ' || p.family_name), '  ', ' ')
            || coalesce((SELECT ', ' || group_concat(n, ', ') FROM (
                   SELECT replace(trim(u.given_name || ' ' || u.name_prefix || ' ' || u.family_name), '  ', ' ') AS n
                   FROM appointment_practitioners ap JOIN users u ON u.id = ap.practitioner_id
                   WHERE ap.appointment_id = a.id ORDER BY u.family_name, u.given_name, u.id)), '') AS TEXT) AS practitioners,
       k.cancellable
FROM appointments a JOIN users p ON p.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.id = @id AND a.patient_id = @patient_id AND a.visible_from <= @now
  AND (a.cancelled_at IS NULL OR a.cancelled_at >= a.visible_from);
