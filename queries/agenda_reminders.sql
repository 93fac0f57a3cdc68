-- name: DueReminders :many
-- Booked appointments whose reminder is due and not yet queued, that the patient can see and that still
-- lie ahead, with how the patient wants to be reminded (their own choice, else the practice's). A
-- reminder is due at most reminder_hours (at most 168) before the start, so one due before @oldest belongs to
-- an appointment that has begun: the bound keeps the walk over the index short.
SELECT a.id, a.patient_id, a.starts_at, u.email, u.mobile, u.locale, u.active,
       u.given_name, u.name_prefix, u.family_name,
       CAST(coalesce(u.reminder_channel, c.reminder_channel) AS TEXT) AS channel
FROM appointments a JOIN users u ON u.id = a.patient_id
JOIN clinic_settings c ON c.id = 1
WHERE a.status = 'booked' AND a.reminded_at IS NULL AND a.remind_at <= @now AND a.remind_at > @oldest
  AND a.visible_from <= @now AND a.starts_at > @now
ORDER BY a.remind_at
LIMIT @limit;

-- name: MarkReminded :execrows
UPDATE appointments SET reminded_at = @now WHERE id = @id AND reminded_at IS NULL AND status = 'booked';
