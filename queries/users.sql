-- name: GetUser :one
SELECT * FROM users WHERE id = ? AND active = 1;

-- name: GetUserBySignInName :one
SELECT * FROM users WHERE user_name = ? AND active = 1;

-- name: ListUsersByEmail :many
-- The active accounts that have this address (parents share theirs), for deciding which account a typed
-- name means (handlers/signin.go): the one whose user name it is first, then those with a password.
SELECT * FROM users WHERE email = ? AND active = 1
ORDER BY user_name = email DESC, password_hash IS NOT NULL DESC, id LIMIT 3;

-- name: SignInNameTaken :one
-- Whether name is the user name or the e-mail address of an account other than @id: then it may not
-- become @id's user name. Asked in the transaction that stores the name.
SELECT EXISTS (SELECT 1 FROM users WHERE id <> @id AND (user_name = @name OR email = @name));

-- name: ListSignInNameClashes :many
-- Accounts whose user name is another account's e-mail address: written before that was refused. serve
-- reports them at start.
SELECT a.id AS user_name_of, b.id AS email_of FROM users a JOIN users b ON b.email = a.user_name AND b.id <> a.id
ORDER BY a.id, b.id;

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
