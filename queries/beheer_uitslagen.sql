-- The practice's groups of tests with their release rule, and the tests (/praktijk/beheer/uitslagen).

-- name: ListResultGroups :many
SELECT id, name_nl, name_en, release, release_days, position FROM result_groups ORDER BY position, id;

-- name: GetResultGroup :one
SELECT id, name_nl, name_en, release, release_days, position FROM result_groups WHERE id = ?;

-- name: UpdateResultGroup :exec
UPDATE result_groups SET name_nl = @name_nl, name_en = @name_en, release = @release, release_days = @release_days WHERE id = @id;

-- name: InsertResultGroup :one
INSERT INTO result_groups (name_nl, name_en, release, release_days, position)
VALUES (@name_nl, @name_en, @release, @release_days, (SELECT coalesce(max(position), 0) + 1 FROM result_groups))
RETURNING id;

-- name: InsertResultTest :one
INSERT INTO result_tests (group_id, code, name_nl, name_en, kind, unit, ref_low, ref_high, ref_text, position)
VALUES (@group_id, @code, @name_nl, @name_en, @kind, @unit, @ref_low, @ref_high, @ref_text,
        (SELECT coalesce(max(position), 0) + 1 FROM result_tests WHERE group_id = @group_id))
RETURNING id;

-- name: ListResultTestsAdmin :many
SELECT t.id, t.group_id, t.code, t.name_nl, t.name_en, t.kind, t.unit, t.ref_low, t.ref_high, t.ref_text, t.active
FROM result_tests t JOIN result_groups g ON g.id = t.group_id
ORDER BY g.position, g.id, t.position, t.id;

-- name: GetResultTestAdmin :one
SELECT id, group_id, code, name_nl, name_en, kind, unit, ref_low, ref_high, ref_text, active FROM result_tests WHERE id = ?;

-- name: UpdateResultTest :exec
-- A changed unit or range holds for values entered from now on: each result keeps the ones it was
-- entered with.
UPDATE result_tests SET group_id = @group_id, code = @code, name_nl = @name_nl, name_en = @name_en, kind = @kind,
                        unit = @unit, ref_low = @ref_low, ref_high = @ref_high, ref_text = @ref_text
WHERE id = @id;

-- name: SetResultTestActive :exec
-- A retired test is not entered any more; its results keep it.
UPDATE result_tests SET active = @active WHERE id = @id;
