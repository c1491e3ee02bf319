-- Devices that talk to the controller (kiosks, callers, displays, admins), their issued tickets,
-- and the idempotency keys that make a kiosk's retried issue return the same ticket.

CREATE TABLE devices (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('kiosk', 'caller', 'display', 'admin')),
    window     INTEGER REFERENCES windows(number),
    token_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the token; the token itself is never stored
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    CHECK ((role = 'caller') = (window IS NOT NULL))
) STRICT;

ALTER TABLE tickets ADD COLUMN issued_by TEXT NOT NULL DEFAULT '';

CREATE TABLE idempotency_keys (
    device     TEXT NOT NULL,
    key        TEXT NOT NULL,
    request    TEXT NOT NULL, -- what was asked, to refuse the same key for a different request
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (device, key)
) STRICT, WITHOUT ROWID;
