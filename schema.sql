-- Balie schema of a new database. Times are UTC (DATETIME text written by the driver), dates are DATE.
-- Once a release exists, every change here also needs an upgrade step in queries/migrate.go.

-- The clinic itself: exactly one row.
CREATE TABLE clinic_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    -- What home screens show under the portal's icon (the web manifest's short_name); empty: derived
    -- from name (ClinicSetting.HomeScreenName).
    short_name  TEXT NOT NULL DEFAULT '' CHECK (length(short_name) <= 12),
    street      TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    -- Whether patients can write messages to the practice through the portal.
    messages_enabled  INTEGER NOT NULL DEFAULT 1,
    -- Whether patients can ask the GP a question with photos (e-consult, seed 002); for GP practices.
    econsult_enabled  INTEGER NOT NULL DEFAULT 0,
    -- Which second factors users may choose (design.md §5). SMS is never the only one offered.
    allow_totp        INTEGER NOT NULL DEFAULT 1,
    allow_passkey     INTEGER NOT NULL DEFAULT 1,
    allow_sms         INTEGER NOT NULL DEFAULT 1,
    -- GP-style composition rules (upper, lower, 2 digits) on top of length and the common-password list.
    composition_rules INTEGER NOT NULL DEFAULT 0,
    invitation_days   INTEGER NOT NULL DEFAULT 5,
    -- Whether a new patient's dossier shows in the portal at once (else once the practitioner links it:
    -- users.dossier_linked).
    dossier_linked_default INTEGER NOT NULL DEFAULT 1,
    -- The external eHealth program the practice uses (Minddistrict …): its name and address; '' none.
    ehealth_name TEXT NOT NULL DEFAULT '',
    ehealth_url  TEXT NOT NULL DEFAULT '',
    -- The agenda (schema below): how far ahead and how soon patients may book, how many booked
    -- appointments a patient may have open, until how many hours before they may cancel, whether the
    -- practice is closed on Dutch public holidays, and the reminder's default channel and lead time.
    booking_weeks     INTEGER NOT NULL DEFAULT 6 CHECK (booking_weeks BETWEEN 1 AND 52),
    booking_notice_minutes INTEGER NOT NULL DEFAULT 120 CHECK (booking_notice_minutes BETWEEN 0 AND 20160),
    booking_max_open  INTEGER NOT NULL DEFAULT 2 CHECK (booking_max_open BETWEEN 1 AND 20),
    cancel_hours      INTEGER NOT NULL DEFAULT 24 CHECK (cancel_hours BETWEEN 0 AND 336),
    closed_on_holidays INTEGER NOT NULL DEFAULT 1,
    reminder_channel  TEXT NOT NULL DEFAULT 'email' CHECK (reminder_channel IN ('none', 'email', 'sms', 'both')),
    reminder_hours    INTEGER NOT NULL DEFAULT 24 CHECK (reminder_hours BETWEEN 1 AND 168),
    -- Repeat prescriptions (seed 002): a request before the cut-off (minutes after local midnight) on a
    -- working day is ready the next working day, later ones the working day after that
    -- (internal/repeatrx). Working days are bits, Monday = 1 … Sunday = 64; Dutch public holidays never count.
    repeat_cutoff_minutes INTEGER NOT NULL DEFAULT 720 CHECK (repeat_cutoff_minutes BETWEEN 0 AND 1439),
    repeat_working_days   INTEGER NOT NULL DEFAULT 31 CHECK (repeat_working_days BETWEEN 1 AND 127),
    -- Raised by every change (the trigger below), also one made by another process (`balie admin
    -- clinic`): the server keeps the settings in memory and reads them again when the version it sees
    -- with each session (LoadSession) is not the one it holds.
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK (allow_totp = 1 OR allow_passkey = 1)
);
CREATE TRIGGER clinic_settings_version AFTER UPDATE ON clinic_settings WHEN NEW.version = OLD.version
BEGIN
    UPDATE clinic_settings SET version = OLD.version + 1 WHERE id = NEW.id;
END;

-- Patients and staff. A user signs in with user_name (or e-mail, when only one account has it). A user
-- name is never another account's e-mail address (the triggers below), so that a typed name means one
-- account at most (design.md §5).
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    -- 'relative': someone a patient invited to read along (authorisations below), not a patient of the
    -- practice; they have no portal of their own.
    role            TEXT NOT NULL CHECK (role IN ('patient', 'relative', 'admin', 'practitioner', 'assistant')),
    user_name       TEXT UNIQUE COLLATE NOCASE,
    email           TEXT NOT NULL COLLATE NOCASE,
    password_hash   TEXT,
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    -- "de", "van der": sorted on family_name, shown between the two names.
    name_prefix     TEXT NOT NULL DEFAULT '',
    birth_date      DATE,
    mobile          TEXT NOT NULL DEFAULT '',
    street          TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    patient_number  TEXT UNIQUE,
    -- the patient's lead practitioner (regiebehandelaar)
    practitioner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    locale          TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en')),
    -- NULL: follow the device's prefers-contrast; 0/1: the user's own choice.
    high_contrast   INTEGER CHECK (high_contrast IN (0, 1)),
    -- staff: an e-mail notice when a patient writes (no content in it)
    notify_messages INTEGER NOT NULL DEFAULT 0,
    -- patients: how appointment reminders reach them ('none', 'email', 'sms', 'both'); NULL: the
    -- practice's default (clinic_settings.reminder_channel)
    reminder_channel TEXT CHECK (reminder_channel IN ('none', 'email', 'sms', 'both')),
    -- patients: the dossier shows in the portal (seed 004: once the practitioner links it); NULL: the
    -- practice's default (clinic_settings.dossier_linked_default)
    dossier_linked  INTEGER CHECK (dossier_linked IN (0, 1)),
    -- patients: when their results show (results below): 'direct' as soon as the practice's rule lets
    -- them, or 'na_beoordeling' only once their practitioner has seen each one
    results_release TEXT NOT NULL DEFAULT 'direct' CHECK (results_release IN ('direct', 'na_beoordeling')),
    -- patients: the eHealth program this patient uses (questionnaires' third part); '': the practice's
    -- (clinic_settings.ehealth_url)
    ehealth_url     TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL
);
CREATE INDEX users_email ON users(email);
-- The back office's patient list in card-index order (family name, given name, id: the rowid every
-- index ends with), so that a page after or before a cursor is a short walk whatever the clinic's size.
CREATE INDEX users_role_name ON users(role, active, family_name, given_name);
CREATE INDEX users_birth_date ON users(birth_date);
-- The database refuses a user name that is another account's e-mail address, and an address that is
-- another account's user name, whichever code writes the row (the columns compare without case).
CREATE TRIGGER users_sign_in_names_insert BEFORE INSERT ON users
WHEN EXISTS (SELECT 1 FROM users WHERE email = NEW.user_name OR user_name = NEW.email)
BEGIN SELECT RAISE(ABORT, 'sign-in name clash: a user name may not be another account''s e-mail address'); END;
CREATE TRIGGER users_sign_in_names_update BEFORE UPDATE OF user_name, email ON users
WHEN EXISTS (SELECT 1 FROM users WHERE id <> NEW.id AND (email = NEW.user_name OR user_name = NEW.email))
BEGIN SELECT RAISE(ABORT, 'sign-in name clash: a user name may not be another account''s e-mail address'); END;

