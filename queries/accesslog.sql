-- A row of the access log, with its place in the hash chain (internal/accesslog/chain.go): id is the
-- last id + 1, prev_hash the last row's hash (LastAccessLogLink), both read in the same transaction.
-- name: InsertAccessLog :exec
INSERT INTO access_log (id, at, actor_id, actor_role, on_behalf_of, patient_id, object_type, object_id, action,
                        outcome, address, request_id, share_code_id, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The chain's last link: where the next row attaches.
-- name: LastAccessLogLink :one
SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1;

-- The log in the chain's order, a batch at a time after the row @after (verify-log).
-- name: ListAccessLogChain :many
SELECT * FROM access_log WHERE id > @after ORDER BY id LIMIT @limit;

-- name: ListAccessLogForPatient :many
SELECT * FROM access_log WHERE patient_id = CAST(sqlc.arg(patient_id) AS INTEGER) ORDER BY at DESC, id DESC LIMIT sqlc.arg('limit');

-- "Who looked at my file" (/dossier/inzage): the patient's rows written by anyone but the patient, in
-- [@from, @to), newest first, a page after (or, Before, before) the row @cursor, each with the page's
-- count up to @cap. The walk uses the partial index access_log_by_others (named: without statistics
-- SQLite would take access_log_patient and step over the patient's own rows), whose WHERE the query
-- repeats word for word. It seeks at the cursor: the unary + keeps SQLite from seeking at @to (After) or
-- @from (Before) and walking from there. No cursor (0): the walk starts at @to.
-- name: ListAccessByOthersAfter :many
SELECT l.id, l.at, l.actor_role, l.object_type, l.action, l.outcome,
       coalesce(a.given_name, '') AS actor_given, coalesce(a.name_prefix, '') AS actor_prefix, coalesce(a.family_name, '') AS actor_family,
       coalesce(b.given_name, '') AS for_given, coalesce(b.name_prefix, '') AS for_prefix, coalesce(b.family_name, '') AS for_family,
       coalesce(s.label, '') AS share_label,
       (SELECT count(*) FROM (SELECT 1 FROM access_log c WHERE c.patient_id = @patient_id AND c.actor_id IS NOT c.patient_id
                              AND c.at >= @from AND c.at < @to LIMIT @cap)) AS total
FROM access_log l INDEXED BY access_log_by_others
LEFT JOIN users a ON a.id = l.actor_id
LEFT JOIN users b ON b.id = l.on_behalf_of
LEFT JOIN share_codes s ON s.id = l.share_code_id
WHERE l.patient_id = @patient_id AND l.actor_id IS NOT l.patient_id AND l.at >= @from AND +l.at < @to
  AND (l.at, l.id) < (SELECT k.at, k.id FROM access_log k WHERE k.id = @cursor
                      UNION ALL SELECT @to, 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY l.at DESC, l.id DESC
LIMIT @limit;

-- name: ListAccessByOthersBefore :many
SELECT l.id, l.at, l.actor_role, l.object_type, l.action, l.outcome,
       coalesce(a.given_name, '') AS actor_given, coalesce(a.name_prefix, '') AS actor_prefix, coalesce(a.family_name, '') AS actor_family,
       coalesce(b.given_name, '') AS for_given, coalesce(b.name_prefix, '') AS for_prefix, coalesce(b.family_name, '') AS for_family,
       coalesce(s.label, '') AS share_label,
       (SELECT count(*) FROM (SELECT 1 FROM access_log c WHERE c.patient_id = @patient_id AND c.actor_id IS NOT c.patient_id
                              AND c.at >= @from AND c.at < @to LIMIT @cap)) AS total
FROM access_log l INDEXED BY access_log_by_others
LEFT JOIN users a ON a.id = l.actor_id
LEFT JOIN users b ON b.id = l.on_behalf_of
LEFT JOIN share_codes s ON s.id = l.share_code_id
WHERE l.patient_id = @patient_id AND l.actor_id IS NOT l.patient_id AND +l.at >= @from AND l.at < @to
  AND (l.at, l.id) > (SELECT k.at, k.id FROM access_log k WHERE k.id = @cursor
                      UNION ALL SELECT @from, 0 ORDER BY 2 DESC LIMIT 1)
ORDER BY l.at, l.id
LIMIT @limit;

-- The administrator's search of the whole log (/praktijk/beheer/toegangslog): rows of the patient
-- @patient_id and by the staff member @actor_id (0: anyone), in [@from, @to), newest first, a page after
-- (or, Before, before) the row @cursor, with the count up to @cap. A rare patient or staff member in a
-- huge log must not cost a walk over the whole log, so the rows come from a UNION ALL that names one index
-- per search: a patient's rows (access_log_patient, the staff member checked on each), a staff member's
-- (access_log_actor), or everyone's (access_log_at). The branches' guards are constants, so only one of
-- them runs. Each branch has the period and the cursor and the union its ORDER BY, so SQLite merges the
-- branches in their indexes' order and stops at @limit, seeking at the cursor (the unary + keeps it from
-- seeking at @to (After) or @from (Before) and walking from there). The count has its own union: a CTE
-- used twice is materialized whole, and sqlc does not parse NOT MATERIALIZED.
-- BenchmarkAccessLogSearch and TestAdminAccessLogSearchUsesItsIndex.
-- name: SearchAccessLogAfter :many
WITH start (at, id) AS (SELECT k.at, k.id FROM access_log k WHERE k.id = @cursor UNION ALL SELECT @to, 0 ORDER BY 2 DESC LIMIT 1),
hits (id, at) AS (
  SELECT m.id, m.at FROM access_log m INDEXED BY access_log_patient
  WHERE @patient_id != 0 AND m.patient_id = @patient_id AND (@actor_id = 0 OR m.actor_id = @actor_id)
    AND m.at >= @from AND +m.at < @to AND (m.at, m.id) < (SELECT at, id FROM start)
  UNION ALL
  SELECT m.id, m.at FROM access_log m INDEXED BY access_log_actor
  WHERE @patient_id = 0 AND @actor_id != 0 AND m.actor_id = @actor_id
    AND m.at >= @from AND +m.at < @to AND (m.at, m.id) < (SELECT at, id FROM start)
  UNION ALL
  SELECT m.id, m.at FROM access_log m INDEXED BY access_log_at
  WHERE @patient_id = 0 AND @actor_id = 0
    AND m.at >= @from AND +m.at < @to AND (m.at, m.id) < (SELECT at, id FROM start)
  ORDER BY 2 DESC, 1 DESC
  LIMIT @limit
)
SELECT l.id, l.at, l.actor_role, l.object_type, l.action, l.outcome,
       coalesce(a.given_name, '') AS actor_given, coalesce(a.name_prefix, '') AS actor_prefix, coalesce(a.family_name, '') AS actor_family,
       coalesce(b.given_name, '') AS for_given, coalesce(b.name_prefix, '') AS for_prefix, coalesce(b.family_name, '') AS for_family,
       coalesce(l.patient_id, 0) AS patient_id, coalesce(p.given_name, '') AS patient_given, coalesce(p.name_prefix, '') AS patient_prefix, coalesce(p.family_name, '') AS patient_family,
       coalesce(s.label, '') AS share_label,
       (SELECT count(*) FROM (SELECT 1 FROM (
          SELECT c.at FROM access_log c INDEXED BY access_log_patient
          WHERE @patient_id != 0 AND c.patient_id = @patient_id AND (@actor_id = 0 OR c.actor_id = @actor_id)
          UNION ALL
          SELECT c.at FROM access_log c INDEXED BY access_log_actor WHERE @patient_id = 0 AND @actor_id != 0 AND c.actor_id = @actor_id
          UNION ALL
          SELECT c.at FROM access_log c INDEXED BY access_log_at WHERE @patient_id = 0 AND @actor_id = 0
        ) c WHERE c.at >= @from AND c.at < @to LIMIT @cap)) AS total
FROM hits
JOIN access_log l ON l.id = hits.id
LEFT JOIN users a ON a.id = l.actor_id
LEFT JOIN users b ON b.id = l.on_behalf_of
LEFT JOIN users p ON p.id = l.patient_id
LEFT JOIN share_codes s ON s.id = l.share_code_id
ORDER BY l.at DESC, l.id DESC;

-- name: SearchAccessLogBefore :many
WITH start (at, id) AS (SELECT k.at, k.id FROM access_log k WHERE k.id = @cursor UNION ALL SELECT @from, 0 ORDER BY 2 DESC LIMIT 1),
hits (id, at) AS (
  SELECT m.id, m.at FROM access_log m INDEXED BY access_log_patient
  WHERE @patient_id != 0 AND m.patient_id = @patient_id AND (@actor_id = 0 OR m.actor_id = @actor_id)
    AND +m.at >= @from AND m.at < @to AND (m.at, m.id) > (SELECT at, id FROM start)
  UNION ALL
  SELECT m.id, m.at FROM access_log m INDEXED BY access_log_actor
  WHERE @patient_id = 0 AND @actor_id != 0 AND m.actor_id = @actor_id
    AND +m.at >= @from AND m.at < @to AND (m.at, m.id) > (SELECT at, id FROM start)
  UNION ALL
  SELECT m.id, m.at FROM access_log m INDEXED BY access_log_at
  WHERE @patient_id = 0 AND @actor_id = 0
    AND +m.at >= @from AND m.at < @to AND (m.at, m.id) > (SELECT at, id FROM start)
  ORDER BY 2, 1
  LIMIT @limit
)
SELECT l.id, l.at, l.actor_role, l.object_type, l.action, l.outcome,
       coalesce(a.given_name, '') AS actor_given, coalesce(a.name_prefix, '') AS actor_prefix, coalesce(a.family_name, '') AS actor_family,
       coalesce(b.given_name, '') AS for_given, coalesce(b.name_prefix, '') AS for_prefix, coalesce(b.family_name, '') AS for_family,
       coalesce(l.patient_id, 0) AS patient_id, coalesce(p.given_name, '') AS patient_given, coalesce(p.name_prefix, '') AS patient_prefix, coalesce(p.family_name, '') AS patient_family,
       coalesce(s.label, '') AS share_label,
       (SELECT count(*) FROM (SELECT 1 FROM (
          SELECT c.at FROM access_log c INDEXED BY access_log_patient
          WHERE @patient_id != 0 AND c.patient_id = @patient_id AND (@actor_id = 0 OR c.actor_id = @actor_id)
          UNION ALL
          SELECT c.at FROM access_log c INDEXED BY access_log_actor WHERE @patient_id = 0 AND @actor_id != 0 AND c.actor_id = @actor_id
          UNION ALL
          SELECT c.at FROM access_log c INDEXED BY access_log_at WHERE @patient_id = 0 AND @actor_id = 0
        ) c WHERE c.at >= @from AND c.at < @to LIMIT @cap)) AS total
FROM hits
JOIN access_log l ON l.id = hits.id
LEFT JOIN users a ON a.id = l.actor_id
LEFT JOIN users b ON b.id = l.on_behalf_of
LEFT JOIN users p ON p.id = l.patient_id
LEFT JOIN share_codes s ON s.id = l.share_code_id
ORDER BY l.at, l.id;
