-- The back office's patient list, sorted like a card index (family name, given name, id) and read a page
-- at a time from a cursor: the page after the patient @cursor or, read backwards, the page before them.
-- The cursor is an id, so that no name goes into an address; @cursor 0 (no such patient) is the start
-- of the list. Every statement also counts the whole list, up to @cap rows (total): a count no one reads
-- in full stops there.

-- name: ListPatientsAfter :many
-- The patients whose family name lies in [@from, @to) (the whole list, or the names that start with a
-- short search), after the cursor. The index is sought at the cursor: a unary + keeps SQLite from
-- seeking at @from instead (and walking from there to the cursor); without a cursor the walk starts at
-- @from. ListPatientsBefore likewise seeks at the cursor and stops at @from.
SELECT id, given_name, name_prefix, family_name, birth_date, email, patient_number, city,
       (SELECT count(*) FROM (SELECT 1 FROM users c WHERE c.role = 'patient' AND c.active = 1
                              AND c.family_name >= @from AND c.family_name < @to LIMIT @cap)) AS total
FROM users
WHERE role = 'patient' AND active = 1 AND +family_name >= @from AND family_name < @to
  AND (users.family_name, users.given_name, users.id) > (SELECT k.family_name, k.given_name, k.id FROM users k WHERE k.id = @cursor
                                                 UNION ALL SELECT @from, '', 0 ORDER BY 3 DESC LIMIT 1)
ORDER BY family_name, given_name, id
LIMIT @limit;

-- name: ListPatientsBefore :many
SELECT id, given_name, name_prefix, family_name, birth_date, email, patient_number, city,
       (SELECT count(*) FROM (SELECT 1 FROM users c WHERE c.role = 'patient' AND c.active = 1
                              AND c.family_name >= @from AND c.family_name < @to LIMIT @cap)) AS total
FROM users
WHERE role = 'patient' AND active = 1 AND family_name >= @from AND +family_name < @to
  AND (users.family_name, users.given_name, users.id) < (SELECT k.family_name, k.given_name, k.id FROM users k WHERE k.id = @cursor
                                                 UNION ALL SELECT '', '', 0 ORDER BY 3 DESC LIMIT 1)
ORDER BY family_name DESC, given_name DESC, id DESC
LIMIT @limit;

-- name: SearchPatientsAfter :many
-- The patients the search index finds for @match (an FTS5 query), after the cursor. The index holds
-- only the patients the list shows, and is read once (hits), in the order of its rowids: each hit's list_key
-- in patient_places (schema.sql), the patient's place in the list times 2^32 plus their id. The first
-- @limit hits after the cursor in that order (first) end at some place; the page is the hits from the
-- cursor's place to that one, sorted by name. So a page of a common name reads the page's rows of
-- patient_places, which lie side by side, not a row of users for every hit; and first stops after
-- @limit hits, taking them in the order the index gave (no sort of every hit). Patients who share a
-- place are compared by name; hits past the cursor's place lie after it without a look.
-- SearchPatientsBefore likewise reads back from the cursor. No cursor: place -1. LIMIT -1 (none) keeps
-- SQLite from folding hits into each of its uses (three searches of the index), CROSS JOIN from looking
-- up a row before it knows the hit's place is on the page. "rowid COLLATE BINARY": sqlc refuses a bare
-- rowid of a virtual table as a result column; the collation changes nothing for an integer, and the
-- index still hands over the ORDER BY (no sort), as EXPLAIN QUERY PLAN shows.
WITH cur AS (SELECT p.place, p.family_name, p.given_name, p.id FROM patient_places p WHERE p.id = @cursor
             UNION ALL SELECT -1, '', '', 0 ORDER BY 4 DESC LIMIT 1),
hits AS (SELECT rowid COLLATE BINARY AS list_key FROM patient_search WHERE words MATCH @match ORDER BY list_key LIMIT -1),
first AS (SELECT h.list_key FROM hits h, cur
          WHERE h.list_key >= (cur.place + 1) << 32
             OR (h.list_key >> 32 = cur.place AND (SELECT (p.family_name, p.given_name, p.id) > (cur.family_name, cur.given_name, cur.id) FROM patient_places p WHERE p.list_key = h.list_key))
          ORDER BY h.list_key LIMIT @limit)
SELECT p.id, p.given_name, p.name_prefix, p.family_name, p.birth_date, p.email, p.patient_number, p.city,
       (SELECT count(*) FROM (SELECT 1 FROM hits LIMIT @cap)) AS total
FROM cur CROSS JOIN hits h CROSS JOIN patient_places p ON p.list_key = h.list_key
WHERE h.list_key BETWEEN cur.place << 32 AND (SELECT max(list_key) FROM first) | 4294967295
  AND (p.family_name, p.given_name, p.id) > (cur.family_name, cur.given_name, cur.id)
ORDER BY p.family_name, p.given_name, p.id
LIMIT @limit;

-- name: SearchPatientsBefore :many
WITH cur AS (SELECT p.place, p.family_name, p.given_name, p.id FROM patient_places p WHERE p.id = @cursor
             UNION ALL SELECT -1, '', '', 0 ORDER BY 4 DESC LIMIT 1),
hits AS (SELECT rowid COLLATE BINARY AS list_key FROM patient_search WHERE words MATCH @match ORDER BY list_key DESC LIMIT -1),
first AS (SELECT h.list_key FROM hits h, cur
          WHERE h.list_key < cur.place << 32
             OR (h.list_key >> 32 = cur.place AND (SELECT (p.family_name, p.given_name, p.id) < (cur.family_name, cur.given_name, cur.id) FROM patient_places p WHERE p.list_key = h.list_key))
          ORDER BY h.list_key DESC LIMIT @limit)
SELECT p.id, p.given_name, p.name_prefix, p.family_name, p.birth_date, p.email, p.patient_number, p.city,
       (SELECT count(*) FROM (SELECT 1 FROM hits LIMIT @cap)) AS total
FROM cur CROSS JOIN hits h CROSS JOIN patient_places p ON p.list_key = h.list_key
WHERE h.list_key BETWEEN (SELECT min(list_key) FROM first) >> 32 << 32 AND cur.place << 32 | 4294967295
  AND (p.family_name, p.given_name, p.id) < (cur.family_name, cur.given_name, cur.id)
ORDER BY p.family_name DESC, p.given_name DESC, p.id DESC
LIMIT @limit;