-- The back office's patient search: the words of every patient the list shows (active). Words, not
-- trigrams: staff type the start of a name part ("vries", "van der b", "j jansen"), and prefix indexes
-- of 1 and 2 characters serve initials; accents are folded (Özdemir is found by "ozdemir"), and so is the
-- Turkish dotless ı, which is no accent to Unicode. One column, as sqlc knows only a column on the left
-- of MATCH: the name, the patient number (also without its letters and leading zeros, "123"), the birth
-- date as its digits ("1985 04 03") and the e-mail address as one word, without its dots, @, hyphens,
-- underscores and plus signs ("anna.jansen2@voorbeeld.example": "annajansen2voorbeeldexample"): staff
-- type an address from its start, and its parts as words of their own would make every name a prefix
-- of many words ("jansen*" merging "jansen2" … "jansen99" of the addresses), which costs a common
-- name's search more as the clinic grows.
-- A row's rowid is the patient's place in the list (patient_places) times 2^32 plus the user's id (ids
-- stay below 2^32): the index returns its matches in the list's order, near enough that a page of a
-- common name ("jansen", 1,600 of 100,000 patients) looks up the page's names, not every match's.
-- Contentless: the list reads patient_places. The triggers keep it in step, writing what the view
-- patient_search_words makes of the user's row (nothing when the list does not show them).
CREATE VIRTUAL TABLE patient_search USING fts5(words,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2', content = '', contentless_delete = 1);
CREATE VIEW patient_search_words AS
SELECT id,
       replace(replace(given_name || ' ' || name_prefix || ' ' || family_name, 'ı', 'i'), 'İ', 'I')
       || ' ' || coalesce(patient_number || ' ' || ltrim(ltrim(upper(patient_number), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-'), '0'), '')
       || ' ' || coalesce(substr(birth_date, 1, 10), '')
       || ' ' || replace(replace(replace(replace(replace(email, '.', ''), '@', ''), '-', ''), '_', ''), '+', '') AS words
FROM users WHERE role = 'patient' AND active = 1;
-- Every listed patient's place in [0, 2^31): never lower than the place of a patient before them in the
-- list (family name, given name, id), never higher than one after them. A patient gets the place halfway
-- between their neighbours' (patient_places_new); where there is no room left, a neighbour's own place:
-- patients who share a place are sorted by name when read, so a shared place costs speed, never order.
-- Each row keeps a copy of what the search's page shows of the patient, under the rowid patient_search
-- gives their hit: the rows lie in the list's order, so that a page of hits reads a few neighbouring
-- rows of this narrow table rather than a row of users each (for a common name, 26 pages of a deep
-- b-tree at 100,000 patients). The triggers keep the copies in step with users.
CREATE TABLE patient_places (
    list_key        INTEGER PRIMARY KEY, -- place << 32 | id: the patient's rowid in patient_search
    id              INTEGER NOT NULL UNIQUE, -- the user's
    place           INTEGER NOT NULL,
    given_name      TEXT NOT NULL,
    name_prefix     TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    birth_date      DATE,
    email           TEXT NOT NULL,
    patient_number  TEXT,
    city            TEXT NOT NULL
);
CREATE VIEW patient_places_new AS
SELECT u.id,
       (coalesce((SELECT p.place FROM patient_places p WHERE p.id =
                     (SELECT b.id FROM users b WHERE b.role = 'patient' AND b.active = 1
                        AND (b.family_name, b.given_name, b.id) < (u.family_name, u.given_name, u.id)
                      ORDER BY b.family_name DESC, b.given_name DESC, b.id DESC LIMIT 1)), 0)
        + coalesce((SELECT p.place FROM patient_places p WHERE p.id =
                     (SELECT a.id FROM users a WHERE a.role = 'patient' AND a.active = 1
                        AND (a.family_name, a.given_name, a.id) > (u.family_name, u.given_name, u.id)
                      ORDER BY a.family_name, a.given_name, a.id LIMIT 1)), 2147483648)) / 2 AS place,
       u.given_name, u.name_prefix, u.family_name, u.birth_date, u.email, u.patient_number, u.city
FROM users u WHERE u.role = 'patient' AND u.active = 1;
CREATE TRIGGER patient_search_insert AFTER INSERT ON users
BEGIN
    INSERT INTO patient_places(list_key, id, place, given_name, name_prefix, family_name, birth_date, email, patient_number, city)
    SELECT place << 32 | id, id, place, given_name, name_prefix, family_name, birth_date, email, patient_number, city
    FROM patient_places_new WHERE id = NEW.id;
    INSERT INTO patient_search(rowid, words)
    SELECT p.list_key, w.words FROM patient_search_words w JOIN patient_places p ON p.id = w.id WHERE w.id = NEW.id;
END;
CREATE TRIGGER patient_search_update AFTER UPDATE OF role, active, given_name, name_prefix, family_name, email, patient_number, birth_date, city ON users
BEGIN
    DELETE FROM patient_search WHERE rowid = (SELECT list_key FROM patient_places WHERE id = OLD.id);
    DELETE FROM patient_places WHERE id = OLD.id;
    INSERT INTO patient_places(list_key, id, place, given_name, name_prefix, family_name, birth_date, email, patient_number, city)
    SELECT place << 32 | id, id, place, given_name, name_prefix, family_name, birth_date, email, patient_number, city
    FROM patient_places_new WHERE id = NEW.id;
    INSERT INTO patient_search(rowid, words)
    SELECT p.list_key, w.words FROM patient_search_words w JOIN patient_places p ON p.id = w.id WHERE w.id = NEW.id;
END;
CREATE TRIGGER patient_search_delete AFTER DELETE ON users
BEGIN
    DELETE FROM patient_search WHERE rowid = (SELECT list_key FROM patient_places WHERE id = OLD.id);
    DELETE FROM patient_places WHERE id = OLD.id;
END;

-- Failed sign-ins per key ("account:<name>" or "address:<ip>"), also for names that have no account,
-- so that a lockout tells nothing about whether an account exists. A name too long for a key is stored
-- as its hash. Rows whose window and lock have passed are deleted now and then.
CREATE TABLE sign_in_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  DATETIME NOT NULL,
    locked_until  DATETIME
);

-- Server-side sessions. The cookie holds a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    data          BLOB NOT NULL,
    created_at    DATETIME NOT NULL,
    last_seen_at  DATETIME NOT NULL,
    expires_at    DATETIME NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    factor_tries  INTEGER NOT NULL DEFAULT 0 -- second-factor tries in this sign-in, taken before comparing
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Invitations: one-time links that let a new account activate. Only the token's SHA-256 is stored.
CREATE TABLE activations (
    token_hash          TEXT PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at          DATETIME NOT NULL,
    expires_at          DATETIME NOT NULL,
    used_at             DATETIME,
    -- wrong birth dates typed on this link; at the limit the link is locked and staff are told
    birth_date_failures INTEGER NOT NULL DEFAULT 0,
    locked_at           DATETIME,
    -- the patient asked for a new link from this (expired) one; staff are told once
    renewal_asked_at    DATETIME
);
CREATE INDEX activations_user ON activations(user_id, created_at);

-- "Wachtwoord vergeten?" links: 30 minutes, single use, stored hashed.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Second factors. totp: secret (base32) and the last time step used (no replay); passkey: the WebAuthn
-- credential (JSON) and its id; sms: the mobile number on file.
CREATE TABLE factors (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('totp', 'passkey', 'sms')),
    label          TEXT NOT NULL DEFAULT '', -- data, never a translated text: an SMS factor's number
    secret         TEXT NOT NULL DEFAULT '',
    last_step      INTEGER NOT NULL DEFAULT 0,
    credential_id  BLOB UNIQUE,
    credential     BLOB,
    created_at     DATETIME NOT NULL,
    last_used_at   DATETIME
);
CREATE INDEX factors_user ON factors(user_id, kind);

-- Codes sent by SMS: 6 digits, 5 minutes, single use, bound to one attempt (the session or link that
-- asked for it), stored hashed, at most 5 tries.
CREATE TABLE one_time_codes (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('sign_in', 'activation', 'reset', 'mobile')),
    bound_to    TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,
    used_at     DATETIME
);
CREATE INDEX one_time_codes_bound ON one_time_codes(bound_to, purpose, created_at);

-- Terms of use, versioned, in both languages (simple formatting: paragraphs, **bold**, lists).
CREATE TABLE terms (
    version       INTEGER PRIMARY KEY,
    text_nl       TEXT NOT NULL,
    text_en       TEXT NOT NULL,
    published_at  DATETIME NOT NULL,
    published_by  INTEGER REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE terms_acceptances (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL REFERENCES terms(version),
    accepted_at  DATETIME NOT NULL,
    PRIMARY KEY (user_id, version)
);

-- What happened to an account: sign-ins, failures, locks and unlocks, factor and password changes.
-- Shown to the user ("recent sign-ins") and to staff.
CREATE TABLE account_events (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at          DATETIME NOT NULL,
    kind        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX account_events_user ON account_events(user_id, at);

-- The agenda (FHIR: Location, Appointment with its appointmentType, Schedule/Slot for the hours patients
-- may book). Times are UTC; hours of the week and closure days are local (Europe/Amsterdam) clock times.

-- Where appointments take place (FHIR Location): a consulting room, a branch, "Telefonisch".
CREATE TABLE places (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    street    TEXT NOT NULL DEFAULT '',
    postcode  TEXT NOT NULL DEFAULT '',
    city      TEXT NOT NULL DEFAULT '',
    -- Not offered for new appointments; old ones keep it.
    active    INTEGER NOT NULL DEFAULT 1
);

-- Kinds of appointment (FHIR Appointment.appointmentType), each with its own rules.
CREATE TABLE appointment_kinds (
    id           INTEGER PRIMARY KEY,
    name_nl      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    -- Patients may book it themselves in the practitioners' hours (availability_hours).
    bookable     INTEGER NOT NULL DEFAULT 0,
    -- Patients booking it may choose the practitioner (else: their own, or the first one free).
    choose_practitioner INTEGER NOT NULL DEFAULT 1,
    -- Patients may cancel it themselves (up to clinic_settings.cancel_hours before).
    cancellable  INTEGER NOT NULL DEFAULT 1,
    -- When the patient first sees an appointment of this kind (internal/agenda.VisibleFrom): 'now' at
    -- once; 'day_before' from publish_time (HH:MM, local) on the day before; 'days_before' from the
    -- start of the day publish_days days before.
    publish      TEXT NOT NULL DEFAULT 'now' CHECK (publish IN ('now', 'day_before', 'days_before')),
    publish_time TEXT NOT NULL DEFAULT '13:00' CHECK (publish_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    publish_days INTEGER NOT NULL DEFAULT 1 CHECK (publish_days BETWEEN 1 AND 60),
    -- The place and instructions a new appointment of the kind starts with.
    place_id     INTEGER REFERENCES places(id),
    instructions_nl TEXT NOT NULL DEFAULT '',
    instructions_en TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1
);

-- An appointment (FHIR Appointment). practitioner_id is the practitioner whose agenda it is in;
-- appointment_practitioners adds others who take part.
CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    practitioner_id INTEGER NOT NULL REFERENCES users(id),
    kind_id         INTEGER NOT NULL REFERENCES appointment_kinds(id),
    place_id        INTEGER REFERENCES places(id),
    starts_at       DATETIME NOT NULL,
    -- At most a day long, so that the overlap triggers below need look back only a day.
    ends_at         DATETIME NOT NULL CHECK (ends_at > starts_at AND ends_at <= datetime(starts_at, '+1 day')),
    -- The practice's instructions ("Neem uw medicijnen mee"), shown to the patient.
    instructions    TEXT NOT NULL DEFAULT '',
    -- The short reason a patient gave when booking (never in mail or SMS).
    reason          TEXT NOT NULL DEFAULT '',
    -- FHIR Appointment.status: booked, cancelled, noshow (fulfilled is a booked one in the past).
    status          TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'noshow')),
    -- Who made it: the patient (booked through the portal) or a staff member.
    booked_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- From when the patient sees it (the kind's publication rule, worked out when the appointment is
    -- made or moved and when the kind's rule changes). Before it the appointment does not exist for
    -- the patient: every patient-facing query, feed, reminder and mail asks visible_from <= now.
    visible_from    DATETIME NOT NULL,
    -- When the reminder is due (NULL: none) and when it was queued; a move sets both again.
    remind_at       DATETIME,
    reminded_at     DATETIME,
    cancelled_at    DATETIME,
    cancelled_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- Why the practice cancelled it (optional): for staff only, never shown to the patient or mailed.
    cancel_reason   TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    -- Staff have seen the patient's own booking or cancellation (the count beside "Agenda").
    staff_seen      INTEGER NOT NULL DEFAULT 1,
    -- Raised by every change of time, practitioner, place, instructions or status (the trigger below):
    -- a calendar file's SEQUENCE, and what a staff change checks it still changes what its page read.
    revision        INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER appointments_revision
AFTER UPDATE OF starts_at, ends_at, practitioner_id, place_id, instructions, status ON appointments
WHEN NEW.revision = OLD.revision
BEGIN UPDATE appointments SET revision = OLD.revision + 1 WHERE id = NEW.id; END;
CREATE INDEX appointments_patient_start ON appointments(patient_id, starts_at);
CREATE INDEX appointments_practitioner_start ON appointments(practitioner_id, starts_at);
CREATE INDEX appointments_start ON appointments(starts_at);
CREATE INDEX appointments_reminders ON appointments(remind_at) WHERE reminded_at IS NULL AND status = 'booked';
CREATE INDEX appointments_unseen ON appointments(practitioner_id) WHERE staff_seen = 0;

CREATE TABLE appointment_practitioners (
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    practitioner_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (appointment_id, practitioner_id)
) WITHOUT ROWID;
CREATE INDEX appointment_practitioners_practitioner ON appointment_practitioners(practitioner_id);

-- Each practitioner's time taken by a booked appointment, whether their own or one they take part in.
CREATE VIEW practitioner_busy AS
    SELECT a.practitioner_id, a.id AS appointment_id, a.starts_at, a.ends_at FROM appointments a WHERE a.status = 'booked'
    UNION ALL
    SELECT ap.practitioner_id, a.id, a.starts_at, a.ends_at
    FROM appointment_practitioners ap JOIN appointments a ON a.id = ap.appointment_id WHERE a.status = 'booked';

-- What a patient may ever see of their appointments, with what they read of each: kind, place with its
-- address, and everyone who takes part (the lead first, then the others by name). An appointment
-- cancelled before its publication never existed for the patient, so it is not here at all; the rest
-- shows from visible_from on, which every query of it asks (queries/agenda.sql).
CREATE VIEW patient_appointments AS
SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.status, a.instructions, a.visible_from, a.created_at,
       a.revision, k.name_nl AS kind_nl, k.name_en AS kind_en, k.cancellable,
       coalesce(pl.name, '') AS place, coalesce(pl.street, '') AS street, coalesce(pl.postcode, '') AS postcode,
       coalesce(pl.city, '') AS city,
       CAST(replace(trim(p.given_name || ' ' || p.name_prefix || ' ' || p.family_name), '  ', ' ')
            || coalesce((SELECT ', ' || group_concat(n, ', ') FROM (
                   SELECT replace(trim(u.given_name || ' ' || u.name_prefix || ' ' || u.family_name), '  ', ' ') AS n
                   FROM appointment_practitioners ap JOIN users u ON u.id = ap.practitioner_id
                   WHERE ap.appointment_id = a.id ORDER BY u.family_name, u.given_name, u.id)), '') AS TEXT) AS practitioners
FROM appointments a JOIN users p ON p.id = a.practitioner_id
JOIN appointment_kinds k ON k.id = a.kind_id
LEFT JOIN places pl ON pl.id = a.place_id
WHERE a.cancelled_at IS NULL OR a.cancelled_at >= a.visible_from;

-- Never double-booked: the database refuses a booked appointment that overlaps another of any of its
-- practitioners, whoever writes it. With one writer, the check and the write are one step, so two
-- patients confirming the same time cannot both commit. An appointment that overlaps starts less than a
-- day before (none is longer), so that the check reads a day of the agenda, not all of its past.
CREATE TRIGGER appointments_no_overlap_insert AFTER INSERT ON appointments WHEN NEW.status = 'booked'
    AND EXISTS (SELECT 1 FROM practitioner_busy b WHERE b.practitioner_id = NEW.practitioner_id
                AND b.appointment_id <> NEW.id AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at
                AND b.starts_at > datetime(NEW.starts_at, '-1 day'))
BEGIN SELECT RAISE(ABORT, 'appointment overlap'); END;
CREATE TRIGGER appointments_no_overlap_update AFTER UPDATE OF starts_at, ends_at, status, practitioner_id ON appointments
    WHEN NEW.status = 'booked' AND EXISTS (
        SELECT 1 FROM practitioner_busy b
        WHERE b.practitioner_id IN (SELECT NEW.practitioner_id UNION ALL
                                    SELECT practitioner_id FROM appointment_practitioners WHERE appointment_id = NEW.id)
          AND b.appointment_id <> NEW.id AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at
          AND b.starts_at > datetime(NEW.starts_at, '-1 day'))
BEGIN SELECT RAISE(ABORT, 'appointment overlap'); END;
CREATE TRIGGER appointment_practitioners_no_overlap AFTER INSERT ON appointment_practitioners
    WHEN EXISTS (SELECT 1 FROM appointments a JOIN practitioner_busy b ON b.practitioner_id = NEW.practitioner_id
                 AND b.appointment_id <> a.id AND b.starts_at < a.ends_at AND b.ends_at > a.starts_at
                 AND b.starts_at > datetime(a.starts_at, '-1 day')
                 WHERE a.id = NEW.appointment_id AND a.status = 'booked')
BEGIN SELECT RAISE(ABORT, 'appointment overlap'); END;

-- The hours each practitioner works for bookable kinds, per day of the week (FHIR Schedule): local
-- clock times, weekday 1 = Monday … 7 = Sunday. kind_id NULL: every bookable kind.
CREATE TABLE availability_hours (
    id              INTEGER PRIMARY KEY,
    practitioner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts          TEXT NOT NULL CHECK (starts GLOB '[0-2][0-9]:[0-5][0-9]'),
    ends            TEXT NOT NULL CHECK (ends GLOB '[0-2][0-9]:[0-5][0-9]' AND ends > starts),
    kind_id         INTEGER REFERENCES appointment_kinds(id) ON DELETE CASCADE,
    place_id        INTEGER REFERENCES places(id)
);
CREATE INDEX availability_hours_practitioner ON availability_hours(practitioner_id, weekday);

-- Exceptions to those hours: absence (holiday, course) or extra hours, as UTC moments.
CREATE TABLE availability_exceptions (
    id              INTEGER PRIMARY KEY,
    practitioner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('absent', 'extra')),
    starts_at       DATETIME NOT NULL,
    ends_at         DATETIME NOT NULL CHECK (ends_at > starts_at),
    kind_id         INTEGER REFERENCES appointment_kinds(id) ON DELETE CASCADE,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX availability_exceptions_practitioner ON availability_exceptions(practitioner_id, starts_at);

-- Days the whole practice is closed besides the Dutch public holidays (a local date, YYYY-MM-DD).
CREATE TABLE closure_days (
    day     DATE PRIMARY KEY,
    reason  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- A patient's private calendar subscription address: only the secret's hash is kept (shown once).
CREATE TABLE calendar_feeds (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  DATETIME NOT NULL,
    last_read_at DATETIME
);

-- The dossier (FHIR DocumentReference): reports and letters (verslagen/brieven) written by
-- practitioners, with category and subcategory (a practice setting: report_categories). The patient sees
-- a report from published_at on (NULL: a draft, not shared; a later moment: shared from then), until it
-- is withdrawn. A correction (AVG art. 16) makes a new version: the old row is kept, superseded_by
-- pointing to the new one, and shown to the patient marked as replaced.
CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    subcategory   TEXT NOT NULL DEFAULT '',
    -- Simple formatting (Markdown, raw HTML off when rendered).
    body          TEXT NOT NULL,
    written_at    DATETIME NOT NULL,
    -- NULL: not yet shared with the patient.
    published_at  DATETIME,
    -- The practitioner asks the patient's akkoord (report_approvals).
    approval_requested INTEGER NOT NULL DEFAULT 0,
    -- Withdrawn by the practice, with the reason (kept and logged): no longer shown to the patient.
    withdrawn_at  DATETIME,
    withdrawn_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    superseded_by INTEGER REFERENCES reports(id),
    -- When the patient first opened it (NULL: unread).
    read_at       DATETIME,
    -- The title and text folded for the dossier's search (internal/textfold: case and diacritics, so
    -- that "een" finds "Één"), written with them by every statement that writes them.
    search_text   TEXT NOT NULL DEFAULT '',
    -- The practitioner hides it from the parents of a child of 12 to 16 (WGBO): a parent's view of the
    -- child's portal does not have it (queries ask @viewer_is_parent).
    hidden_from_parents INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_parents IN (0, 1))
);
CREATE INDEX reports_patient_written ON reports(patient_id, written_at);
CREATE INDEX reports_patient_published ON reports(patient_id, published_at);

-- The categories and subcategories the practice files reports under (subcategory '' is the category
-- itself), in the order the filters show them.
CREATE TABLE report_categories (
    id           INTEGER PRIMARY KEY,
    category     TEXT NOT NULL,
    subcategory  TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category, subcategory)
);

