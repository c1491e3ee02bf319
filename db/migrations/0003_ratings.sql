-- Citizens' ratings of a finished service, one per ticket, pressed on the window's rating pad.

CREATE TABLE ratings (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    window    INTEGER NOT NULL REFERENCES windows(number),
    rating    INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), -- 4 非常满意 .. 1 不满意
    rated_at  INTEGER NOT NULL
) STRICT;

-- Finds the ticket a window finished last, which is the one its rating pad rates.
CREATE INDEX tickets_completed_by_window ON tickets (window, finished_at)
    WHERE state = 'completed';
