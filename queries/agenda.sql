-- The patient's agenda (/afspraken): the list of upcoming appointments, the earlier ones a page at a
-- time, a week, and one appointment. Released or not at all: every statement asks visible_from <= @now,
-- so that an appointment the practice has not published yet exists nowhere for the patient.
-- Each row carries what the patient reads of it (the view patient_appointments, schema.sql, which also
-- leaves out what was cancelled before the patient could see it).

-- name: ListAgenda :many
-- The appointments that start in [@from, @to), in order: every booked one from now on (the list; the
-- overview's count counts the same), or a week's, whatever became of them (@booked_only 0: cancelled and
-- missed ones too).
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, a.kind_nl, a.kind_en, a.place, a.street, a.postcode,
       a.city, a.practitioners
FROM patient_appointments a
WHERE a.patient_id = @patient_id AND a.starts_at >= @from AND a.starts_at < @to AND a.visible_from <= @now
  AND (a.status = 'booked' OR NOT CAST(@booked_only AS INTEGER))
ORDER BY a.starts_at, a.id;

-- "Eerdere afspraken": the appointments that started before @now, newest first (starts_at, id), read a
-- page at a time (handlers/paging.go). The cursor is an appointment's id, whose start the query looks
-- up among the patient's own; another id (or 0) is the start of the list. Each row also counts the
-- whole list, up to @cap rows (total).

-- name: ListPastAgendaAfter :many
-- The page after the cursor: older appointments.
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, a.kind_nl, a.kind_en, a.place, a.street, a.postcode,
       a.city, a.practitioners,
       (SELECT count(*) FROM (SELECT 1 FROM patient_appointments c WHERE c.patient_id = @patient_id
                              AND c.starts_at < @now AND c.visible_from <= @now LIMIT @cap)) AS total
FROM patient_appointments a
WHERE a.patient_id = @patient_id AND a.starts_at < @now AND a.visible_from <= @now
  AND (a.starts_at, a.id) < (SELECT s.starts_at, s.id FROM appointments s WHERE s.id = @cursor AND s.patient_id = @patient_id
                             UNION ALL SELECT @now, 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY a.starts_at DESC, a.id DESC
LIMIT @limit;

-- name: ListPastAgendaBefore :many
-- The page before the cursor: newer appointments, read upwards (pageOf puts them in the list's order).
SELECT a.id, a.starts_at, a.ends_at, a.status, a.instructions, a.kind_nl, a.kind_en, a.place, a.street, a.postcode,
       a.city, a.practitioners,
       (SELECT count(*) FROM (SELECT 1 FROM patient_appointments c WHERE c.patient_id = @patient_id
                              AND c.starts_at < @now AND c.visible_from <= @now LIMIT @cap)) AS total
FROM patient_appointments a
WHERE a.patient_id = @patient_id AND a.starts_at < @now AND a.visible_from <= @now
  AND (a.starts_at, a.id) > (SELECT s.starts_at, s.id FROM appointments s WHERE s.id = @cursor AND s.patient_id = @patient_id
                             UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY a.starts_at, a.id
LIMIT @limit;

-- name: GetPatientAppointment :one
-- One appointment of the patient's, once published: for its page, the cancel page and its calendar file.
-- The kind says whether the patient may cancel it.
SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.status, a.instructions, a.kind_nl, a.kind_en, a.place, a.street,
       a.postcode, a.city, a.practitioners, a.cancellable, a.created_at, a.revision
FROM patient_appointments a
WHERE a.id = @id AND a.patient_id = @patient_id AND a.visible_from <= @now;
