-- Repeat prescriptions (herhaalrecepten): the patient's page, the practice's queue and the settings.

-- name: ListRepeatMedication :many
-- What the patient may tick: their current chronic medication, each marked when an open request of theirs
-- already asks for it.
SELECT m.id, m.name, m.strength, m.form, m.dosage,
       EXISTS (SELECT 1 FROM repeat_request_items i JOIN repeat_requests r ON r.id = i.request_id
               WHERE i.medication_id = m.id AND r.handled_at IS NULL) AS requested
FROM medication m
WHERE m.patient_id = @patient_id AND m.chronic = 1 AND m.started_on <= @today
  AND (m.ended_on IS NULL OR m.ended_on >= @today)
ORDER BY m.name, m.id;

-- name: GetRepeatMedication :one
-- A ticked medication as the form named it: whose it is, and whether it may be requested @today.
SELECT m.id, m.patient_id,
       CAST(m.chronic = 1 AND m.started_on <= @today AND (m.ended_on IS NULL OR m.ended_on >= @today) AS INTEGER) AS orderable
FROM medication m WHERE m.id = @id;

-- name: ListActivePharmacies :many
-- The pharmacies patients choose from, the one @patient_id chose last marked.
SELECT p.id, p.name, p.street, p.city,
       EXISTS (SELECT 1 FROM patient_pharmacies c WHERE c.patient_id = @patient_id AND c.pharmacy_id = p.id) AS chosen
FROM pharmacies p WHERE p.active = 1 ORDER BY p.name, p.id;

-- name: SetPatientPharmacy :exec
INSERT INTO patient_pharmacies (patient_id, pharmacy_id) VALUES (@patient_id, @pharmacy_id)
ON CONFLICT (patient_id) DO UPDATE SET pharmacy_id = excluded.pharmacy_id;

-- name: InsertRepeatRequest :one
INSERT INTO repeat_requests (patient_id, pharmacy_id, note, requested_at, ready_on)
VALUES (@patient_id, @pharmacy_id, @note, @requested_at, @ready_on)
RETURNING id;

-- name: InsertRepeatRequestItem :exec
INSERT INTO repeat_request_items (request_id, medication_id) VALUES (@request_id, @medication_id);

-- name: ListRepeatRequestsAfter :many
-- The patient's requests, newest first, the page after the cursor (a request's id, whose key is looked
-- up), each with what it asks for and the list's capped count.
SELECT r.id, r.requested_at, r.ready_on, r.state, r.refuse_reason, r.note, p.name AS pharmacy,
       CAST((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM repeat_request_items i
             JOIN medication m ON m.id = i.medication_id WHERE i.request_id = r.id) AS TEXT) AS items,
       (SELECT count(*) FROM (SELECT 1 FROM repeat_requests o WHERE o.patient_id = @patient_id LIMIT @cap)) AS total
