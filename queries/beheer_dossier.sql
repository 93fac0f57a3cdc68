-- name: ListReportCategoriesInUse :many
-- The practice's categories, each with the number of reports filed under it (a category in use cannot
-- be removed).
SELECT c.id, c.category, c.subcategory, c.position,
       (SELECT count(*) FROM reports r WHERE r.category = c.category
          AND (c.subcategory = '' OR r.subcategory = c.subcategory)) AS reports
FROM report_categories c
ORDER BY c.position, c.category, c.subcategory, c.id;

-- name: GetReportCategory :one
SELECT * FROM report_categories WHERE id = ?;

-- name: ReportCategoryTaken :one
SELECT count(*) FROM report_categories WHERE category = @category AND subcategory = @subcategory AND id <> @id;

-- name: AddReportCategory :one
INSERT INTO report_categories (category, subcategory, position)
VALUES (@category, @subcategory, (SELECT coalesce(max(position), 0) + 1 FROM report_categories))
RETURNING id;

-- name: RenameReportCategory :exec
-- Renames a category or subcategory, and the reports filed under it with it: a name is what a report holds.
UPDATE report_categories SET category = @category, subcategory = @subcategory, position = @position WHERE id = @id;

-- name: RenameReportsCategory :exec
UPDATE reports SET category = @new_category, subcategory = CASE WHEN @old_subcategory = '' THEN subcategory ELSE @new_subcategory END
WHERE category = @old_category AND (@old_subcategory = '' OR subcategory = @old_subcategory);

-- name: RenameSubcategoriesOf :exec
-- A category's own name changes in its subcategories' rows too.
UPDATE report_categories SET category = @new_category WHERE category = @old_category AND subcategory <> '';

-- name: DeleteUnusedReportCategory :execrows
-- Removes a category nobody filed a report under (with a category, its unused subcategories).
DELETE FROM report_categories
WHERE (report_categories.id = @id OR (report_categories.subcategory <> '' AND @subcategory = ''
        AND report_categories.category = @category))
  AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.category = @category AND (@subcategory = '' OR r.subcategory = @subcategory));

-- name: SetDossierLinkedDefault :exec
UPDATE clinic_settings SET dossier_linked_default = @dossier_linked_default WHERE id = 1;
