-- name: ListPatientThreads :many
-- The patient's conversations, newest first, with how many of the practice's messages are unread.
SELECT t.id, t.subject, t.kind, t.last_message_at, t.practitioner_id,
       coalesce(p.given_name, '') AS practitioner_given_name, coalesce(p.name_prefix, '') AS practitioner_name_prefix,
       coalesce(p.family_name, '') AS practitioner_family_name,
       (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.sender_id <> t.patient_id AND m.read_at IS NULL) AS unread
FROM message_threads t LEFT JOIN users p ON p.id = t.practitioner_id
WHERE t.patient_id = ?
ORDER BY t.last_message_at DESC, t.id DESC;

-- name: GetPatientThread :one
SELECT * FROM message_threads WHERE id = ? AND patient_id = ?;

-- name: GetThread :one
SELECT * FROM message_threads WHERE id = ?;

-- name: ListThreadMessages :many
SELECT m.id, m.sender_id, m.body, m.sent_at, m.read_at, u.role AS sender_role,
       u.given_name AS sender_given_name, u.name_prefix AS sender_name_prefix, u.family_name AS sender_family_name,
       m.document_id, coalesce(d.title, '') AS document_title
FROM messages m JOIN users u ON u.id = m.sender_id LEFT JOIN documents d ON d.id = m.document_id
WHERE m.thread_id = ?
ORDER BY m.sent_at, m.id;

-- name: CreateThread :one
INSERT INTO message_threads (patient_id, practitioner_id, kind, subject, created_at, last_message_at)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: AddMessage :one
INSERT INTO messages (thread_id, sender_id, body, document_id, sent_at) VALUES (?, ?, ?, ?, ?)
RETURNING id;

-- name: PatientWroteInThread :exec
-- The patient wrote: the thread moves up and needs the practice's attention again.
UPDATE message_threads SET last_message_at = ?, handled_at = NULL WHERE id = ?;

-- name: StaffWroteInThread :exec
UPDATE message_threads SET last_message_at = ? WHERE id = ?;

-- name: MarkReadByPatient :exec
UPDATE messages SET read_at = @now WHERE thread_id = @thread_id AND sender_id <> @patient_id AND read_at IS NULL;

-- name: MarkReadByStaff :exec
UPDATE messages SET read_at = @now WHERE thread_id = @thread_id AND sender_id = @patient_id AND read_at IS NULL;

-- name: CountUnreadForPatient :one
SELECT count(*) FROM messages m JOIN message_threads t ON t.id = m.thread_id
WHERE t.patient_id = @patient_id AND m.sender_id <> @patient_id AND m.read_at IS NULL;

-- name: ListPractitioners :many
SELECT id, given_name, name_prefix, family_name FROM users
WHERE role = 'practitioner' AND active = 1 ORDER BY family_name, given_name;

-- The back office's inbox of @kind ('message' or 'econsult'), newest first (last_message_at, id), read a
-- page at a time from a cursor: the conversations after (older than) the key (@at, @id) or, read
-- backwards, before (newer than) it. The key is a conversation's own sort key, not its id, so that a
-- conversation that moves to the top meanwhile does not move the pages around it. @scope 'mine' (written
-- to or assigned to @staff_id), 'team' (to the team, unassigned) or 'all'. SQLite seeks the index
-- message_threads_recent (or, with handled_at IS NULL, message_threads_open) at the key.

-- name: ListInboxAfter :many
-- Handled threads too.
SELECT t.id, t.patient_id, t.subject, t.kind, t.last_message_at, t.handled_at, t.assigned_to, t.practitioner_id,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix, pt.family_name AS patient_family_name,
       (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.sender_id = t.patient_id AND m.read_at IS NULL) AS unread
FROM message_threads t JOIN users pt ON pt.id = t.patient_id
WHERE (@scope = 'all'
       OR (@scope = 'mine' AND (t.assigned_to = @staff_id OR (t.assigned_to IS NULL AND t.practitioner_id = @staff_id)))
       OR (@scope = 'team' AND t.practitioner_id IS NULL AND t.assigned_to IS NULL))
  AND t.kind = @kind AND (t.last_message_at, t.id) < (@at, CAST(@id AS INTEGER))
ORDER BY t.last_message_at DESC, t.id DESC
LIMIT @limit;

-- name: ListInboxBefore :many
SELECT t.id, t.patient_id, t.subject, t.kind, t.last_message_at, t.handled_at, t.assigned_to, t.practitioner_id,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix, pt.family_name AS patient_family_name,
       (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.sender_id = t.patient_id AND m.read_at IS NULL) AS unread
