-- The hall model, tickets, learned service times and the hash-chained event log.

CREATE TABLE hall_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE departments (
    id            TEXT PRIMARY KEY,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    floor         INTEGER NOT NULL,
    prefix        TEXT NOT NULL UNIQUE,
    comprehensive INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE services (
    id               TEXT PRIMARY KEY,
    department_id    TEXT NOT NULL REFERENCES departments(id),
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    time_limit_days  INTEGER NOT NULL,
    standard_minutes REAL NOT NULL
) STRICT;

-- A window's current ticket is the one called or being served there (tickets.window).
CREATE TABLE windows (
    number  INTEGER PRIMARY KEY,
    floor   INTEGER NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    paused  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE window_services (
    window     INTEGER NOT NULL REFERENCES windows(number),
    service_id TEXT NOT NULL REFERENCES services(id),
    weight     REAL NOT NULL,
    PRIMARY KEY (window, service_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    service_day    TEXT NOT NULL,
    service_id     TEXT NOT NULL REFERENCES services(id),
    priority       TEXT NOT NULL CHECK (priority IN ('normal', 'green')),
    appointment_at INTEGER,
    target_window  INTEGER REFERENCES windows(number),
    state          TEXT NOT NULL CHECK (state IN ('issuing', 'waiting', 'called', 'serving', 'held',
                       'completed', 'transferred', 'no_show', 'voided')),
    issued_at      INTEGER NOT NULL,
    queued_at      INTEGER NOT NULL,
    called_at      INTEGER,
    started_at     INTEGER,
    finished_at    INTEGER,
    window         INTEGER REFERENCES windows(number),
    calls          INTEGER NOT NULL DEFAULT 0,
    status_code    TEXT NOT NULL,
    phone          TEXT,
    lang           TEXT NOT NULL DEFAULT 'zh',
    void_reason    TEXT,
    previous_id    INTEGER REFERENCES tickets(id)
) STRICT;

-- Only unfinished tickets are indexed by state, so a state change touches one small index.
CREATE INDEX tickets_active ON tickets (state, number)
    WHERE state IN ('issuing', 'waiting', 'called', 'serving', 'held');
-- Written once per ticket, never updated; also finds the day's last number of a prefix.
CREATE INDEX tickets_by_day ON tickets (service_day, prefix);
CREATE INDEX tickets_by_status_code ON tickets (status_code);

CREATE TABLE service_stats (
    service_id   TEXT PRIMARY KEY REFERENCES services(id),
    samples      INTEGER NOT NULL,
    mean_seconds REAL NOT NULL
) STRICT;

-- Append-only: every state change, hash-chained so an edit or a deletion is detectable.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    type      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    device    TEXT NOT NULL,
    ticket_id INTEGER,
    window    INTEGER,
    data      TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
