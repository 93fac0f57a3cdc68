-- name: ListUpcomingAppointments :many
-- The patient's next appointments that the practice has published (visible_from, schema.sql).
SELECT a.id, a.starts_at, a.ends_at, k.name_nl AS kind_nl, k.name_en AS kind_en,
       coalesce(pl.name, '') AS place,
       p.given_name AS practitioner_given_name, p.name_prefix AS practitioner_name_prefix,
       p.family_name AS practitioner_family_name
FROM appointments a JOIN users p ON p.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.patient_id = @patient_id AND a.status = 'booked' AND a.starts_at >= @now AND a.visible_from <= @now
ORDER BY a.starts_at
LIMIT @limit;

-- name: GetOverviewCounts :one
SELECT
    (SELECT count(*) FROM appointments a
      WHERE a.patient_id = @patient_id AND a.status = 'booked' AND a.starts_at >= @now
        AND a.visible_from <= @now) AS upcoming_appointments,
    -- What the patient's dossier lists (queries/dossier.sql): shared, not withdrawn, and none while the
    -- dossier is not linked.
    (SELECT count(*) FROM patient_reports r WHERE r.patient_id = @patient_id AND r.published_at <= @now) AS record_items,
    (SELECT count(*) FROM messages m JOIN message_threads t ON t.id = m.thread_id
      WHERE t.patient_id = @patient_id AND m.sender_id <> @patient_id AND m.read_at IS NULL) AS unread_messages,
    -- The current medication (queries/medicatie.sql).
    (SELECT count(*) FROM medication md WHERE md.patient_id = @patient_id AND md.stop_reason = ''
      AND (md.ended_on IS NULL OR md.ended_on >= @today)) AS current_medication,
    -- Results the patient has not seen yet, of those that show (queries/uitslagen.sql).
    (SELECT count(*) FROM patient_results r WHERE r.patient_id = @patient_id AND r.visible_from <= @now
        AND r.seen_at IS NULL) AS new_results,
    -- Re-orders of medication not yet handled (queries/herhaalrecepten.sql).
    (SELECT count(*) FROM repeat_requests r WHERE r.patient_id = @patient_id AND r.handled_at IS NULL) AS open_repeat_requests,
    -- Questionnaires available to fill in and not submitted (queries/vragenlijsten.sql).
    (SELECT count(*) FROM questionnaire_responses q WHERE q.patient_id = @patient_id AND q.submitted_at IS NULL
        AND q.available_at <= @now) AS open_questionnaires;
