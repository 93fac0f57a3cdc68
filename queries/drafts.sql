-- name: SaveDraft :one
-- Stores a draft unless a newer version is there already, and returns its id (no row: this save came late).
INSERT INTO drafts (user_id, kind, target, title, body, extra, version, updated_at)
VALUES (@user_id, @kind, @target, @title, @body, @extra, @version, @updated_at)
ON CONFLICT (user_id, kind, target) DO UPDATE SET
    title = excluded.title, body = excluded.body, extra = excluded.extra,
    version = excluded.version, updated_at = excluded.updated_at
WHERE excluded.version > drafts.version
RETURNING id;

-- name: GetDraft :one
SELECT * FROM drafts WHERE user_id = ? AND kind = ? AND target = ?;

-- name: DeleteDraft :exec
DELETE FROM drafts WHERE user_id = ? AND kind = ? AND target = ?;
