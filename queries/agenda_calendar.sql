-- name: CancelOwnAppointment :execrows
-- The patient cancels: the time is free at once (only booked appointments take a practitioner's time),
-- and the practice sees it as new (staff_seen). @by is who cancels: the patient, or who acts for them.
UPDATE appointments SET status = 'cancelled', cancelled_at = @now, cancelled_by = @by, staff_seen = 0
WHERE id = @id AND patient_id = @patient_id AND status = 'booked' AND visible_from <= @now;

-- name: ListFeedAppointments :many
-- The patient's subscription feed: published appointments from @since on, booked or cancelled; a
-- cancelled one only if the patient could see it before it was cancelled (else it never existed for
-- them). Bounded, so that a feed stays small whatever the history.
SELECT a.id, a.starts_at, a.ends_at, a.status, a.created_at, a.cancelled_at, a.revision
FROM appointments a
WHERE a.patient_id = @patient_id AND a.starts_at >= @since AND a.visible_from <= @now
  AND (a.status = 'booked' OR (a.status = 'cancelled' AND a.cancelled_at >= a.visible_from))
ORDER BY a.starts_at
LIMIT 500;

-- name: GetCalendarFeedByHash :one
-- The patient whose subscription address has this secret (an active patient only).
SELECT f.user_id, u.locale FROM calendar_feeds f JOIN users u ON u.id = f.user_id
WHERE f.token_hash = @token_hash AND u.role = 'patient' AND u.active = 1;

-- name: GetCalendarFeed :one
SELECT created_at, last_read_at FROM calendar_feeds WHERE user_id = ?;

-- name: SetCalendarFeed :exec
-- A new address replaces the old one, which stops working at once.
INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (@user_id, @token_hash, @now)
ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, last_read_at = NULL;

-- name: DeleteCalendarFeed :execrows
DELETE FROM calendar_feeds WHERE user_id = ?;

-- name: CalendarFeedRead :exec
UPDATE calendar_feeds SET last_read_at = @now WHERE user_id = @user_id;

-- name: SetReminderChannel :exec
UPDATE users SET reminder_channel = @channel WHERE id = @id AND role = 'patient';
