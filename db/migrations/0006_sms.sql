-- SMS: the outbox of messages to applicants, queued in the transaction of the event that causes
-- them; opt-outs (kept as hashes of the number); ratings on the national 好差评 scale of five.

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    phone        TEXT,             -- NULL once the retention has passed
    lang         TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    kind         TEXT NOT NULL CHECK (kind IN ('called', 'near', 'issued', 'case_accepted',
                     'case_suspended', 'case_finished', 'rating', 'help')),
    urgency      INTEGER NOT NULL, -- 0 first
    body         TEXT NOT NULL,
    ticket_id    INTEGER REFERENCES tickets(id),
    case_serial  TEXT,
    event_seq    INTEGER,          -- the event that caused it; NULL for a help reply
    state        TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'failed',
                     'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   INTEGER NOT NULL, -- not sent before (quiet hours, a retry's backoff)
    queued_at    INTEGER NOT NULL,
    sent_at      INTEGER,
    finished_at  INTEGER,          -- delivered or failed for good
    failure      TEXT,
    parts        TEXT              -- JSON: the TP-MR of each part and whether it was delivered
) STRICT;

-- What is sent next: the most urgent, then the oldest.
CREATE INDEX outbox_queued ON outbox (urgency, id) WHERE state = 'queued';
-- A delivery report finds its message among those sent to its number.
CREATE INDEX outbox_sent ON outbox (phone, id) WHERE state = 'sent';
-- A rating reply finds the invite sent to its number last; "once" notices are looked up.
CREATE INDEX outbox_by_phone ON outbox (phone, kind, queued_at);
CREATE INDEX outbox_by_ticket ON outbox (ticket_id, kind);

CREATE TABLE sms_opt_outs (
    phone_hash TEXT PRIMARY KEY, -- sha256 of the number: an opt-out outlives the retention
    at         INTEGER NOT NULL
) STRICT;

-- Ratings move to five levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. The four
-- levels before (4 非常满意, 3 满意, 2 基本满意, 1 不满意) keep their words. A rating is of a
-- ticket (the window's pad, the status page, or a reply to its invite) or of a case (a reply to
-- the invite sent when it was completed).
CREATE TABLE ratings_5 (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    case_serial TEXT REFERENCES cases(serial),
    window      INTEGER NOT NULL REFERENCES windows(number),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    channel     TEXT NOT NULL CHECK (channel IN ('pad', 'sms', 'web')),
    rated_at    INTEGER NOT NULL
) STRICT;
INSERT INTO ratings_5 (ticket_id, window, rating, channel, rated_at)
    SELECT ticket_id, window, rating + 1, 'pad', rated_at FROM ratings;
DROP TABLE ratings;
ALTER TABLE ratings_5 RENAME TO ratings;
CREATE UNIQUE INDEX ratings_of_ticket ON ratings (ticket_id) WHERE case_serial IS NULL;
CREATE UNIQUE INDEX ratings_of_case ON ratings (case_serial) WHERE case_serial IS NOT NULL;
