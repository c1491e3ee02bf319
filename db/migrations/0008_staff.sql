-- The hall's people: clerks, department heads, hall admins and auditors, with their hashed
-- password or PIN and its lockout; and the clerk signed in at each window.
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,  -- the staff number (工号)
    name           TEXT NOT NULL,
    department     TEXT NOT NULL DEFAULT '', -- a department id; '' for the whole hall
    roles          TEXT NOT NULL,         -- comma-separated: clerk, head, admin, auditor
    secret_hash    TEXT NOT NULL,         -- argon2id, libsodium's string form
    failures       INTEGER NOT NULL DEFAULT 0, -- wrong secrets since the last right one
    locked_until   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    disabled_at    INTEGER
) STRICT;

ALTER TABLE windows ADD COLUMN clerk INTEGER REFERENCES staff(id);
ALTER TABLE windows ADD COLUMN clerk_since INTEGER;