-- A patient's akkoord on a report (or a document), which version, when and by whom: final. The
-- database refuses to change or remove one, whoever asks.
CREATE TABLE report_approvals (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES users(id),
    report_id    INTEGER REFERENCES reports(id),
    document_id  INTEGER REFERENCES documents(id),
    version      INTEGER NOT NULL DEFAULT 1,
    approved_by  INTEGER NOT NULL REFERENCES users(id),
    approved_at  DATETIME NOT NULL,
    CHECK ((report_id IS NULL) <> (document_id IS NULL)),
    UNIQUE (report_id, version),
    UNIQUE (document_id)
);
CREATE TRIGGER report_approvals_final_update BEFORE UPDATE ON report_approvals
BEGIN SELECT RAISE(ABORT, 'an akkoord is final'); END;
CREATE TRIGGER report_approvals_final_delete BEFORE DELETE ON report_approvals
BEGIN SELECT RAISE(ABORT, 'an akkoord is final'); END;

-- Files in the record. The content lives in the database too (one file to back up) and comes last,
-- so that listings never read it.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    uploaded_by   INTEGER NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    created_at    DATETIME NOT NULL,
    published_at  DATETIME,
    content       BLOB NOT NULL,
    -- An attachment of a report (shown under it, seed 003); NULL: a document of its own.
    report_id     INTEGER REFERENCES reports(id) ON DELETE CASCADE,
    -- The practitioner asks the patient's akkoord on it (report_approvals).
    approval_requested INTEGER NOT NULL DEFAULT 0,
    -- As reports.hidden_from_parents: not in a parent's view of a child's portal.
    hidden_from_parents INTEGER NOT NULL DEFAULT 0 CHECK (hidden_from_parents IN (0, 1))
);
CREATE INDEX documents_patient_created ON documents(patient_id, created_at);

