-- The follow-up of each 差评 (a rating of 2 or 1): contact, finding, rectification, close, or an
-- appeal decided by an admin; and the indexes the reports read the audit trail by.
CREATE TABLE followups (
    id            INTEGER PRIMARY KEY,
    rating_id     INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
    opened_at     INTEGER NOT NULL,
    due_day       TEXT NOT NULL,    -- rectified by the end of this working day: on time
    state         TEXT NOT NULL CHECK (state IN ('open', 'contacted', 'rectified', 'closed',
                      'appealed', 'annulled')),
    contact       TEXT NOT NULL DEFAULT '',
    finding       TEXT NOT NULL DEFAULT '',
    rectification TEXT NOT NULL DEFAULT '',
    rectified_at  INTEGER,
    rectified_day TEXT,
    closed_at     INTEGER,
    appeal        TEXT NOT NULL DEFAULT '',
    decision      TEXT NOT NULL DEFAULT '',
    decided_at    INTEGER,
    overdue       INTEGER NOT NULL DEFAULT 0 -- escalated: not rectified by its due day
) STRICT;

CREATE INDEX followups_open ON followups (due_day, id)
    WHERE state IN ('open', 'contacted', 'appealed');

CREATE INDEX ratings_by_ticket ON ratings (ticket_id);

-- A follow-up's steps are the audit trail's events naming it.
ALTER TABLE events ADD COLUMN follow_up INTEGER
    GENERATED ALWAYS AS (json_extract(data, '$.followUp')) VIRTUAL;
CREATE INDEX events_by_follow_up ON events (follow_up, seq) WHERE follow_up IS NOT NULL;

-- The reports' reads of the audit trail (docs/reports.md): which tickets were printed, and the
-- windows' pauses.
CREATE INDEX events_printed ON events (ticket_id) WHERE type = 'ticket.printed';
CREATE INDEX events_paused ON events (at) WHERE type = 'window.paused';
CREATE INDEX events_resumed ON events (window, at) WHERE type = 'window.resumed';
