-- name: GetClinic :one
SELECT * FROM clinic_settings WHERE id = 1;

-- name: UpsertClinic :exec
INSERT INTO clinic_settings (id, name, short_name, street, postcode, city, phone, email, website)
VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, short_name = excluded.short_name, street = excluded.street, postcode = excluded.postcode, city = excluded.city,
    phone = excluded.phone, email = excluded.email, website = excluded.website;

-- name: UpdateSecuritySettings :exec
UPDATE clinic_settings SET allow_totp = ?, allow_passkey = ?, allow_sms = ?, composition_rules = ?, invitation_days = ?,
    messages_enabled = ?, econsult_enabled = ?
WHERE id = 1;
