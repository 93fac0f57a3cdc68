-- Inserts used by the demo clinic generator (internal/demo).

-- name: InsertAppointment :exec
INSERT INTO appointments (patient_id, practitioner_id, kind_id, place_id, starts_at, ends_at, instructions,
                          status, booked_by, visible_from, remind_at, reminded_at, cancelled_at, cancelled_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertPlace :one
INSERT INTO places (name, street, postcode, city) VALUES (?, ?, ?, ?) RETURNING id;

-- name: InsertAppointmentKind :one
INSERT INTO appointment_kinds (name_nl, name_en, minutes, bookable, choose_practitioner, cancellable,
                               publish, publish_time, publish_days, place_id, instructions_nl, instructions_en)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: InsertReport :one
INSERT INTO reports (patient_id, author_id, title, category, subcategory, body, search_text, written_at, published_at,
                     approval_requested)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: InsertReportCategory :exec
INSERT OR IGNORE INTO report_categories (category, subcategory, position) VALUES (?, ?, ?);

-- name: InsertDocument :exec
INSERT INTO documents (patient_id, uploaded_by, title, file_name, content_type, size_bytes, created_at,
                       published_at, content, report_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertMedication :exec
INSERT INTO medication (patient_id, prescriber_id, name, strength, form, dosage, instructions, chronic, started_on,
                        ended_on, stop_reason, stopped_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertThread :one
INSERT INTO message_threads (patient_id, practitioner_id, kind, subject, created_at, last_message_at, handled_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: InsertMessage :one
INSERT INTO messages (thread_id, sender_id, body, sent_at, read_at) VALUES (?, ?, ?, ?, ?)
RETURNING id;

-- name: DemoUserCount :one
-- Generate and IsEmpty fill only a database without users.
SELECT count(*) FROM users;

-- name: EnableEconsult :exec
-- The demo clinic has GPs, so it offers e-consults.
UPDATE clinic_settings SET econsult_enabled = 1 WHERE id = 1;

-- name: InsertDemoResult :exec
INSERT INTO results (patient_id, test_id, effective_at, value_num, value_text, unit, ref_low, ref_high, ref_text,
                     interpretation, comment, entered_by, entered_at, reviewed_by, reviewed_at, visible_from, seen_at, notified_at)
SELECT @patient_id, t.id, @effective_at, @value_num, @value_text, t.unit, t.ref_low, t.ref_high, t.ref_text,
       @interpretation, @comment, @entered_by, @entered_at, @reviewed_by, @reviewed_at, @visible_from, @seen_at, @notified_at
FROM result_tests t WHERE t.id = @test_id;

-- name: DemoSetQuestionnaireReport :exec
-- The report a demo submission made (internal/demo/vragenlijsten.go), as the patient's submission links it.
UPDATE questionnaire_responses SET report_id = @report_id WHERE id = @id;
