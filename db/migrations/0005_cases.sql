-- Cases (办件): one row per accepted application, its serial number unique forever, its days on
-- the working calendar (ISO dates), its password only as a salted hash. Its steps are the audit
-- trail's events whose data names it.

CREATE TABLE cases (
    id             INTEGER PRIMARY KEY,
    serial         TEXT NOT NULL UNIQUE,
    serial_stem    TEXT NOT NULL,
    serial_seq     INTEGER NOT NULL,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    service_id     TEXT NOT NULL REFERENCES services(id),
    window         INTEGER NOT NULL REFERENCES windows(number),
    clerk          TEXT NOT NULL,
    legal_days     INTEGER NOT NULL,
    promised_days  INTEGER NOT NULL,
    accepted_at    INTEGER NOT NULL,
    accepted_day   TEXT NOT NULL,
    due_day        TEXT NOT NULL,
    warn_day       TEXT,
    state          TEXT NOT NULL CHECK (state IN ('accepted', 'suspended', 'completed',
                       'returned', 'withdrawn')),
    suspended_day  TEXT,
    suspended_days INTEGER NOT NULL DEFAULT 0,
    escalation     TEXT NOT NULL DEFAULT 'none' CHECK (escalation IN ('none', 'warning',
                       'overdue')),
    result         TEXT CHECK (result IN ('approved', 'not_approved')),
    reason         TEXT,
    finished_at    INTEGER,
    finished_day   TEXT,
    used_days      INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT NOT NULL,
    failed_lookups INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER
) STRICT;

CREATE INDEX cases_by_stem ON cases (serial_stem, serial_seq);
CREATE INDEX cases_by_day ON cases (accepted_day);
-- Only open cases are indexed by due day: the overdue list and the escalation read them.
CREATE INDEX cases_open ON cases (due_day, id) WHERE state IN ('accepted', 'suspended');

-- A case's steps, found through the serial its events carry (hashed with the rest of the data).
ALTER TABLE events ADD COLUMN case_serial TEXT
    GENERATED ALWAYS AS (json_extract(data, '$.case')) VIRTUAL;
CREATE INDEX events_by_case ON events (case_serial, seq) WHERE case_serial IS NOT NULL;
