-- The medication list (handlers/medicatie.go, medicatie_praktijk.go). A medicine is current while it is
-- not stopped (a stop always has a reason) and its end, if it has one (the last day of a course), is
-- today or later; otherwise it shows under "Gestopte medicatie". handlers/medicatie.go says it once more
-- for one row (medicationCurrent).

-- name: ListCurrentMedication :many
-- Chronic first, then by name.
SELECT m.id, m.name, m.strength, m.form, m.dosage, m.instructions, m.chronic, m.started_on, m.ended_on,
       m.stop_reason, coalesce(pr.given_name, '') AS prescriber_given_name,
       coalesce(pr.name_prefix, '') AS prescriber_name_prefix, coalesce(pr.family_name, '') AS prescriber_family_name,
       coalesce(pr.role, '') AS prescriber_role
FROM medication m LEFT JOIN users pr ON pr.id = m.prescriber_id
WHERE m.patient_id = @patient_id AND m.stop_reason = '' AND (m.ended_on IS NULL OR m.ended_on >= @today)
ORDER BY m.chronic DESC, m.name COLLATE NOCASE, m.id;

-- name: ListStoppedMedication :many
-- The most recently ended first; @limit rows at most (the page asks one more than it shows).
SELECT m.id, m.name, m.strength, m.form, m.dosage, m.instructions, m.chronic, m.started_on, m.ended_on,
       m.stop_reason, coalesce(pr.given_name, '') AS prescriber_given_name,
       coalesce(pr.name_prefix, '') AS prescriber_name_prefix, coalesce(pr.family_name, '') AS prescriber_family_name,
       coalesce(pr.role, '') AS prescriber_role
FROM medication m LEFT JOIN users pr ON pr.id = m.prescriber_id
WHERE m.patient_id = @patient_id AND (m.stop_reason <> '' OR m.ended_on < @today)
ORDER BY m.ended_on DESC, m.id DESC
LIMIT @limit;

-- name: ListStoppedMedicationAfter :many
-- Every stopped medicine a page at a time (/medicatie/gestopt), by keyset on (ended_on, id), newest
-- first: a stopped medicine always has its end. The cursor is a medicine's id, whose end the query looks
-- up among the patient's own. Each row also counts the list, up to cap rows (total).
SELECT m.id, m.name, m.strength, m.form, m.dosage, m.instructions, m.chronic, m.started_on, m.ended_on,
       m.stop_reason, coalesce(pr.given_name, '') AS prescriber_given_name,
       coalesce(pr.name_prefix, '') AS prescriber_name_prefix, coalesce(pr.family_name, '') AS prescriber_family_name,
       coalesce(pr.role, '') AS prescriber_role,
       (SELECT count(*) FROM (SELECT 1 FROM medication c WHERE c.patient_id = @patient_id
            AND (c.stop_reason <> '' OR c.ended_on < @today) LIMIT @cap)) AS total
FROM medication m LEFT JOIN users pr ON pr.id = m.prescriber_id
WHERE m.patient_id = @patient_id AND (m.stop_reason <> '' OR m.ended_on < @today)
  AND (m.ended_on, m.id) < (SELECT s.ended_on, s.id FROM medication s WHERE s.id = @cursor AND s.patient_id = @patient_id
                            UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY m.ended_on DESC, m.id DESC
LIMIT @limit;

-- name: ListStoppedMedicationBefore :many
SELECT m.id, m.name, m.strength, m.form, m.dosage, m.instructions, m.chronic, m.started_on, m.ended_on,
       m.stop_reason, coalesce(pr.given_name, '') AS prescriber_given_name,
       coalesce(pr.name_prefix, '') AS prescriber_name_prefix, coalesce(pr.family_name, '') AS prescriber_family_name,
       coalesce(pr.role, '') AS prescriber_role,
       (SELECT count(*) FROM (SELECT 1 FROM medication c WHERE c.patient_id = @patient_id
            AND (c.stop_reason <> '' OR c.ended_on < @today) LIMIT @cap)) AS total
FROM medication m LEFT JOIN users pr ON pr.id = m.prescriber_id
WHERE m.patient_id = @patient_id AND (m.stop_reason <> '' OR m.ended_on < @today)
  AND (m.ended_on, m.id) > (SELECT s.ended_on, s.id FROM medication s WHERE s.id = @cursor AND s.patient_id = @patient_id
                            UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY m.ended_on, m.id
LIMIT @limit;

-- name: GetMedication :one
-- One medicine of the patient in view; another patient's is not there.
SELECT * FROM medication WHERE id = @id AND patient_id = @patient_id;

-- name: CreateMedication :one
INSERT INTO medication (patient_id, prescriber_id, name, strength, form, dosage, instructions, chronic, started_on, ended_on)
VALUES (@patient_id, @prescriber_id, @name, @strength, @form, @dosage, @instructions, @chronic, @started_on, @ended_on)
RETURNING id;

-- name: UpdateMedication :exec
UPDATE medication SET prescriber_id = @prescriber_id, name = @name, strength = @strength, form = @form,
    dosage = @dosage, instructions = @instructions, chronic = @chronic, started_on = @started_on, ended_on = @ended_on
WHERE id = @id AND patient_id = @patient_id;

-- name: StopMedication :exec
UPDATE medication SET ended_on = @ended_on, stop_reason = @stop_reason, stopped_by = @stopped_by
WHERE id = @id AND patient_id = @patient_id;