FROM repeat_requests r JOIN pharmacies p ON p.id = r.pharmacy_id
WHERE r.patient_id = @patient_id
  AND (r.requested_at, r.id) < (SELECT s.requested_at, s.id FROM repeat_requests s WHERE s.id = @cursor AND s.patient_id = @patient_id
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.requested_at DESC, r.id DESC
LIMIT @limit;

-- name: ListRepeatRequestsBefore :many
SELECT r.id, r.requested_at, r.ready_on, r.state, r.refuse_reason, r.note, p.name AS pharmacy,
       CAST((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM repeat_request_items i
             JOIN medication m ON m.id = i.medication_id WHERE i.request_id = r.id) AS TEXT) AS items,
       (SELECT count(*) FROM (SELECT 1 FROM repeat_requests o WHERE o.patient_id = @patient_id LIMIT @cap)) AS total
FROM repeat_requests r JOIN pharmacies p ON p.id = r.pharmacy_id
WHERE r.patient_id = @patient_id
  AND (r.requested_at, r.id) > (SELECT s.requested_at, s.id FROM repeat_requests s WHERE s.id = @cursor AND s.patient_id = @patient_id
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.requested_at, r.id
LIMIT @limit;

-- name: ListOpenRepeatQueueAfter :many
-- The practice's queue of open requests, oldest first ("mine": assigned to @staff_id; "team": to no one
-- yet; "all"), the page after the cursor, each with what it asks for, the patient's current medication
-- beside it (@today) and the queue's capped count. Queries of their own for the open list, so that the
-- literal "handled_at IS NULL" reads the small index of open requests.
SELECT r.id, r.patient_id, r.requested_at, r.ready_on, r.state, r.assigned_to, r.handled_at,
       u.given_name, u.name_prefix, u.family_name, u.birth_date,
       CAST((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM repeat_request_items i
             JOIN medication m ON m.id = i.medication_id WHERE i.request_id = r.id) AS TEXT) AS items,
       CAST(coalesce((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM medication m
             WHERE m.patient_id = r.patient_id AND m.started_on <= @today AND (m.ended_on IS NULL OR m.ended_on >= @today)), '') AS TEXT) AS current_medication,
       (SELECT count(*) FROM (SELECT 1 FROM repeat_requests o WHERE o.handled_at IS NULL
          AND (@scope = 'all' OR (@scope = 'mine' AND o.assigned_to = @staff_id) OR (@scope = 'team' AND o.assigned_to IS NULL)) LIMIT @cap)) AS total
FROM repeat_requests r JOIN users u ON u.id = r.patient_id
WHERE r.handled_at IS NULL
  AND (@scope = 'all' OR (@scope = 'mine' AND r.assigned_to = @staff_id) OR (@scope = 'team' AND r.assigned_to IS NULL))
  AND (r.requested_at, r.id) > (SELECT s.requested_at, s.id FROM repeat_requests s WHERE s.id = @cursor
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.requested_at, r.id
LIMIT @limit;

-- name: ListOpenRepeatQueueBefore :many
SELECT r.id, r.patient_id, r.requested_at, r.ready_on, r.state, r.assigned_to, r.handled_at,
       u.given_name, u.name_prefix, u.family_name, u.birth_date,
       CAST((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM repeat_request_items i
             JOIN medication m ON m.id = i.medication_id WHERE i.request_id = r.id) AS TEXT) AS items,
       CAST(coalesce((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM medication m
             WHERE m.patient_id = r.patient_id AND m.started_on <= @today AND (m.ended_on IS NULL OR m.ended_on >= @today)), '') AS TEXT) AS current_medication,
       (SELECT count(*) FROM (SELECT 1 FROM repeat_requests o WHERE o.handled_at IS NULL
          AND (@scope = 'all' OR (@scope = 'mine' AND o.assigned_to = @staff_id) OR (@scope = 'team' AND o.assigned_to IS NULL)) LIMIT @cap)) AS total
FROM repeat_requests r JOIN users u ON u.id = r.patient_id
WHERE r.handled_at IS NULL
  AND (@scope = 'all' OR (@scope = 'mine' AND r.assigned_to = @staff_id) OR (@scope = 'team' AND r.assigned_to IS NULL))
  AND (r.requested_at, r.id) < (SELECT s.requested_at, s.id FROM repeat_requests s WHERE s.id = @cursor
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.requested_at DESC, r.id DESC
LIMIT @limit;

-- name: ListRepeatQueueAfter :many
-- Open and handled requests together, newest first: where staff look one up again.
SELECT r.id, r.patient_id, r.requested_at, r.ready_on, r.state, r.assigned_to, r.handled_at,
       u.given_name, u.name_prefix, u.family_name, u.birth_date,
       CAST((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM repeat_request_items i
             JOIN medication m ON m.id = i.medication_id WHERE i.request_id = r.id) AS TEXT) AS items,
       CAST(coalesce((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM medication m
             WHERE m.patient_id = r.patient_id AND m.started_on <= @today AND (m.ended_on IS NULL OR m.ended_on >= @today)), '') AS TEXT) AS current_medication,
       (SELECT count(*) FROM (SELECT 1 FROM repeat_requests o
          WHERE (@scope = 'all' OR (@scope = 'mine' AND o.assigned_to = @staff_id) OR (@scope = 'team' AND o.assigned_to IS NULL)) LIMIT @cap)) AS total
FROM repeat_requests r JOIN users u ON u.id = r.patient_id
WHERE (@scope = 'all' OR (@scope = 'mine' AND r.assigned_to = @staff_id) OR (@scope = 'team' AND r.assigned_to IS NULL))
  AND (r.requested_at, r.id) < (SELECT s.requested_at, s.id FROM repeat_requests s WHERE s.id = @cursor
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.requested_at DESC, r.id DESC
LIMIT @limit;

-- name: ListRepeatQueueBefore :many
SELECT r.id, r.patient_id, r.requested_at, r.ready_on, r.state, r.assigned_to, r.handled_at,
       u.given_name, u.name_prefix, u.family_name, u.birth_date,
       CAST((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM repeat_request_items i
             JOIN medication m ON m.id = i.medication_id WHERE i.request_id = r.id) AS TEXT) AS items,
       CAST(coalesce((SELECT group_concat(trim(m.name || ' ' || m.strength), ', ') FROM medication m
             WHERE m.patient_id = r.patient_id AND m.started_on <= @today AND (m.ended_on IS NULL OR m.ended_on >= @today)), '') AS TEXT) AS current_medication,
       (SELECT count(*) FROM (SELECT 1 FROM repeat_requests o
          WHERE (@scope = 'all' OR (@scope = 'mine' AND o.assigned_to = @staff_id) OR (@scope = 'team' AND o.assigned_to IS NULL)) LIMIT @cap)) AS total
FROM repeat_requests r JOIN users u ON u.id = r.patient_id
WHERE (@scope = 'all' OR (@scope = 'mine' AND r.assigned_to = @staff_id) OR (@scope = 'team' AND r.assigned_to IS NULL))
  AND (r.requested_at, r.id) > (SELECT s.requested_at, s.id FROM repeat_requests s WHERE s.id = @cursor
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.requested_at, r.id
LIMIT @limit;

-- name: GetRepeatRequestForStaff :one
-- One request with its patient (and whom to tell when it changes), pharmacy and who has it.
SELECT r.id, r.patient_id, r.note, r.requested_at, r.ready_on, r.state, r.refuse_reason, r.assigned_to, r.handled_at,
       u.given_name, u.name_prefix, u.family_name, u.birth_date, u.email, u.locale,
       p.name AS pharmacy, p.street AS pharmacy_street, p.city AS pharmacy_city,
       CAST(coalesce((SELECT a.given_name || ' ' || trim(a.name_prefix || ' ' || a.family_name) FROM users a WHERE a.id = r.assigned_to), '') AS TEXT) AS assignee,
       CAST(coalesce((SELECT h.given_name || ' ' || trim(h.name_prefix || ' ' || h.family_name) FROM users h WHERE h.id = r.handled_by), '') AS TEXT) AS handler
FROM repeat_requests r JOIN users u ON u.id = r.patient_id JOIN pharmacies p ON p.id = r.pharmacy_id
WHERE r.id = @id;

-- name: ListRepeatPatientMedication :many
-- The patient's current medication beside a request, each marked when the request asks for it.
SELECT m.id, m.name, m.strength, m.form, m.dosage, m.chronic,
       EXISTS (SELECT 1 FROM repeat_request_items i WHERE i.request_id = @request_id AND i.medication_id = m.id) AS requested
FROM medication m
WHERE m.patient_id = @patient_id AND m.started_on <= @today AND (m.ended_on IS NULL OR m.ended_on >= @today)
ORDER BY requested DESC, m.chronic DESC, m.name, m.id;

-- name: AssignRepeatRequest :execrows
-- Picked up (by oneself or given to a colleague): in behandeling, while it is open.
UPDATE repeat_requests SET assigned_to = @assigned_to, state = 'in_behandeling'
WHERE id = @id AND handled_at IS NULL;

-- name: CloseRepeatRequest :execrows
-- Approved (naar_apotheek) or refused with @refuse_reason (afgewezen), while it is open.
UPDATE repeat_requests SET state = @state, refuse_reason = @refuse_reason, handled_at = @now, handled_by = @handled_by,
    assigned_to = coalesce(assigned_to, @handled_by)
WHERE id = @id AND handled_at IS NULL;

-- name: UpdateRepeatSettings :exec
UPDATE clinic_settings SET repeat_cutoff_minutes = ?, repeat_working_days = ? WHERE id = 1;

-- name: ListPharmacies :many
SELECT id, name, street, city, active FROM pharmacies ORDER BY active DESC, name, id;

-- name: GetPharmacy :one
SELECT id, name, street, city, active FROM pharmacies WHERE id = ?;

-- name: InsertPharmacy :one
INSERT INTO pharmacies (name, street, city) VALUES (?, ?, ?) RETURNING id;

-- name: SetPharmacyActive :execrows
UPDATE pharmacies SET active = ? WHERE id = ?;