FROM message_threads t JOIN users pt ON pt.id = t.patient_id
WHERE (@scope = 'all'
       OR (@scope = 'mine' AND (t.assigned_to = @staff_id OR (t.assigned_to IS NULL AND t.practitioner_id = @staff_id)))
       OR (@scope = 'team' AND t.practitioner_id IS NULL AND t.assigned_to IS NULL))
  AND t.kind = @kind AND (t.last_message_at, t.id) > (@at, CAST(@id AS INTEGER))
ORDER BY t.last_message_at, t.id
LIMIT @limit;

-- name: ListOpenInboxAfter :many
-- Without the handled threads: the list staff work from. Queries of their own, so that the literal
-- "handled_at IS NULL" lets SQLite read the small index of open threads instead of all of them.
SELECT t.id, t.patient_id, t.subject, t.kind, t.last_message_at, t.handled_at, t.assigned_to, t.practitioner_id,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix, pt.family_name AS patient_family_name,
       (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.sender_id = t.patient_id AND m.read_at IS NULL) AS unread
FROM message_threads t JOIN users pt ON pt.id = t.patient_id
WHERE (@scope = 'all'
       OR (@scope = 'mine' AND (t.assigned_to = @staff_id OR (t.assigned_to IS NULL AND t.practitioner_id = @staff_id)))
       OR (@scope = 'team' AND t.practitioner_id IS NULL AND t.assigned_to IS NULL))
  AND t.kind = @kind AND t.handled_at IS NULL AND (t.last_message_at, t.id) < (@at, CAST(@id AS INTEGER))
ORDER BY t.last_message_at DESC, t.id DESC
LIMIT @limit;

-- name: ListOpenInboxBefore :many
SELECT t.id, t.patient_id, t.subject, t.kind, t.last_message_at, t.handled_at, t.assigned_to, t.practitioner_id,
       pt.given_name AS patient_given_name, pt.name_prefix AS patient_name_prefix, pt.family_name AS patient_family_name,
       (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.sender_id = t.patient_id AND m.read_at IS NULL) AS unread
FROM message_threads t JOIN users pt ON pt.id = t.patient_id
WHERE (@scope = 'all'
       OR (@scope = 'mine' AND (t.assigned_to = @staff_id OR (t.assigned_to IS NULL AND t.practitioner_id = @staff_id)))
       OR (@scope = 'team' AND t.practitioner_id IS NULL AND t.assigned_to IS NULL))
  AND t.kind = @kind AND t.handled_at IS NULL AND (t.last_message_at, t.id) > (@at, CAST(@id AS INTEGER))
ORDER BY t.last_message_at, t.id
LIMIT @limit;

-- name: SetThreadHandled :execrows
UPDATE message_threads SET handled_at = ? WHERE id = ?;

-- name: AssignThread :execrows
UPDATE message_threads SET assigned_to = ? WHERE id = ?;

-- name: SetNotifyMessages :exec
UPDATE users SET notify_messages = ? WHERE id = ?;

-- name: CountOpenForStaff :one
-- The open conversations waiting for @staff_id, messages and e-consults apart: written or assigned to
-- them, or to the team and not yet picked up. The numbers beside the queues in the back office's menu;
-- with them, in the same statement, the one beside "Agenda": the appointments in @staff_id's agenda
-- that patients booked or cancelled themselves and staff have not seen (appointments_unseen), and the
-- one beside "Correcties": the patients' open correction requests (report_corrections_open).
SELECT CAST(coalesce(sum(t.kind = 'message'), 0) AS INTEGER) AS messages,
       CAST(coalesce(sum(t.kind = 'econsult'), 0) AS INTEGER) AS econsults,
       (SELECT count(*) FROM appointments a WHERE a.practitioner_id = @staff_id AND a.staff_seen = 0) AS appointments,
       (SELECT count(*) FROM report_corrections k WHERE k.handled_at IS NULL) AS corrections,
       -- beside "Herhaalrecepten": the open requests that are @staff_id's or no one's yet
       (SELECT count(*) FROM repeat_requests r WHERE r.handled_at IS NULL
          AND (r.assigned_to = @staff_id OR r.assigned_to IS NULL)) AS repeat_requests,
       -- beside "Signalen": the flagged questionnaires not yet seen of assignments @staff_id or no
       -- practitioner made (the flagged responses' index)
       (SELECT count(*) FROM questionnaire_responses q JOIN questionnaire_assignments qa ON qa.id = q.assignment_id
        WHERE q.flagged = 1 AND q.flag_seen_at IS NULL
          AND (qa.assigned_by = @staff_id
               OR NOT EXISTS (SELECT 1 FROM users s WHERE s.id = qa.assigned_by AND s.role = 'practitioner'))) AS flagged_questionnaires
FROM message_threads t
WHERE t.handled_at IS NULL
  AND (t.assigned_to = @staff_id OR (t.assigned_to IS NULL AND (t.practitioner_id = @staff_id OR t.practitioner_id IS NULL)));
