-- name: GetUser :one
SELECT * FROM users WHERE id = ? AND active = 1;

-- name: GetUserBySignInName :one
SELECT * FROM users WHERE user_name = ? AND active = 1;

-- name: ListUsersByEmail :many
-- Sign-in by e-mail works only when exactly one active account has that address (parents share theirs).
SELECT * FROM users WHERE email = ? AND active = 1 AND password_hash IS NOT NULL LIMIT 2;

-- name: CreateUser :one
INSERT INTO users (role, user_name, email, password_hash, given_name, name_prefix, family_name, birth_date,
                   mobile, street, postcode, city, patient_number, practitioner_id, locale, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: SetUserLocale :exec
UPDATE users SET locale = ? WHERE id = ?;

-- name: SetUserHighContrast :exec
UPDATE users SET high_contrast = ? WHERE id = ?;

-- name: GetPatient :one
-- A patient's own data; the role check keeps a staff id from being read as a patient.
SELECT * FROM users WHERE id = ? AND role = 'patient' AND active = 1;

-- name: GetStaffMember :one
SELECT * FROM users WHERE id = ? AND role <> 'patient' AND active = 1;

-- name: ListStaff :many
SELECT * FROM users WHERE role <> 'patient' AND active = 1 ORDER BY family_name, given_name;


-- name: ListPatientSignIns :many
-- The first patients that can sign in, for the demo's printed sign-ins.
SELECT * FROM users WHERE role = 'patient' AND active = 1 AND password_hash IS NOT NULL ORDER BY id LIMIT ?;

-- name: SetMobile :exec
UPDATE users SET mobile = ? WHERE id = ?;