-- The patient's dossier (handlers/dossier.go). A report's attachments are read by report.
CREATE INDEX documents_report ON documents(report_id) WHERE report_id IS NOT NULL;

-- What a patient may ever see of their reports, with the author's name and role: not withdrawn, and only
-- while their dossier is linked (users.dossier_linked, else the practice's default). Every patient-facing
-- query of reports reads this view and also asks published_at <= @now (released or not at all).
CREATE VIEW patient_reports AS
SELECT r.id, r.patient_id, r.title, r.category, r.subcategory, r.body, r.written_at, r.published_at,
       r.approval_requested, r.version, r.superseded_by, r.read_at, r.search_text,
       CAST(replace(trim(a.given_name || ' ' || a.name_prefix || ' ' || a.family_name), '  ', ' ') AS TEXT) AS author,
       a.role AS author_role, r.hidden_from_parents
FROM reports r JOIN users p ON p.id = r.patient_id JOIN users a ON a.id = r.author_id
WHERE r.withdrawn_at IS NULL AND r.published_at IS NOT NULL
  AND coalesce(p.dossier_linked, (SELECT c.dossier_linked_default FROM clinic_settings c WHERE c.id = 1)) = 1;

-- What the patient takes; close to FHIR MedicationStatement so that an import maps without loss:
-- name/strength/form are the medication (its text), dosage the dosage text ("2x per dag 1 tablet"),
-- started_on/ended_on the effective period, chronic the "continuous" category.
CREATE TABLE medication (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    prescriber_id INTEGER REFERENCES users(id),
    name          TEXT NOT NULL,               -- the medicine: "Metformine"
    strength      TEXT NOT NULL DEFAULT '',    -- "500 mg"
    form          TEXT NOT NULL DEFAULT '',    -- "tablet"
    dosage        TEXT NOT NULL,               -- how to take it: "2x per dag 1 tablet"
    instructions  TEXT NOT NULL DEFAULT '',
    chronic       INTEGER NOT NULL DEFAULT 0 CHECK (chronic IN (0, 1)),
    started_on    DATE NOT NULL,
    ended_on      DATE,                        -- set when stopped, or the end of a course
    stop_reason   TEXT NOT NULL DEFAULT '',
    stopped_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX medication_patient ON medication(patient_id, started_on);

-- Results (uitslagen, seed 002): lab values and text results such as imaging, close to FHIR Observation
-- so that an import maps without loss. result_groups are the practice's groups of tests (FHIR
-- Observation.category, finer), each with its release rule; result_tests the tests (Observation.code:
-- a code such as the NHG/LOINC one, the Dutch and English name, the unit and reference range new values
-- start with); results one observation each (Observation: subject, code, effectiveDateTime,
-- valueQuantity or valueString, referenceRange and interpretation as recorded, note, performer,
-- the practitioner's review).
CREATE TABLE result_groups (
    id           INTEGER PRIMARY KEY,
    name_nl      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    -- When a patient first sees a result of the group (internal/results.VisibleFrom): 'direct' once
    -- entered, 'na_beoordeling' once the practitioner has seen it, 'na_dagen' release_days after entry.
    release      TEXT NOT NULL DEFAULT 'direct' CHECK (release IN ('direct', 'na_beoordeling', 'na_dagen')),
    release_days INTEGER NOT NULL DEFAULT 3 CHECK (release_days BETWEEN 1 AND 60),
    position     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE result_tests (
    id        INTEGER PRIMARY KEY,
    group_id  INTEGER NOT NULL REFERENCES result_groups(id),
    code      TEXT NOT NULL DEFAULT '',
    name_nl   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    -- 'quantity': a number with a unit; 'text': a written result (imaging, a culture).
    kind      TEXT NOT NULL DEFAULT 'quantity' CHECK (kind IN ('quantity', 'text')),
    unit      TEXT NOT NULL DEFAULT '',
    ref_low   REAL,
    ref_high  REAL,
    -- A range in words where numbers do not say it ("negatief").
    ref_text  TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX result_tests_group ON result_tests(group_id, position);

-- One result. Unit and reference range are copied from the test when entered: the range the lab used
-- then, not today's. interpretation is 'H' (te hoog), 'L' (te laag), 'N' (normaal) or '' (none, as
-- for text). visible_from: from when the patient sees it, worked out from the group's rule and the
-- patient's choice when it is entered, reviewed or released, and again for what is still hidden when a
-- rule or the choice changes; NULL: not yet (waiting for review). Every patient-facing query reads the
-- view patient_results and asks visible_from <= @now. notified_at: the content-free mail went out.
CREATE TABLE results (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    test_id         INTEGER NOT NULL REFERENCES result_tests(id),
    effective_at    DATETIME NOT NULL,
    value_num       REAL,
    value_text      TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL DEFAULT '',
    ref_low         REAL,
    ref_high        REAL,
    ref_text        TEXT NOT NULL DEFAULT '',
    interpretation  TEXT NOT NULL DEFAULT '' CHECK (interpretation IN ('', 'H', 'L', 'N')),
    comment         TEXT NOT NULL DEFAULT '',
    entered_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    entered_at      DATETIME NOT NULL,
    reviewed_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reviewed_at     DATETIME,
    -- The practitioner released it before its rule would (it counts as seen too).
    released_at     DATETIME,
    visible_from    DATETIME,
    seen_at         DATETIME,
    notified_at     DATETIME,
    CHECK (value_num IS NOT NULL OR value_text <> '')
);
CREATE INDEX results_patient_effective ON results(patient_id, effective_at, id);
CREATE INDEX results_patient_test ON results(patient_id, test_id, effective_at);
CREATE INDEX results_unreviewed ON results(patient_id) WHERE reviewed_at IS NULL;
CREATE INDEX results_to_notify ON results(visible_from) WHERE notified_at IS NULL;

-- What a patient may ever see of their results, with the test's names. Every patient-facing query of
-- results reads this view and asks visible_from <= @now (released or not at all).
CREATE VIEW patient_results AS
SELECT r.id, r.patient_id, r.test_id, r.effective_at, r.value_num, r.value_text, r.unit, r.ref_low,
       r.ref_high, r.ref_text, r.interpretation, r.comment, r.visible_from, r.seen_at,
       t.name_nl, t.name_en, t.kind, t.code
FROM results r JOIN result_tests t ON t.id = r.test_id
WHERE r.visible_from IS NOT NULL;

CREATE TABLE message_threads (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- the practitioner written to; NULL: the team
    practitioner_id INTEGER REFERENCES users(id),
    kind            TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'econsult')),
    subject         TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    last_message_at DATETIME NOT NULL,
    -- the back office's state: who picks it up, and whether it needs nothing more
    assigned_to     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    handled_at      DATETIME
);
CREATE INDEX message_threads_patient ON message_threads(patient_id, last_message_at);
CREATE INDEX message_threads_practitioner ON message_threads(practitioner_id, last_message_at);
-- The inbox (messages or e-consults) reads the newest conversations first and stops after one page.
CREATE INDEX message_threads_recent ON message_threads(kind, last_message_at DESC, id DESC);
CREATE INDEX message_threads_open ON message_threads(kind, last_message_at DESC, id DESC) WHERE handled_at IS NULL;

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES message_threads(id) ON DELETE CASCADE,
    sender_id   INTEGER NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    -- a document the patient uploaded and points to (messages carry no attachments, seed 001)
    document_id INTEGER REFERENCES documents(id),
    sent_at     DATETIME NOT NULL,
    -- when the other side read it
    read_at     DATETIME
);
CREATE INDEX messages_thread ON messages(thread_id, sent_at);
CREATE INDEX messages_unread ON messages(thread_id) WHERE read_at IS NULL;
CREATE INDEX messages_document ON messages(document_id) WHERE document_id IS NOT NULL;

