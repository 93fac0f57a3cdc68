-- Balie schema of a new database. Times are UTC (DATETIME text written by the driver), dates are DATE.
-- Once a release exists, every change here also needs an upgrade step in queries/migrate.go.

-- The clinic itself: exactly one row.
CREATE TABLE clinic_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    street      TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT ''
);

-- Patients and staff. A user signs in with user_name (or e-mail, when only one account has it).
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('patient', 'admin', 'practitioner', 'assistant')),
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
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL
);
CREATE INDEX users_email ON users(email);
-- Covers every column the back office's patient list filters and sorts on, so that counting and
-- searching 10,000 patients reads only this index, not the table.
CREATE INDEX users_role_name ON users(role, active, family_name, given_name, name_prefix, patient_number, email, birth_date);
CREATE INDEX users_birth_date ON users(birth_date);

-- Failed sign-ins per key ("account:<name>" or "address:<ip>"), also for names that have no account,
-- so that a lockout tells nothing about whether an account exists.
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
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- One-time links that let a new account choose its password. Only the token's SHA-256 is stored.
CREATE TABLE activations (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME
);
CREATE INDEX activations_user ON activations(user_id);

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    practitioner_id INTEGER NOT NULL REFERENCES users(id),
    starts_at       DATETIME NOT NULL,
    ends_at         DATETIME NOT NULL,
    title           TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    created_at      DATETIME NOT NULL
);
CREATE INDEX appointments_patient_start ON appointments(patient_id, starts_at);
CREATE INDEX appointments_practitioner_start ON appointments(practitioner_id, starts_at);

-- Reports and letters (verslagen/brieven) written by practitioners, with category and subcategory.
CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    subcategory   TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL,
    written_at    DATETIME NOT NULL,
    -- NULL: not yet shared with the patient.
    published_at  DATETIME
);
CREATE INDEX reports_patient_written ON reports(patient_id, written_at);

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
    content       BLOB NOT NULL
);
CREATE INDEX documents_patient_created ON documents(patient_id, created_at);

CREATE TABLE medication (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    prescriber_id INTEGER REFERENCES users(id),
    name          TEXT NOT NULL,
    dosage        TEXT NOT NULL,
    instructions  TEXT NOT NULL DEFAULT '',
    chronic       INTEGER NOT NULL DEFAULT 0,
    started_on    DATE NOT NULL,
    ended_on      DATE
);
CREATE INDEX medication_patient ON medication(patient_id, started_on);

CREATE TABLE message_threads (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    practitioner_id INTEGER REFERENCES users(id),
    subject         TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    last_message_at DATETIME NOT NULL
);
CREATE INDEX message_threads_patient ON message_threads(patient_id, last_message_at);
CREATE INDEX message_threads_practitioner ON message_threads(practitioner_id, last_message_at);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES message_threads(id) ON DELETE CASCADE,
    sender_id   INTEGER NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    sent_at     DATETIME NOT NULL,
    -- when the other side read it
    read_at     DATETIME
);
CREATE INDEX messages_thread ON messages(thread_id, sent_at);
CREATE INDEX messages_unread ON messages(thread_id) WHERE read_at IS NULL;

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
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    sent_at       DATETIME,
    status        TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed'))
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt);

-- NEN 7513 access log: one row per read or change of a patient's data. Append-only.
CREATE TABLE access_log (
    id            INTEGER PRIMARY KEY,
    at            DATETIME NOT NULL,
    actor_id      INTEGER,
    actor_role    TEXT NOT NULL,
    on_behalf_of  INTEGER,
    patient_id    INTEGER NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     INTEGER,
    action        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    request_id    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_patient ON access_log(patient_id, at);
CREATE INDEX access_log_actor ON access_log(actor_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
