-- name: ListQuestionnaireDefinitions :many
-- Every definition for the administrator, each key's versions together, the newest first; with who
-- uploaded it (empty: it ships with Balie).
SELECT d.id, d.key, d.version, d.kind, d.title_nl, d.title_en, d.uploaded_at, d.state,
       CAST(coalesce(u.given_name || ' ' || CASE WHEN u.name_prefix = '' THEN '' ELSE u.name_prefix || ' ' END || u.family_name, '') AS TEXT) AS uploader
FROM questionnaire_definitions d LEFT JOIN users u ON u.id = d.uploaded_by
ORDER BY d.kind DESC, d.key, d.id DESC;

-- name: ListOfferedQuestionnaireDefinitions :many
-- The definitions the practice may assign now, with their source to parse.
SELECT * FROM questionnaire_definitions WHERE state = 'offered' ORDER BY kind DESC, title_nl, id;

-- name: GetQuestionnaireDefinition :one
SELECT * FROM questionnaire_definitions WHERE id = ?;

-- name: UploadQuestionnaireDefinition :one
-- A new definition, as a draft; a draft of the same key and version is replaced (the administrator
-- corrects the file). No row comes back when that version is already offered or retired.
INSERT INTO questionnaire_definitions (key, version, kind, title_nl, title_en, source, uploaded_by, uploaded_at, state)
VALUES (@key, @version, @kind, @title_nl, @title_en, @source, @uploaded_by, @uploaded_at, 'draft')
ON CONFLICT (key, version) DO UPDATE SET kind = excluded.kind, title_nl = excluded.title_nl,
    title_en = excluded.title_en, source = excluded.source, uploaded_by = excluded.uploaded_by,
    uploaded_at = excluded.uploaded_at
WHERE questionnaire_definitions.state = 'draft'
RETURNING id;

-- name: AddBuiltinQuestionnaireDefinition :exec
-- A definition that ships with Balie, offered at once; a version already there stays as it is.
INSERT INTO questionnaire_definitions (key, version, kind, title_nl, title_en, source, uploaded_by, uploaded_at, state)
VALUES (@key, @version, @kind, @title_nl, @title_en, @source, NULL, @uploaded_at, 'offered')
ON CONFLICT (key, version) DO NOTHING;

-- name: OfferQuestionnaireDefinition :execrows
UPDATE questionnaire_definitions SET state = 'offered' WHERE id = ? AND state = 'draft';

-- name: RetireEarlierQuestionnaireVersions :exec
-- Offering a version retires the key's other offered versions: one version of a questionnaire is assigned.
UPDATE questionnaire_definitions SET state = 'retired' WHERE key = @key AND id <> @id AND state = 'offered';

-- name: ListQuestionnaireScoreSettings :many
-- The administrator's choice to show a key's score to the patient; a key without a row follows its definition.
SELECT key, show_score FROM questionnaire_score_settings ORDER BY key;

-- name: SetQuestionnaireScoreSetting :exec
INSERT OR REPLACE INTO questionnaire_score_settings (key, show_score) VALUES (@key, @show_score);

-- name: GetQuestionnaireScoreSetting :one
SELECT show_score FROM questionnaire_score_settings WHERE key = ?;