-- Photos a patient sent with an e-consult, as the server re-encoded them (scaled JPEG, no metadata) with a
-- thumbnail. message_id is NULL while the photo waits in the patient's unsent e-consult.
CREATE TABLE photos (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_id   INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    source       TEXT NOT NULL CHECK (source IN ('jpeg', 'png', 'heic')),
    source_bytes INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    thumb_width  INTEGER NOT NULL,
    thumb_height INTEGER NOT NULL,
    created_at   DATETIME NOT NULL,
    content      BLOB NOT NULL,
    thumb        BLOB NOT NULL
);
CREATE INDEX photos_patient_message ON photos(patient_id, message_id);
CREATE INDEX photos_message ON photos(message_id);

-- Mail and SMS waiting to be sent (design.md §7); written in the transaction that causes them.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    channel       TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient     TEXT NOT NULL,
    locale        TEXT NOT NULL DEFAULT 'nl',
    subject       TEXT NOT NULL DEFAULT '',
    body_text     TEXT NOT NULL,
    body_html     TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    next_attempt  DATETIME NOT NULL,
    -- When a worker claimed the row for an attempt, until the attempt is recorded (NULL otherwise). A
    -- claim older than the process that finds it was left by a process that stopped mid-send.
    claimed_at    DATETIME,
    -- A message useless after this moment (an SMS code) is not sent later but marked 'expired'.
    expires_at    DATETIME,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    sent_at       DATETIME,
    status        TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'expired'))
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt);

