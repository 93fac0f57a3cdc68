-- Patients book appointments themselves (handlers/agenda_booking.go): the kinds they may book, the
-- practitioners who take them, and those practitioners' schedules, read in few statements.

-- name: ListBookableKinds :many
SELECT id, name_nl, name_en, minutes FROM appointment_kinds WHERE bookable = 1 AND active = 1 ORDER BY name_nl, id;

-- name: ListBookingPractitioners :many
-- A kind and the practitioners who have hours for it (weekly, or extra hours still to come), by name:
-- one row per practitioner, or one row with practitioner 0 when none has. No row: no such kind.
SELECT k.id, k.name_nl, k.name_en, k.minutes, k.bookable, k.active, k.choose_practitioner,
       k.place_id, k.instructions_nl, k.instructions_en, coalesce(pl.name, '') AS place,
       coalesce(u.id, 0) AS practitioner_id, coalesce(u.given_name, '') AS given_name,
       coalesce(u.name_prefix, '') AS name_prefix, coalesce(u.family_name, '') AS family_name
FROM appointment_kinds k
LEFT JOIN places pl ON pl.id = k.place_id
LEFT JOIN users u ON u.role <> 'patient' AND u.active = 1
    AND (EXISTS (SELECT 1 FROM availability_hours h WHERE h.practitioner_id = u.id AND (h.kind_id IS NULL OR h.kind_id = k.id))
         OR EXISTS (SELECT 1 FROM availability_exceptions e WHERE e.practitioner_id = u.id AND e.kind = 'extra'
                    AND (e.kind_id IS NULL OR e.kind_id = k.id) AND e.ends_at > @now))
WHERE k.id = @kind_id
ORDER BY u.family_name, u.given_name, u.id;

-- name: ListBookingHours :many
-- Every practitioner's weekly hours, and (practitioner 0, the day in starts) the days the practice
-- closes from since (YYYY-MM-DD) on: both are few, and one statement serves the page.
SELECT practitioner_id, weekday, starts, ends, coalesce(kind_id, 0) AS kind_id FROM availability_hours
UNION ALL
SELECT 0, 0, substr(day, 1, 10), '', 0 FROM closure_days WHERE day >= CAST(@since AS TEXT)
ORDER BY 1, 2, 3;

-- name: ListBookingSpans :many
-- The practitioners' absences, extra hours and booked time (kind 'busy') that touch [from, to). An
-- appointment lasts less than a day (a kind at most 8 hours), so booked time starting a day before from
-- is all that can reach into it; the bound lets the index on starts_at find it.
SELECT e.practitioner_id, e.kind, coalesce(e.kind_id, 0) AS kind_id, e.starts_at, e.ends_at
FROM availability_exceptions e WHERE e.starts_at < @to AND e.ends_at > @from
UNION ALL
SELECT b.practitioner_id, 'busy', 0, b.starts_at, b.ends_at
FROM practitioner_busy b WHERE b.starts_at >= @since AND b.starts_at < @to AND b.ends_at > @from;

-- name: CountOpenBookings :one
-- The appointments the patient booked themselves that are still to come (clinic_settings.booking_max_open).
SELECT count(*) FROM appointments
WHERE patient_id = @patient_id AND booked_by = @patient_id AND status = 'booked' AND starts_at > @now;

-- name: InsertBooking :one
INSERT INTO appointments (patient_id, practitioner_id, kind_id, place_id, starts_at, ends_at, instructions, reason,
    status, booked_by, visible_from, remind_at, created_at, staff_seen)
VALUES (@patient_id, @practitioner_id, @kind_id, @place_id, @starts_at, @ends_at, @instructions, @reason,
    'booked', @booked_by, @visible_from, @remind_at, @created_at, 0)
RETURNING id;
