-- Notices for the kiosk's idle screen and the display's ticker, each shown from its start to its
-- end unless withdrawn.
CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    text_zh      TEXT NOT NULL,
    text_en      TEXT NOT NULL DEFAULT '',
    target       TEXT NOT NULL CHECK (target IN ('kiosk', 'display', 'both')),
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    withdrawn_at INTEGER,
    CHECK (ends_at > starts_at)
) STRICT;

CREATE INDEX notices_current ON notices (ends_at) WHERE withdrawn_at IS NULL;