-- Every delivery attempt of an outbox row, for the administrator's view of what failed and why.
CREATE TABLE outbox_attempts (
    id         INTEGER PRIMARY KEY,
    outbox_id  INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    at         DATETIME NOT NULL,
    ok         INTEGER NOT NULL,
    error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts(outbox_id, at);

-- NEN 7513 access log: one row per read or change of a patient's data, and per refused attempt at an
-- object (outcome 'denied'). Append-only. patient_id is NULL only for a refusal with no patient in view
-- (an id on a page of the whole clinic that names nothing).
CREATE TABLE access_log (
    id            INTEGER PRIMARY KEY,
    at            DATETIME NOT NULL,
    actor_id      INTEGER,
    actor_role    TEXT NOT NULL,
    on_behalf_of  INTEGER,
    patient_id    INTEGER,
    object_type   TEXT NOT NULL,
    object_id     INTEGER,
    action        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    request_id    TEXT NOT NULL DEFAULT '',
    -- the share code (share_codes) whose viewer read the data: actor_role 'viewer', actor_id NULL
    share_code_id INTEGER,
    -- The hash chain that makes the log tamper-evident (internal/accesslog/chain.go): hash is SHA-256
    -- over the row's id and content and prev_hash, the hash of the row before it (32 zero bytes for the
    -- first row). `balie admin verify-log` recomputes it and names the first row where it breaks.
    prev_hash     BLOB NOT NULL,
    hash          BLOB NOT NULL
);
CREATE INDEX access_log_patient ON access_log(patient_id, at);
CREATE INDEX access_log_actor ON access_log(actor_id, at);
-- "Who looked at my file" (/dossier/inzage): a patient's rows written by anyone else, newest first. The
-- query repeats the WHERE word for word, so that SQLite uses this index and skips the patient's own rows.
CREATE INDEX access_log_by_others ON access_log(patient_id, at, id) WHERE actor_id IS NOT patient_id;
-- The administrator's search of the whole log, newest first (/praktijk/beheer/toegangslog).
CREATE INDEX access_log_at ON access_log(at, id);
-- Every row links to the last one: its id follows the last id and its prev_hash is the last row's hash.
-- accesslog.Insert computes both in the writer's transaction; an insert that skips the chain is refused.
CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log
WHEN NEW.id IS NOT coalesce((SELECT max(id) FROM access_log), 0) + 1
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM access_log ORDER BY id DESC LIMIT 1), zeroblob(32))
BEGIN SELECT RAISE(ABORT, 'access_log: a row must follow and link to the last one'); END;
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;

-- Drafts saved while typing (design.md §6): one per user, kind and target ("new" or the id of what it
-- belongs to). A save carries the version the browser gave it (milliseconds); an older save that
-- arrives late never overwrites a newer one.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    -- one field more, per kind: the diary's date, a new message's addressee
    extra       TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL,
    updated_at  DATETIME NOT NULL,
    UNIQUE (user_id, kind, target)
);

-- The patient's own diary (seed 001): private unless the patient shares an entry with the practice.
CREATE TABLE diary_entries (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    entry_date  DATE NOT NULL,
    body        TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    shared_at   DATETIME
);
CREATE INDEX diary_entries_patient ON diary_entries(patient_id, entry_date);

-- Consents (FHIR Consent, seed 001): what the practice asks the patient's permission for, in Dutch and
-- English; patient_may_change: the patient gives or withdraws it in the portal (else only the practice
-- records it). A kind no longer asked for is made inactive, never removed: its history stays.
CREATE TABLE consent_kinds (
    id                 INTEGER PRIMARY KEY,
    text_nl            TEXT NOT NULL,
    text_en            TEXT NOT NULL DEFAULT '',
    patient_may_change INTEGER NOT NULL DEFAULT 1 CHECK (patient_may_change IN (0, 1)),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position           INTEGER NOT NULL DEFAULT 0,
    -- the stable name of a consent the portal ships and its code finds (queries.ConsentKey*: 'relatives'
    -- is recorded when relatives start and stop reading along); NULL for the practice's own. A kind with
    -- a key keeps its key and its texts: the administrator may not give it another meaning.
    key                TEXT UNIQUE
);
CREATE TRIGGER consent_kinds_keep_meaning BEFORE UPDATE OF key, text_nl, text_en ON consent_kinds
WHEN NEW.key IS NOT OLD.key OR (OLD.key IS NOT NULL AND (NEW.text_nl IS NOT OLD.text_nl OR NEW.text_en IS NOT OLD.text_en))
BEGIN SELECT RAISE(ABORT, 'a consent kind with a key keeps its key and texts'); END;
CREATE TRIGGER consent_kinds_no_delete BEFORE DELETE ON consent_kinds
BEGIN SELECT RAISE(ABORT, 'a consent kind is never removed'); END;
INSERT INTO consent_kinds (text_nl, text_en, patient_may_change, position, key) VALUES
    ('Ik gebruik het patiëntenportaal van de praktijk.', 'I use the practice''s patient portal.', 0, 1, 'portal'),
    ('Mijn huisarts mag informatie over mijn behandeling ontvangen.', 'My GP may receive information about my treatment.', 1, 2, 'gp'),
    ('Mijn naasten mogen met mij meelezen in het portaal.', 'My relatives may read along with me in the portal.', 1, 3, 'relatives'),
    ('Mijn gegevens mogen zonder mijn naam gebruikt worden voor wetenschappelijk onderzoek.', 'My data may be used without my name for scientific research.', 1, 4, 'research');

-- Each time a consent is given (given = 1) or withdrawn (0), by the patient or a staff member on their
-- behalf: append-only, the database refuses to change or remove one. The current state is the newest
-- event of the patient and kind (the highest id).
CREATE TABLE consent_events (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES users(id),
    kind_id     INTEGER NOT NULL REFERENCES consent_kinds(id),
    given       INTEGER NOT NULL CHECK (given IN (0, 1)),
    at          DATETIME NOT NULL,
    by_id       INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX consent_events_patient ON consent_events(patient_id, kind_id, id);
CREATE INDEX consent_events_kind ON consent_events(kind_id, id);
CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;

-- A photo of a user (a staff member for "Mijn behandelaars", a patient on their profile, seed 003),
-- placed by staff: the JPEG and thumbnail photo.Process made (scaled, no metadata), one per user.
CREATE TABLE user_photos (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    thumb_width  INTEGER NOT NULL,
    thumb_height INTEGER NOT NULL,
    placed_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    placed_at    DATETIME NOT NULL,
    content      BLOB NOT NULL,
    thumb        BLOB NOT NULL
);

-- The patient's requests about a report (AVG art. 16, seed 004): a correction, or a statement that they
-- disagree. The practice answers within a month (due_at): with a new version of the report
-- ('corrected', new_report_id) or by adding the patient's statement to it ('statement_added').
CREATE TABLE report_corrections (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('correction', 'statement')),
    text          TEXT NOT NULL,
    asked_at      DATETIME NOT NULL,
    due_at        DATETIME NOT NULL,
    handled_at    DATETIME,
    handled_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    outcome       TEXT CHECK (outcome IN ('corrected', 'statement_added')),
    new_report_id INTEGER REFERENCES reports(id)
);
CREATE INDEX report_corrections_open ON report_corrections(due_at, id) WHERE handled_at IS NULL;
CREATE INDEX report_corrections_report ON report_corrections(report_id);

