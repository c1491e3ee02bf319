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

ALTER TABLE outbox ADD COLUMN appointment_id INTEGER REFERENCES appointments (id);
