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
-- only the patients the list shows, and is read once (hits), each hit with the patient's place in the
-- list (schema.sql, patient_places). The first @limit hits after the cursor in the order of their
-- places (first) end at some place; the page is the hits from the cursor's place to that one, sorted
-- by name. So names are looked up only for the page and for the patients who share its places, not
-- for every hit: a page of a common name costs what a rare one costs. Hits past the cursor's place lie
-- after it without a look.
-- SearchPatientsBefore likewise reads back from the cursor. No cursor: place -1. LIMIT -1 (none) keeps
-- SQLite from folding hits into each of its uses (three searches of the index), CROSS JOIN from looking
-- up a name before it knows the hit's place is on the page.
WITH cur AS (SELECT p.place, u.family_name, u.given_name, u.id FROM patient_places p JOIN users u ON u.id = p.id WHERE p.id = @cursor
             UNION ALL SELECT -1, '', '', 0 ORDER BY 4 DESC LIMIT 1),
hits AS (SELECT rowid >> 32 AS place, rowid & 4294967295 AS id FROM patient_search WHERE words MATCH @match LIMIT -1),
first AS (SELECT h.place FROM hits h, cur
          WHERE h.place > cur.place OR (h.place = cur.place AND (SELECT (u.family_name, u.given_name, u.id) > (cur.family_name, cur.given_name, cur.id) FROM users u WHERE u.id = h.id))
          ORDER BY h.place, h.id LIMIT @limit)
SELECT u.id, u.given_name, u.name_prefix, u.family_name, u.birth_date, u.email, u.patient_number, u.city,
       (SELECT count(*) FROM (SELECT 1 FROM hits LIMIT @cap)) AS total
FROM cur CROSS JOIN hits h CROSS JOIN users u ON u.id = h.id
WHERE h.place BETWEEN cur.place AND (SELECT max(place) FROM first)
  AND (u.family_name, u.given_name, u.id) > (cur.family_name, cur.given_name, cur.id)
ORDER BY u.family_name, u.given_name, u.id
LIMIT @limit;

-- name: SearchPatientsBefore :many
WITH cur AS (SELECT p.place, u.family_name, u.given_name, u.id FROM patient_places p JOIN users u ON u.id = p.id WHERE p.id = @cursor
             UNION ALL SELECT -1, '', '', 0 ORDER BY 4 DESC LIMIT 1),
hits AS (SELECT rowid >> 32 AS place, rowid & 4294967295 AS id FROM patient_search WHERE words MATCH @match LIMIT -1),
first AS (SELECT h.place FROM hits h, cur
          WHERE h.place < cur.place OR (h.place = cur.place AND (SELECT (u.family_name, u.given_name, u.id) < (cur.family_name, cur.given_name, cur.id) FROM users u WHERE u.id = h.id))
          ORDER BY h.place DESC, h.id DESC LIMIT @limit)
SELECT u.id, u.given_name, u.name_prefix, u.family_name, u.birth_date, u.email, u.patient_number, u.city,
       (SELECT count(*) FROM (SELECT 1 FROM hits LIMIT @cap)) AS total
FROM cur CROSS JOIN hits h CROSS JOIN users u ON u.id = h.id
WHERE h.place BETWEEN (SELECT min(place) FROM first) AND cur.place
  AND (u.family_name, u.given_name, u.id) < (cur.family_name, cur.given_name, cur.id)
ORDER BY u.family_name DESC, u.given_name DESC, u.id DESC
LIMIT @limit;
