-- The results on the staff's patient page (handlers/uitslagen_praktijk.go): enter values or a text
-- result, mark seen ("gezien"), release; and what works out when each result shows
-- (internal/results.VisibleFrom).

-- name: ListTestsForEntry :many
-- The tests staff may enter, by group, in the practice's order.
SELECT t.id, t.group_id, t.name_nl, t.name_en, t.kind, t.unit, t.ref_low, t.ref_high, t.ref_text, g.name_nl AS group_nl, g.name_en AS group_en
FROM result_tests t JOIN result_groups g ON g.id = t.group_id
WHERE t.active = 1
ORDER BY g.position, g.id, t.position, t.id;

-- name: InsertResult :one
-- Unit and range as entered: the test's, unless the lab used others for this value.
INSERT INTO results (patient_id, test_id, effective_at, value_num, value_text, unit, ref_low, ref_high, ref_text,
                     interpretation, comment, entered_by, entered_at)
SELECT @patient_id, t.id, @effective_at, @value_num, @value_text, @unit, @ref_low, @ref_high, t.ref_text,
       @interpretation, @comment, @entered_by, @entered_at
FROM result_tests t WHERE t.id = @test_id AND t.active = 1
RETURNING id;

-- name: ListPatientResultsForStaff :many
-- The patient's latest results, whether they show yet or not.
SELECT r.id, r.effective_at, r.value_num, r.value_text, r.unit, r.ref_low, r.ref_high, r.ref_text, r.interpretation,
       r.comment, r.reviewed_at, r.visible_from, t.name_nl, t.name_en
FROM results r JOIN result_tests t ON t.id = r.test_id
WHERE r.patient_id = @patient_id
ORDER BY r.reviewed_at IS NOT NULL, r.effective_at DESC, r.id DESC
LIMIT @limit;

-- name: GetResultForStaff :one
SELECT r.id FROM results r WHERE r.id = @id AND r.patient_id = @patient_id;

-- name: ReviewResult :execrows
-- The practitioner has seen the result ("gezien"); release also lets the patient see it now.
UPDATE results SET reviewed_at = coalesce(reviewed_at, @now), reviewed_by = coalesce(reviewed_by, @by),
                   released_at = CASE WHEN CAST(@release AS INTEGER) = 1 THEN coalesce(released_at, @now) ELSE released_at END
WHERE id = @id AND patient_id = @patient_id;

-- name: ListResultsToRelease :many
-- What decides when each still hidden result shows, of one patient or one group (0: any): what a new
-- result, a review, a changed rule or a changed choice works out again. A result already shown stays.
SELECT r.id, r.entered_at, r.reviewed_at, r.released_at, g.release, g.release_days, u.results_release
FROM results r JOIN result_tests t ON t.id = r.test_id JOIN result_groups g ON g.id = t.group_id
JOIN users u ON u.id = r.patient_id
WHERE (r.visible_from IS NULL OR r.visible_from > @now)
  AND (CAST(@result_id AS INTEGER) = 0 OR r.id = @result_id)
  AND (CAST(@patient_id AS INTEGER) = 0 OR r.patient_id = @patient_id)
  AND (CAST(@group_id AS INTEGER) = 0 OR g.id = @group_id);

-- name: SetResultVisibleFrom :exec
UPDATE results SET visible_from = @visible_from WHERE id = @id;
