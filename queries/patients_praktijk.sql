-- The back office's patient list. Each filter is NULL when not used; @name and @email are lower-case
-- substrings (instr, so that % and _ typed by staff are no wildcards). Sorted like a card index.

-- name: SearchPatients :many
SELECT id, given_name, name_prefix, family_name, birth_date, email, patient_number, city
FROM users
WHERE role = 'patient' AND active = 1
  AND (sqlc.narg(birth_date) IS NULL OR birth_date = sqlc.narg(birth_date))
  AND (sqlc.narg(email) IS NULL OR instr(lower(email), sqlc.narg(email)) > 0)
  AND (sqlc.narg(name) IS NULL
       OR instr(lower(given_name || ' ' || name_prefix || ' ' || family_name), sqlc.narg(name)) > 0
       OR instr(lower(given_name || ' ' || family_name), sqlc.narg(name)) > 0
       OR instr(lower(patient_number), sqlc.narg(name)) > 0)
ORDER BY family_name, given_name, id
LIMIT @limit OFFSET @offset;

-- name: CountSearchPatients :one
SELECT count(*)
FROM users
WHERE role = 'patient' AND active = 1
  AND (sqlc.narg(birth_date) IS NULL OR birth_date = sqlc.narg(birth_date))
  AND (sqlc.narg(email) IS NULL OR instr(lower(email), sqlc.narg(email)) > 0)
  AND (sqlc.narg(name) IS NULL
       OR instr(lower(given_name || ' ' || name_prefix || ' ' || family_name), sqlc.narg(name)) > 0
       OR instr(lower(given_name || ' ' || family_name), sqlc.narg(name)) > 0
       OR instr(lower(patient_number), sqlc.narg(name)) > 0);
