-- The practice's agenda (handlers/agenda_praktijk.go): a day or a week of appointments, the patients'
-- own bookings and cancellations that staff have not seen, and making, moving and cancelling. Staff see
-- every appointment, published to the patient or not (visible_from is shown, never filtered on).

-- name: ListStaffAgenda :many
-- The appointments that start in [@from, @to) (a day or a week: bounded, read through
-- appointments_start) in the agenda of @practitioner_id, their own or one they take part in, or of the
-- whole practice when @practitioner_id is 0; every status, in order of time.
SELECT a.id, a.patient_id, a.practitioner_id, a.starts_at, a.ends_at, a.status, a.staff_seen, a.visible_from,
       k.name_nl AS kind_nl, k.name_en AS kind_en, coalesce(pl.name, '') AS place,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix,
       pt.family_name AS patient_family_name, coalesce(pt.patient_number, '') AS patient_number
FROM appointments a
JOIN users pt ON pt.id = a.patient_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.starts_at >= @from AND a.starts_at < @to
  AND (CAST(@practitioner_id AS INTEGER) = 0 OR a.practitioner_id = @practitioner_id
       OR EXISTS (SELECT 1 FROM appointment_practitioners ap
                  WHERE ap.appointment_id = a.id AND ap.practitioner_id = @practitioner_id))
ORDER BY a.starts_at, a.id;

-- name: ListUnseenAppointments :many
-- The appointments in @practitioner_id's agenda that patients booked or cancelled themselves and staff
-- have not seen yet (appointments_unseen), soonest first.
SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.status, k.name_nl AS kind_nl, k.name_en AS kind_en,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix,
       pt.family_name AS patient_family_name
FROM appointments a
JOIN users pt ON pt.id = a.patient_id
JOIN appointment_kinds k ON k.id = a.kind_id
WHERE a.practitioner_id = @practitioner_id AND a.staff_seen = 0
ORDER BY a.starts_at, a.id
LIMIT 50;

-- name: MarkAppointmentSeen :execrows
UPDATE appointments SET staff_seen = 1 WHERE id = @id AND staff_seen = 0;

-- name: GetAppointmentForStaff :one
-- One appointment with what its page shows: kind (and its publication rule), place, patient (and where
-- mail reaches them), practitioner, who made and who cancelled it.
SELECT a.id, a.patient_id, a.practitioner_id, a.kind_id, a.place_id, a.starts_at, a.ends_at, a.instructions,
       a.reason, a.status, a.visible_from, a.remind_at, a.reminded_at, a.cancelled_at, a.cancel_reason,
       a.created_at, a.staff_seen, a.revision,
       k.name_nl AS kind_nl, k.name_en AS kind_en, k.publish, k.publish_time, k.publish_days,
       coalesce(pl.name, '') AS place,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix,
       pt.family_name AS patient_family_name, coalesce(pt.patient_number, '') AS patient_number,
       pt.email AS patient_email, pt.locale AS patient_locale,
       pr.given_name AS practitioner_given_name, pr.name_prefix AS practitioner_name_prefix,
       pr.family_name AS practitioner_family_name,
       coalesce(bb.role, '') AS booked_by_role,
       CAST(coalesce((SELECT ap.practitioner_id FROM appointment_practitioners ap WHERE ap.appointment_id = a.id
                      ORDER BY ap.practitioner_id LIMIT 1), 0) AS INTEGER) AS extra_id,
       CAST(coalesce((SELECT group_concat(trim(u.given_name || ' ' || u.name_prefix) || ' ' || u.family_name, ', ')
                      FROM appointment_practitioners ap JOIN users u ON u.id = ap.practitioner_id
                      WHERE ap.appointment_id = a.id), '') AS TEXT) AS extra_names
FROM appointments a
JOIN users pt ON pt.id = a.patient_id
JOIN users pr ON pr.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
LEFT JOIN users bb ON bb.id = a.booked_by
WHERE a.id = @id;

-- name: ListAppointmentKindsForStaff :many
-- The kinds staff may give a new appointment, with what a new one starts with.
SELECT id, name_nl, name_en, minutes, publish, publish_time, publish_days, place_id, instructions_nl, instructions_en
FROM appointment_kinds WHERE active = 1 ORDER BY name_nl, id;

-- name: ListActivePlaces :many
SELECT id, name FROM places WHERE active = 1 ORDER BY name, id;

-- name: CreateAppointment :one
INSERT INTO appointments (patient_id, practitioner_id, kind_id, place_id, starts_at, ends_at, instructions,
                          status, booked_by, visible_from, remind_at, created_at, staff_seen)
VALUES (@patient_id, @practitioner_id, @kind_id, @place_id, @starts_at, @ends_at, @instructions,
        'booked', @booked_by, @visible_from, @remind_at, @created_at, 1)
RETURNING id;

-- name: AddAppointmentPractitioner :exec
INSERT INTO appointment_practitioners (appointment_id, practitioner_id) VALUES (@appointment_id, @practitioner_id);

-- name: ClearAppointmentPractitioners :exec
DELETE FROM appointment_practitioners WHERE appointment_id = @appointment_id;

-- name: MoveAppointment :execrows
-- A booked appointment gets another time, practitioner, place or instructions; the caller works out
-- visible_from, and the reminder anew when the time changed.
UPDATE appointments
SET practitioner_id = @practitioner_id, place_id = @place_id, starts_at = @starts_at, ends_at = @ends_at,
    instructions = @instructions, visible_from = @visible_from, remind_at = @remind_at, reminded_at = @reminded_at
WHERE id = @id AND status = 'booked' AND revision = @revision;

-- name: CancelAppointmentByStaff :execrows
UPDATE appointments
SET status = 'cancelled', cancelled_at = @now, cancelled_by = @staff_id, cancel_reason = @reason, staff_seen = 1
WHERE id = @id AND status = 'booked' AND revision = @revision;

-- name: MarkNoShow :execrows
UPDATE appointments SET status = 'noshow' WHERE id = @id AND status = 'booked' AND starts_at <= @now;

-- name: ListPatientAppointmentsUpcoming :many
-- The patient page's agenda panel: every booked appointment still to come, published or not.
SELECT a.id, a.starts_at, a.ends_at, a.status, a.visible_from, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place,
       pr.given_name AS practitioner_given_name, pr.name_prefix AS practitioner_name_prefix,
       pr.family_name AS practitioner_family_name
FROM appointments a
JOIN users pr ON pr.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.patient_id = @patient_id AND a.status = 'booked' AND a.ends_at > @now
ORDER BY a.starts_at, a.id
LIMIT 50;

-- name: ListPatientAppointmentsPast :many
-- The last few appointments of the patient's that are over (or cancelled or missed), newest first.
SELECT a.id, a.starts_at, a.ends_at, a.status, a.visible_from, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place,
       pr.given_name AS practitioner_given_name, pr.name_prefix AS practitioner_name_prefix,
       pr.family_name AS practitioner_family_name
FROM appointments a
JOIN users pr ON pr.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.patient_id = @patient_id AND a.starts_at < @now
  AND NOT (a.status = 'booked' AND a.ends_at > @now)
ORDER BY a.starts_at DESC, a.id DESC
LIMIT 5;
