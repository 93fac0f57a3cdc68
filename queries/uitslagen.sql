-- The patient's results (/uitslagen): by date, newest first, a page at a time, and per test with its
-- trend. Released or not at all: every statement reads the view patient_results and asks
-- visible_from <= now, so that a result waiting for review or for its day is nowhere for the patient
-- (list, count, chart, overview, mail) and its test's page is a 404 until one of its results shows.
-- The list is read by keyset (handlers/paging.go) on (effective_at, id), the index
-- results_patient_effective; the cursor is a result's id, whose date the query looks up among the
-- patient's own. Each row also counts the list, up to cap rows (total).

-- name: ListResultsAfter :many
SELECT r.id, r.test_id, r.effective_at, r.value_num, r.value_text, r.unit, r.ref_low, r.ref_high, r.ref_text,
       r.interpretation, r.comment, r.seen_at, r.name_nl, r.name_en, r.kind,
       (SELECT count(*) FROM (SELECT 1 FROM patient_results c WHERE c.patient_id = @patient_id AND c.visible_from <= @now
            LIMIT @cap)) AS total
FROM patient_results r
WHERE r.patient_id = @patient_id AND r.visible_from <= @now
  AND (r.effective_at, r.id) < (SELECT s.effective_at, s.id FROM results s WHERE s.id = @cursor AND s.patient_id = @patient_id
                                UNION ALL SELECT '9999-12-31', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.effective_at DESC, r.id DESC
LIMIT @limit;

-- name: ListResultsBefore :many
SELECT r.id, r.test_id, r.effective_at, r.value_num, r.value_text, r.unit, r.ref_low, r.ref_high, r.ref_text,
       r.interpretation, r.comment, r.seen_at, r.name_nl, r.name_en, r.kind,
       (SELECT count(*) FROM (SELECT 1 FROM patient_results c WHERE c.patient_id = @patient_id AND c.visible_from <= @now
            LIMIT @cap)) AS total
FROM patient_results r
WHERE r.patient_id = @patient_id AND r.visible_from <= @now
  AND (r.effective_at, r.id) > (SELECT s.effective_at, s.id FROM results s WHERE s.id = @cursor AND s.patient_id = @patient_id
                                UNION ALL SELECT '', 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY r.effective_at, r.id
LIMIT @limit;

-- name: ListTestResults :many
-- Every result of one test that the patient sees, oldest first (the trend and its table); none: the
-- test's page is a 404.
SELECT r.id, r.test_id, r.effective_at, r.value_num, r.value_text, r.unit, r.ref_low, r.ref_high, r.ref_text,
       r.interpretation, r.comment, r.seen_at, r.name_nl, r.name_en, r.kind
FROM patient_results r
WHERE r.patient_id = @patient_id AND r.test_id = @test_id AND r.visible_from <= @now
ORDER BY r.effective_at, r.id
LIMIT @limit;

-- name: MarkResultsSeen :exec
-- The patient saw these results (a JSON array of ids: the page's) for the first time.
UPDATE results SET seen_at = @now
WHERE id IN (SELECT value FROM json_each(@ids)) AND patient_id = @patient_id AND seen_at IS NULL
  AND visible_from <= @now;

-- name: SetResultsRelease :exec
UPDATE users SET results_release = @results_release WHERE id = @id AND role = 'patient';

-- name: DueResultNotices :many
-- The patients with a result that became visible by now and has not been told of: one mail each
-- (internal/results.Notices). Only an active account with a password gets the mail; the rest are marked
-- all the same, so that an account made later is not told of old results.
SELECT u.id, u.email, u.locale, u.given_name, u.name_prefix, u.family_name,
       CAST(u.active = 1 AND u.password_hash IS NOT NULL AS INTEGER) AS mail
FROM users u
WHERE u.id IN (SELECT r.patient_id FROM results r WHERE r.notified_at IS NULL AND r.visible_from <= @now)
ORDER BY u.id
LIMIT @limit;

-- name: MarkResultsNotified :exec
UPDATE results SET notified_at = @now
WHERE patient_id = @patient_id AND notified_at IS NULL AND visible_from <= @now;
