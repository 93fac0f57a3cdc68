-- name: GetSummaryMail :one
SELECT mail FROM dossier_summaries WHERE patient_id = ?;

-- name: SetSummaryMail :exec
INSERT INTO dossier_summaries (patient_id, mail) VALUES (@patient_id, @mail)
ON CONFLICT (patient_id) DO UPDATE SET mail = excluded.mail;

-- name: DueSummaries :many
-- The patients whose summary mail is due: something became visible to them after the last one (or
-- their account's start) up to @now, and they want it at once, or daily and the last one is a day old.
-- Only what the patient can see counts: reports published by now, not withdrawn, in a linked dossier;
-- documents the practice published (not their own uploads, not a report's attachments).
SELECT * FROM (
  SELECT p.id, p.email, p.locale, p.given_name, p.name_prefix, p.family_name,
         (SELECT count(*) FROM reports r WHERE r.patient_id = p.id AND p.linked = 1 AND r.withdrawn_at IS NULL
            AND r.published_at > p.since AND r.published_at <= @now) AS reports,
         (SELECT count(*) FROM documents d WHERE d.patient_id = p.id AND d.uploaded_by <> d.patient_id
            AND d.report_id IS NULL AND d.published_at > p.since AND d.published_at <= @now) AS documents
  FROM (SELECT u.id, u.email, u.locale, u.given_name, u.name_prefix, u.family_name,
               coalesce(s.sent_at, u.created_at) AS since,
               coalesce(u.dossier_linked, c.dossier_linked_default) AS linked
        FROM users u JOIN clinic_settings c ON c.id = 1 LEFT JOIN dossier_summaries s ON s.patient_id = u.id
        WHERE u.role = 'patient' AND u.active = 1 AND u.password_hash IS NOT NULL
          AND coalesce(s.mail, 'daily') <> 'never'
          AND (coalesce(s.mail, 'daily') = 'instant' OR s.sent_at IS NULL OR s.sent_at <= @day_ago)) p
) WHERE reports + documents > 0
ORDER BY id
LIMIT @limit;

-- name: MarkSummarySent :exec
INSERT INTO dossier_summaries (patient_id, sent_at) VALUES (@patient_id, @now)
ON CONFLICT (patient_id) DO UPDATE SET sent_at = excluded.sent_at;
