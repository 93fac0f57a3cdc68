-- Opening another patient's portal (handlers/inview.go, handlers/portalen.go) and the relatives a patient
-- invites to read along (handlers/naasten.go). Whether an authorisation counts now is
-- internal/authorisation's to say: these statements read and write the rows.

-- name: GetPortalGrant :one
-- The grantee's live authorisation for the patient's portal, with the patient (for the age rules and the
-- banner): the access layer's one statement per request on someone else's portal.
SELECT sqlc.embed(authorisations), sqlc.embed(users)
FROM authorisations JOIN users ON users.id = authorisations.patient_id AND users.active = 1
WHERE authorisations.grantee_id = @grantee_id AND authorisations.patient_id = @patient_id
  AND authorisations.ended_at IS NULL;

-- name: ListPortalGrants :many
-- Every live authorisation of the grantee, with its patient, in the order they were made: the switcher's
-- list (those that do not count now are left out by the caller).
SELECT sqlc.embed(authorisations), sqlc.embed(users)
FROM authorisations JOIN users ON users.id = authorisations.patient_id AND users.active = 1
WHERE authorisations.grantee_id = @grantee_id AND authorisations.ended_at IS NULL
ORDER BY authorisations.id
LIMIT 50;

-- name: ListRelativesOfPatient :many
-- The relatives who read along with the patient now (live), with their names and whether they activated
-- their account.
SELECT a.id, a.patient_id, a.grantee_id, a.areas, a.last_day, a.created_at,
       g.given_name, g.name_prefix, g.family_name, g.email,
       CAST(g.password_hash IS NOT NULL AS INTEGER) AS grantee_active
FROM authorisations a JOIN users g ON g.id = a.grantee_id
WHERE a.patient_id = @patient_id AND a.kind = 'relative' AND a.ended_at IS NULL
ORDER BY a.id
LIMIT 50;

-- name: GetRelativeOfPatient :one
-- One live relative's authorisation of the patient in view: another patient's id is no row (a 404).
SELECT a.id, a.patient_id, a.grantee_id, a.areas, a.last_day,
       g.given_name, g.name_prefix, g.family_name, g.email
FROM authorisations a JOIN users g ON g.id = a.grantee_id
WHERE a.id = @id AND a.patient_id = @patient_id AND a.kind = 'relative' AND a.ended_at IS NULL;

-- name: CountLiveRelatives :one
SELECT count(*) FROM authorisations WHERE patient_id = @patient_id AND kind = 'relative' AND ended_at IS NULL;

-- name: CreateRelativeAuthorisation :one
INSERT INTO authorisations (patient_id, grantee_id, kind, areas, last_day, created_at, created_by)
VALUES (@patient_id, @grantee_id, 'relative', @areas, @last_day, @now, @patient_id)
RETURNING id;

-- name: UpdateRelativeAuthorisation :execrows
UPDATE authorisations SET areas = @areas, last_day = @last_day
WHERE id = @id AND patient_id = @patient_id AND kind = 'relative' AND ended_at IS NULL;

-- name: EndOwnGrant :execrows
-- The grantee ends their own access (a relative, or a parent) to the patient's portal.
UPDATE authorisations SET ended_at = @now, ended_by = @grantee_id, end_reason = 'grantee'
WHERE grantee_id = @grantee_id AND patient_id = @patient_id AND ended_at IS NULL;

-- name: EndLiveRelatives :many
-- Withdrawing the consent to reading along (Toestemmingen) stops every relative's access at once.
UPDATE authorisations SET ended_at = @now, ended_by = @by, end_reason = 'patient'
WHERE patient_id = @patient_id AND kind = 'relative' AND ended_at IS NULL
RETURNING id;
