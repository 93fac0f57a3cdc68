-- The agenda's settings (the administrator's pages) and the practitioners' availability.

-- name: ListAppointmentKinds :many
SELECT * FROM appointment_kinds ORDER BY active DESC, name_nl, id;

-- name: GetAppointmentKind :one
SELECT * FROM appointment_kinds WHERE id = ?;

-- name: CreateAppointmentKind :one
INSERT INTO appointment_kinds (name_nl, name_en, minutes, bookable, choose_practitioner, cancellable,
                               publish, publish_time, publish_days, place_id, instructions_nl, instructions_en, active)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: UpdateAppointmentKind :exec
UPDATE appointment_kinds SET name_nl = ?, name_en = ?, minutes = ?, bookable = ?, choose_practitioner = ?,
    cancellable = ?, publish = ?, publish_time = ?, publish_days = ?, place_id = ?, instructions_nl = ?,
    instructions_en = ?, active = ?
WHERE id = ?;

-- name: ListUnpublishedAppointmentsOfKind :many
-- The booked appointments of a kind that the patient does not see yet: a new publication rule applies
-- to them (those already visible stay so).
SELECT id, patient_id, starts_at FROM appointments
WHERE kind_id = @kind_id AND status = 'booked' AND visible_from > @now AND starts_at > @now;

-- name: SetAppointmentVisibleFrom :exec
UPDATE appointments SET visible_from = ? WHERE id = ?;

-- name: ListPlaces :many
SELECT * FROM places ORDER BY active DESC, name, id;

-- name: GetPlace :one
SELECT * FROM places WHERE id = ?;

-- name: CreatePlace :one
INSERT INTO places (name, street, postcode, city, active) VALUES (?, ?, ?, ?, ?) RETURNING id;

-- name: UpdatePlace :exec
UPDATE places SET name = ?, street = ?, postcode = ?, city = ?, active = ? WHERE id = ?;

-- name: UpdateBookingSettings :exec
UPDATE clinic_settings SET booking_weeks = ?, booking_notice_minutes = ?, booking_max_open = ?, cancel_hours = ?,
    closed_on_holidays = ?, reminder_channel = ?, reminder_hours = ?
WHERE id = 1;

-- name: ListClosureDaysFrom :many
SELECT * FROM closure_days WHERE day >= ? ORDER BY day;

-- name: SetClosureDay :exec
-- A day entered again keeps the reason typed last.
INSERT INTO closure_days (day, reason) VALUES (?, ?)
ON CONFLICT (day) DO UPDATE SET reason = excluded.reason;

-- name: DeleteClosureDay :execrows
DELETE FROM closure_days WHERE day = ?;

-- name: GetPractitioner :one
SELECT * FROM users WHERE id = ? AND role = 'practitioner' AND active = 1;

-- name: ListAvailabilityHours :many
SELECT h.id, h.weekday, h.starts, h.ends, h.kind_id, h.place_id,
       coalesce(k.name_nl, '') AS kind_nl, coalesce(k.name_en, '') AS kind_en, coalesce(p.name, '') AS place_name
FROM availability_hours h
LEFT JOIN appointment_kinds k ON k.id = h.kind_id
LEFT JOIN places p ON p.id = h.place_id
WHERE h.practitioner_id = ?
ORDER BY h.weekday, h.starts, h.id;

-- name: GetAvailabilityHours :one
SELECT * FROM availability_hours WHERE id = ?;

-- name: CountOverlappingHours :one
-- Hours of the practitioner on the same day of the week that overlap the given clock times.
SELECT count(*) FROM availability_hours
WHERE practitioner_id = @practitioner_id AND weekday = @weekday AND starts < @ends AND ends > @starts;

-- name: InsertAvailabilityHours :one
INSERT INTO availability_hours (practitioner_id, weekday, starts, ends, kind_id, place_id)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id;

-- name: DeleteAvailabilityHours :exec
DELETE FROM availability_hours WHERE id = ?;

-- name: ListAvailabilityExceptionsFrom :many
-- The exceptions that have not ended yet, soonest first.
SELECT * FROM availability_exceptions WHERE practitioner_id = ? AND ends_at > ? ORDER BY starts_at, id;

-- name: GetAvailabilityException :one
SELECT * FROM availability_exceptions WHERE id = ?;

-- name: InsertAvailabilityException :one
INSERT INTO availability_exceptions (practitioner_id, kind, starts_at, ends_at, kind_id, note)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id;

-- name: DeleteAvailabilityException :exec
DELETE FROM availability_exceptions WHERE id = ?;
