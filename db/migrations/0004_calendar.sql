-- The working calendar: each year's file as imported (the State Council's notice as data), the
-- newest import of a year replacing the one before.

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    content     TEXT NOT NULL, -- the calendar file, checked when it was imported
    imported_at INTEGER NOT NULL
) STRICT;