-- How a patient hears of what became visible in their dossier (seed 001): one mail that only counts it,
-- 'daily' (at most one a day), 'instant' (at the next round) or 'never'; no row: daily. sent_at is the
-- end of what the last mail counted: the next one counts what became visible after it.
CREATE TABLE dossier_summaries (
    patient_id  INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    mail        TEXT NOT NULL DEFAULT 'daily' CHECK (mail IN ('daily', 'instant', 'never')),
    sent_at     DATETIME
);

-- A copy of the patient's record (/dossier/kopie, Wabvpz art. 15d): asked for by the patient, built in
-- the background (internal/recordcopy) as a zip in the data folder, downloadable for 24 hours by the
-- patient who asked, then deleted. state: requested → building → ready → expired, or failed. file is
-- the zip's name in the data folder (random, so that it cannot be guessed), '' until it is built and
-- again once deleted.
CREATE TABLE record_copies (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    requested_by  INTEGER NOT NULL REFERENCES users(id),
    requested_at  DATETIME NOT NULL,
    state         TEXT NOT NULL DEFAULT 'requested'
                  CHECK (state IN ('requested', 'building', 'ready', 'expired', 'failed')),
    started_at    DATETIME,
    finished_at   DATETIME,
    expires_at    DATETIME,
    file          TEXT NOT NULL DEFAULT '',
    size_bytes    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX record_copies_patient ON record_copies(patient_id, id);
-- One open request per patient: the database refuses a second one while one waits or is being built.
CREATE UNIQUE INDEX record_copies_open ON record_copies(patient_id) WHERE state IN ('requested', 'building');
-- The builder's round: what waits, and what is ready until a moment.
CREATE INDEX record_copies_state ON record_copies(state, id);
-- Questionnaires as data (issue 14): each outcome measure or intake list is a definition file (JSON close
-- to FHIR Questionnaire, read by internal/questionnaire), kept as it was uploaded; key and version are the
-- file's id and version, one row per version. The definitions that ship with Balie are added at start
-- (uploaded_by NULL, offered at once). state: 'draft' (uploaded, previewed by the administrator, may be
-- replaced by a corrected file of the same version), 'offered' (the practice may assign it; offering a
-- version retires the key's earlier one), 'retired' (no longer assigned; its answers stay readable).
CREATE TABLE questionnaire_definitions (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL,
    version     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('outcome', 'intake')),
    title_nl    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    source      TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at DATETIME NOT NULL,
    state       TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'offered', 'retired')),
    UNIQUE (key, version)
);

-- Whether a patient sees a questionnaire's score and band after submitting it (issue 14), per key: the
-- administrator's choice; a key without a row follows its definition's showScore.
CREATE TABLE questionnaire_score_settings (
    key        TEXT PRIMARY KEY,
    show_score INTEGER NOT NULL CHECK (show_score IN (0, 1))
) WITHOUT ROWID;

-- A questionnaire the practice asks a patient to fill in (issue 14): once, or every repeat_weeks weeks
-- until ends_on or until staff end it. Each time it is to be filled in is a response below; a repeated
-- assignment gets its next response when the one before is due (or submitted).
CREATE TABLE questionnaire_assignments (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    definition_key TEXT NOT NULL,     -- questionnaire_definitions.key: each response fills its newest offered version
    assigned_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    assigned_at    DATETIME NOT NULL,
    repeat_weeks   INTEGER CHECK (repeat_weeks IS NULL OR repeat_weeks BETWEEN 1 AND 104),
    ends_on        DATE,
    ended_at       DATETIME,          -- ended by staff: no further responses
    ended_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- A repeated assignment's next response is made then (the last one's available_at + repeat_weeks),
    -- by the background round; NULL: once, ended, or past ends_on.
    next_at        DATETIME
);
CREATE INDEX questionnaire_assignments_patient ON questionnaire_assignments(patient_id, id);
CREATE INDEX questionnaire_assignments_next ON questionnaire_assignments(next_at) WHERE next_at IS NOT NULL;

