-- Appointments (预约): booked slots of a service, checked in at the kiosk with their code; the
-- outbox's messages name the appointment they are about (confirmation, reminders, cancellation).
CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    service_id  TEXT NOT NULL,
    day         TEXT NOT NULL,
    slot_start  INTEGER NOT NULL,
    slot_end    INTEGER NOT NULL,
    phone       TEXT,
    lang        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('booked', 'checked_in', 'cancelled', 'no_show')),
    booked_at   INTEGER NOT NULL,
    booked_by   TEXT NOT NULL,
    ticket_id   INTEGER REFERENCES tickets (id),
    finished_at INTEGER,
    CHECK (slot_end > slot_start)
) STRICT;

CREATE INDEX appointments_slot ON appointments (service_id, slot_start) WHERE state != 'cancelled';
CREATE INDEX appointments_phone ON appointments (phone, day);
CREATE INDEX appointments_due ON appointments (slot_start) WHERE state = 'booked';
CREATE INDEX appointments_ticket ON appointments (ticket_id) WHERE ticket_id IS NOT NULL;

-- Due appointments a window called in a row (they go first, up to the hall's cap).
ALTER TABLE windows ADD COLUMN appointment_streak INTEGER NOT NULL DEFAULT 0;

-- The outbox takes the booking's messages: its kinds widen (a CHECK is changed by rebuilding the
-- table) and a message names its appointment.
CREATE TABLE outbox_new (
    id             INTEGER PRIMARY KEY,
    phone          TEXT,
    lang           TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    kind           TEXT NOT NULL CHECK (kind IN ('called', 'near', 'issued', 'case_accepted',
                       'case_suspended', 'case_finished', 'rating', 'help', 'booked', 'reminder',
                       'booking_cancelled')),
    urgency        INTEGER NOT NULL,
    body           TEXT NOT NULL,
    ticket_id      INTEGER REFERENCES tickets(id),
    case_serial    TEXT,
    event_seq      INTEGER,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'failed',
                       'cancelled')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    not_before     INTEGER NOT NULL,
    queued_at      INTEGER NOT NULL,
    sent_at        INTEGER,
    finished_at    INTEGER,
    failure        TEXT,
    parts          TEXT,
    appointment_id INTEGER REFERENCES appointments (id)
) STRICT;
INSERT INTO outbox_new (id, phone, lang, kind, urgency, body, ticket_id, case_serial, event_seq,
                        state, attempts, not_before, queued_at, sent_at, finished_at, failure,
                        parts)
    SELECT id, phone, lang, kind, urgency, body, ticket_id, case_serial, event_seq, state,
           attempts, not_before, queued_at, sent_at, finished_at, failure, parts FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_queued ON outbox (urgency, id) WHERE state = 'queued';
CREATE INDEX outbox_sent ON outbox (phone, id) WHERE state = 'sent';
CREATE INDEX outbox_by_phone ON outbox (phone, kind, queued_at);
CREATE INDEX outbox_by_ticket ON outbox (ticket_id, kind);

-- A booking platform is a device too (role 'booking'); a CHECK is changed by rebuilding.
CREATE TABLE devices_new (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('kiosk', 'caller', 'display', 'admin', 'booking')),
    window     INTEGER REFERENCES windows(number),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    CHECK ((role = 'caller') = (window IS NOT NULL))
) STRICT;
INSERT INTO devices_new SELECT id, name, role, window, token_hash, created_at, revoked_at
    FROM devices;
DROP TABLE devices;
ALTER TABLE devices_new RENAME TO devices;