-- One filling-in of a questionnaire. answers: JSON {linkId: [values]} as last saved ("Bewaren"); what
-- is typed in between lives in the drafts (kind 'questionnaire', target the response's id). Submitted
-- (submitted_at set) it is final: the database refuses a change of its answers or scores, and its
-- removal. The scores are worked out on the server at submission (internal/questionnaire.Score):
-- score_total with band (the band's code), scores the whole result as JSON (subscales, flags).
-- flagged: a flag rule fired (PHQ-9 item 9 > 0); it waits in the practice's queue until seen.
CREATE TABLE questionnaire_responses (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES questionnaire_assignments(id) ON DELETE CASCADE,
    patient_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    definition_id  INTEGER NOT NULL REFERENCES questionnaire_definitions(id),
    available_at   DATETIME NOT NULL, -- the patient sees it from then on
    due_on         DATE,
    started_at     DATETIME,
    saved_at       DATETIME,
    answers        TEXT NOT NULL DEFAULT '{}',
    submitted_at   DATETIME,
    submitted_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    score_total    REAL,
    band           TEXT NOT NULL DEFAULT '',
    scores         TEXT NOT NULL DEFAULT '',
    flagged        INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    flag_seen_at   DATETIME,
    flag_seen_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    report_id      INTEGER REFERENCES reports(id) -- "Vragenlijst: {naam}" in the dossier, made at submission
);
CREATE INDEX questionnaire_responses_patient ON questionnaire_responses(patient_id, submitted_at, id);
CREATE INDEX questionnaire_responses_assignment ON questionnaire_responses(assignment_id, id);
-- One response per moment of an assignment: two repeat rounds at once make the next one once.
CREATE UNIQUE INDEX questionnaire_responses_moment ON questionnaire_responses(assignment_id, available_at);
-- The practice's queue of flagged responses in its order, with what its scopes and the menu's count
-- read (seen or not, whose assignment), so that neither reads a row of the table.
CREATE INDEX questionnaire_responses_flagged ON questionnaire_responses(submitted_at, id, flag_seen_at, assignment_id) WHERE flagged = 1;
CREATE TRIGGER questionnaire_responses_final BEFORE UPDATE OF answers, submitted_at, submitted_by, score_total,
    band, scores, definition_id, patient_id, assignment_id ON questionnaire_responses
WHEN OLD.submitted_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted questionnaire is final'); END;
CREATE TRIGGER questionnaire_responses_kept BEFORE DELETE ON questionnaire_responses
WHEN OLD.submitted_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted questionnaire is final'); END;
-- Repeat prescriptions (herhaalrecepten, seed 002): the patient ticks chronic medication and the practice
-- sends the prescription to the patient's pharmacy. Close to FHIR: a request is a MedicationRequest with
-- intent 'order' per item; the pharmacies are Organizations the practice keeps (beheer_herhaalrecepten).
CREATE TABLE pharmacies (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    street  TEXT NOT NULL DEFAULT '' CHECK (length(street) <= 100),
    city    TEXT NOT NULL DEFAULT '' CHECK (length(city) <= 60),
    -- 0: no longer offered to patients (requests keep pointing to it)
    active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- The pharmacy the patient chose last: offered first at the next request.
CREATE TABLE patient_pharmacies (
    patient_id  INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    pharmacy_id INTEGER NOT NULL REFERENCES pharmacies(id)
);

-- A request: aangevraagd → in_behandeling (someone picked it up) → naar_apotheek (approved, sent to the
-- pharmacy) or afgewezen (with the reason the patient reads). handled_at is set exactly when it is closed.
CREATE TABLE repeat_requests (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pharmacy_id   INTEGER NOT NULL REFERENCES pharmacies(id),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    requested_at  DATETIME NOT NULL,
    ready_on      DATE NOT NULL,
    state         TEXT NOT NULL DEFAULT 'aangevraagd'
                  CHECK (state IN ('aangevraagd', 'in_behandeling', 'naar_apotheek', 'afgewezen')),
    refuse_reason TEXT NOT NULL DEFAULT '' CHECK (length(refuse_reason) <= 1000),
    assigned_to   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    handled_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    handled_at    DATETIME,
    CHECK ((state IN ('naar_apotheek', 'afgewezen')) = (handled_at IS NOT NULL)),
    CHECK ((state = 'afgewezen') = (refuse_reason <> ''))
);
CREATE INDEX repeat_requests_patient ON repeat_requests(patient_id, requested_at DESC, id DESC);
-- The practice's queue: oldest first, the open ones from their own small index, which also holds who
-- has each (the scopes, and the menu's count without reading the rows).
CREATE INDEX repeat_requests_queue ON repeat_requests(requested_at, id);
CREATE INDEX repeat_requests_open ON repeat_requests(requested_at, id, assigned_to) WHERE handled_at IS NULL;

-- What a request asks for: the patient's own medication, each at most once among their open requests.
CREATE TABLE repeat_request_items (
    request_id    INTEGER NOT NULL REFERENCES repeat_requests(id) ON DELETE CASCADE,
    medication_id INTEGER NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, medication_id)
);
CREATE INDEX repeat_request_items_medication ON repeat_request_items(medication_id);
-- The database refuses a medication of another patient, and a second open request for a medication
-- (two tabs, two devices): whoever writes it.
CREATE TRIGGER repeat_request_items_check BEFORE INSERT ON repeat_request_items
BEGIN
    SELECT RAISE(ABORT, 'repeat request: medication of another patient')
    WHERE (SELECT patient_id FROM medication WHERE id = NEW.medication_id)
          IS NOT (SELECT patient_id FROM repeat_requests WHERE id = NEW.request_id);
    SELECT RAISE(ABORT, 'repeat request: medication already requested')
    WHERE EXISTS (SELECT 1 FROM repeat_request_items i JOIN repeat_requests r ON r.id = i.request_id
                  WHERE i.medication_id = NEW.medication_id AND r.handled_at IS NULL AND r.id <> NEW.request_id);
END;

-- Access to another patient's portal (issue 15, seeds 001 and 002): a relative the patient invited to read
-- along (kind 'relative'), or a parent or guardian the practice recorded for a child after checking
-- parental authority ('parent'). grantee_id is the account that may open patient_id's portal: a relative's
-- own account (role 'relative', or 'patient' when they are a patient too), a parent's account. areas: the
-- names of the areas (handlers/areas.go) they may open, separated by commas; every other area does not exist
-- for them. Whether it counts is worked out at every request (internal/authorisation.Reason): not ended,
-- not past last_day, and for a parent the child's age — under 12 it counts; from 12 to 16 with the child's
-- consent (recorded by staff, or given by the child in their own account); from the 16th birthday only
-- with a consent the child gave from their own account since that birthday. A row is never removed while
-- its patient exists: ended_at and end_reason keep the history.
CREATE TABLE authorisations (
    id                INTEGER PRIMARY KEY,
    patient_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    grantee_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('relative', 'parent')),
    areas             TEXT NOT NULL DEFAULT '',
    last_day          DATE,             -- the last day it counts; NULL: until it is ended
    created_at        DATETIME NOT NULL,
    created_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- a parent's: how the staff member who made it checked parental authority (a short text, required
    -- by the form with the tick "Ouderlijk gezag gecontroleerd")
    authority_checked TEXT NOT NULL DEFAULT '',
    -- a parent's: the content-free mails that the child's 16th birthday comes (a month before) and has
    -- come (on the day), each sent once (handlers/kinderen_notices.go)
    notice_month_at   DATETIME,
    notice_day_at     DATETIME,
    -- a parent's: the child's consent ('' not given, 'given', 'refused'), who recorded it (the child
    -- themselves from their own account, or a staff member) and when
    child_consent     TEXT NOT NULL DEFAULT '' CHECK (child_consent IN ('', 'given', 'refused')),
    child_consent_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    child_consent_at  DATETIME,
    ended_at          DATETIME,
    ended_by          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- who ended it: 'patient' (the patient, or the child refusing), 'grantee' (the relative or parent
    -- themselves), 'staff'
    end_reason        TEXT NOT NULL DEFAULT '' CHECK (end_reason IN ('', 'patient', 'grantee', 'staff')),
    -- why the practice ended it, in the staff member's words ('' for the others)
    end_note          TEXT NOT NULL DEFAULT '',
    CHECK (patient_id <> grantee_id),
    CHECK ((ended_at IS NULL) = (end_reason = ''))
);
-- One live authorisation per patient and grantee; the access layer's lookup (grantee, patient) and the
-- switcher's list of a grantee's portals read this index.
CREATE UNIQUE INDEX authorisations_live ON authorisations(grantee_id, patient_id) WHERE ended_at IS NULL;
CREATE INDEX authorisations_patient ON authorisations(patient_id, id);
-- The 12th and 16th birthdays of the child of every live parent's authorisation, as dates (YYYY-MM-DD),
-- by internal/authorisation's rule: born on 29 February, a year older on 28 February in a common year.
-- The practice's list of what changes soon and the birthday mails read it; the access layer decides
-- with internal/authorisation at every request and needs no view.
CREATE VIEW authorisation_birthdays AS
SELECT a.id, a.patient_id, a.grantee_id,
       CAST(CASE WHEN substr(p.birth_date, 6, 5) = '02-29' AND substr(date(p.birth_date, '+12 years'), 6, 5) = '03-01'
            THEN date(p.birth_date, '+12 years', '-1 day') ELSE date(p.birth_date, '+12 years') END AS TEXT) AS birthday12,
       CAST(CASE WHEN substr(p.birth_date, 6, 5) = '02-29' AND substr(date(p.birth_date, '+16 years'), 6, 5) = '03-01'
            THEN date(p.birth_date, '+16 years', '-1 day') ELSE date(p.birth_date, '+16 years') END AS TEXT) AS birthday16
FROM authorisations a JOIN users p ON p.id = a.patient_id
WHERE a.kind = 'parent' AND a.ended_at IS NULL AND p.birth_date IS NOT NULL;

-- One-time share codes (issue 15): the patient makes a code for a professional (label: "fysiotherapeut")
-- that opens the chosen areas (space-separated names of handlers/areas.go) read-only at /inzien, with the
-- patient's birth date. Only the code's hash is stored. Unused, it works until unused_until (7 days after
-- it was made); the first right entry sets ends_at, 24 hours on. Wrong tries are counted on the code
-- (failures) and the fifth locks it. The viewer's session is the code's own: a right entry sets
-- session_hash (the cookie's hash), and the session ends at ends_at, at revocation, at a lock and after
-- the idle time since session_seen_at. Every read by the viewer is in access_log with share_code_id.
CREATE TABLE share_codes (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash       TEXT NOT NULL UNIQUE,
    label           TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    areas           TEXT NOT NULL CHECK (areas <> ''),
    created_at      DATETIME NOT NULL,
    unused_until    DATETIME NOT NULL,
    first_used_at   DATETIME,
    ends_at         DATETIME,
    failures        INTEGER NOT NULL DEFAULT 0,
    locked_at       DATETIME,
    revoked_at      DATETIME,
    session_hash    TEXT UNIQUE,
    session_seen_at DATETIME,
    CHECK ((first_used_at IS NULL) = (ends_at IS NULL))
);
CREATE INDEX share_codes_patient ON share_codes(patient_id, id);
