-- The city's copy of every hall's audit trail, the alarms its checks raise, and the figures kept
-- from it as each batch comes in (docs/city.md).

CREATE TABLE halls (
    hall_id   text PRIMARY KEY,
    name_zh   text NOT NULL,
    name_en   text NOT NULL,
    time_zone text NOT NULL,
    -- Why the hall's ingest stopped (a gap or a hash mismatch); NULL while its events flow.
    stopped   text,
    joined    timestamptz NOT NULL DEFAULT now()
);

-- One hall's trail between two restores: an epoch begins after event base_seq of the trail it
-- was restored from (0 for a new hall), so a restored backup's sequence numbers are never taken
-- for the events that the first epoch sent with the same numbers.
CREATE TABLE streams (
    id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hall_id   text NOT NULL REFERENCES halls,
    epoch     text NOT NULL,
    parent    integer REFERENCES streams, -- the stream holding event base_seq
    base_seq  bigint NOT NULL,
    base_hash text NOT NULL,
    last_seq  bigint NOT NULL,
    last_hash text NOT NULL,
    last_at   bigint,
    received  timestamptz,
    UNIQUE (hall_id, epoch)
);
ALTER TABLE halls ADD COLUMN stream integer REFERENCES streams; -- the epoch it streams now

-- The events, keyed by their stream (hall and epoch) and sequence number, byte for byte as the
-- hall wrote them: `data` is kept as text because its hash is over those bytes. Only ingest()
-- writes them, with the stream it has locked: no foreign key checked row by row.
CREATE TABLE events (
    stream    integer NOT NULL,
    seq       bigint NOT NULL,
    at        bigint NOT NULL,
    type      text NOT NULL,
    actor     text NOT NULL,
    device    text NOT NULL,
    ticket_id bigint,
    window_no integer,
    data      text NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL,
    PRIMARY KEY (stream, seq)
);

CREATE TABLE alarms (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hall_id text NOT NULL REFERENCES halls,
    epoch   text NOT NULL,
    seq     bigint NOT NULL,
    problem text NOT NULL,
    raised  timestamptz NOT NULL DEFAULT now(),
    cleared timestamptz
);

-- Per hall and service day (the hall's own time zone).
CREATE TABLE daily (
    hall_id      text NOT NULL REFERENCES halls,
    day          date NOT NULL,
    tickets      integer NOT NULL DEFAULT 0, -- issued
    served       integer NOT NULL DEFAULT 0, -- completed at a window
    called       integer NOT NULL DEFAULT 0, -- called a first time
    wait_seconds bigint NOT NULL DEFAULT 0,  -- issue to first call, summed over `called`
    rated        integer NOT NULL DEFAULT 0,
    satisfied    integer NOT NULL DEFAULT 0, -- 5 非常满意 and 4 满意
    bad          integer NOT NULL DEFAULT 0, -- 差评: 2 不满意 and 1 非常不满意
    -- Cases by the day they were accepted, as the hall counts them (docs/cases.md).
    accepted     integer NOT NULL DEFAULT 0,
    returned     integer NOT NULL DEFAULT 0,
    withdrawn    integer NOT NULL DEFAULT 0,
    completed    integer NOT NULL DEFAULT 0,
    same_day     integer NOT NULL DEFAULT 0,
    on_time      integer NOT NULL DEFAULT 0,
    late         integer NOT NULL DEFAULT 0, -- completed after the due day
    PRIMARY KEY (hall_id, day)
);

-- The tickets not yet called, with their issue time, for the wait of their first call; a ticket
-- leaves at that call, or when it is voided.
CREATE TABLE uncalled_tickets (
    hall_id   text NOT NULL,
    ticket_id bigint NOT NULL,
    issued_at bigint NOT NULL,
    PRIMARY KEY (hall_id, ticket_id)
);

-- The cases still open (accepted or suspended), for those past their due day; a case leaves when
-- it ends.
CREATE TABLE open_cases (
    hall_id      text NOT NULL,
    serial       text NOT NULL,
    accepted_day date NOT NULL,
    due_day      date NOT NULL,
    state        text NOT NULL,
    PRIMARY KEY (hall_id, serial)
);
CREATE INDEX open_cases_by_day ON open_cases (hall_id, accepted_day);

-- Each hall's trail as it stands: the current stream's events after its base, then the
-- streams it was restored from, each up to the base of the one after it.
CREATE FUNCTION trail(p_hall text)
RETURNS TABLE (seq bigint, hash text) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE lineage (id, parent, base_seq, upto) AS (
        SELECT s.id, s.parent, s.base_seq, NULL::bigint
          FROM halls h JOIN streams s ON s.id = h.stream WHERE h.hall_id = p_hall
        UNION ALL
        SELECT p.id, p.parent, p.base_seq, l.base_seq
          FROM lineage l JOIN streams p ON p.id = l.parent)
    SELECT e.seq, e.hash
      FROM lineage l JOIN events e ON e.stream = l.id
     WHERE e.seq > l.base_seq AND (l.upto IS NULL OR e.seq <= l.upto)
     ORDER BY e.seq
$$;

-- A hall's epoch, joined once and idempotently: returns the last event the city holds of it.
-- A new epoch starts from an event the city already holds for the hall (the hall's cursor when
-- the backup it was restored from was taken), or from nothing for a hall's first trail.
CREATE FUNCTION join_epoch(p_hall text, p_name_zh text, p_name_en text, p_time_zone text,
                           p_epoch text, p_base_seq bigint, p_base_hash text,
                           OUT stream_id integer, OUT held bigint)
LANGUAGE plpgsql AS $$
DECLARE
    parent_id integer;
BEGIN
    INSERT INTO halls (hall_id, name_zh, name_en, time_zone)
    VALUES (p_hall, p_name_zh, p_name_en, p_time_zone)
    ON CONFLICT (hall_id) DO UPDATE
        SET name_zh = excluded.name_zh, name_en = excluded.name_en, time_zone = excluded.time_zone;
    PERFORM 1 FROM halls WHERE hall_id = p_hall FOR UPDATE;
    SELECT id, last_seq INTO stream_id, held FROM streams WHERE hall_id = p_hall AND epoch = p_epoch;
    IF FOUND THEN
        RETURN;
    END IF;
    -- A hall restored from a backup taken before it ever sent anything shares its first events
    -- with its first stream.
    parent_id := (SELECT min(id) FROM streams WHERE hall_id = p_hall);
    IF p_base_seq > 0 THEN
        SELECT e.stream INTO parent_id
          FROM events e JOIN streams s ON s.id = e.stream
         WHERE s.hall_id = p_hall AND e.seq = p_base_seq AND e.hash = p_base_hash
         ORDER BY e.stream DESC LIMIT 1;
        IF parent_id IS NULL THEN
            RAISE EXCEPTION 'hall %: epoch % starts after event %, which the city does not hold',
                p_hall, p_epoch, p_base_seq USING ERRCODE = 'QH001';
        END IF;
    END IF;
    INSERT INTO streams (hall_id, epoch, parent, base_seq, base_hash, last_seq, last_hash)
    VALUES (p_hall, p_epoch, parent_id, p_base_seq, p_base_hash, p_base_seq, p_base_hash)
    RETURNING id INTO stream_id;
    UPDATE halls SET stream = stream_id WHERE hall_id = p_hall;
    held := p_base_seq;
END
$$;

-- The hall's figures from the events (after_seq, to_seq] of its stream.
CREATE FUNCTION tally(p_hall text, p_time_zone text, p_stream integer, after_seq bigint,
                      to_seq bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- A restored hall numbers its tickets again: the later issue wins.
    INSERT INTO uncalled_tickets (hall_id, ticket_id, issued_at)
    SELECT p_hall, ticket_id, at FROM events
     WHERE stream = p_stream AND seq > after_seq AND seq <= to_seq AND type = 'ticket.issued'
    ON CONFLICT (hall_id, ticket_id) DO UPDATE SET issued_at = excluded.issued_at;

    INSERT INTO daily AS d (hall_id, day, tickets, served, rated, satisfied, bad)
    SELECT p_hall, day,
           count(*) FILTER (WHERE type = 'ticket.issued'),
           count(*) FILTER (WHERE type = 'ticket.completed'),
           count(*) FILTER (WHERE type = 'ticket.rated'),
           count(*) FILTER (WHERE type = 'ticket.rated' AND rating >= 4),
           count(*) FILTER (WHERE type = 'ticket.rated' AND rating <= 2)
      FROM (SELECT (to_timestamp(at / 1000.0) AT TIME ZONE p_time_zone)::date AS day, type,
                   CASE WHEN type = 'ticket.rated' THEN (data::json ->> 'rating')::int END AS rating
              FROM events
             WHERE stream = p_stream AND seq > after_seq AND seq <= to_seq
               AND type IN ('ticket.issued', 'ticket.completed', 'ticket.rated')) e
     GROUP BY day
    ON CONFLICT (hall_id, day) DO UPDATE
        SET tickets = d.tickets + excluded.tickets, served = d.served + excluded.served,
            rated = d.rated + excluded.rated, satisfied = d.satisfied + excluded.satisfied,
            bad = d.bad + excluded.bad;

    WITH first_calls AS (
        DELETE FROM uncalled_tickets t
         USING (SELECT DISTINCT ON (ticket_id) ticket_id, at FROM events
                 WHERE stream = p_stream AND seq > after_seq AND seq <= to_seq
                   AND type = 'ticket.called'
                 ORDER BY ticket_id, seq) c
         WHERE t.hall_id = p_hall AND t.ticket_id = c.ticket_id
        RETURNING c.at AS called_at, t.issued_at),
    voided AS (
        DELETE FROM uncalled_tickets t
         USING events e
         WHERE e.stream = p_stream AND e.seq > after_seq AND e.seq <= to_seq
           AND e.type = 'ticket.voided' AND t.hall_id = p_hall AND t.ticket_id = e.ticket_id)
    INSERT INTO daily AS d (hall_id, day, called, wait_seconds)
    SELECT p_hall, (to_timestamp(called_at / 1000.0) AT TIME ZONE p_time_zone)::date, count(*),
           sum((called_at - issued_at) / 1000)
      FROM first_calls GROUP BY 2
    ON CONFLICT (hall_id, day) DO UPDATE
        SET called = d.called + excluded.called, wait_seconds = d.wait_seconds + excluded.wait_seconds;

    WITH accepted AS (
        INSERT INTO open_cases AS c (hall_id, serial, accepted_day, due_day, state)
        SELECT p_hall, f."case", (to_timestamp(e.at / 1000.0) AT TIME ZONE p_time_zone)::date,
               f.due, f.state
          FROM events e, json_to_record(e.data::json) AS f("case" text, due date, state text)
         WHERE e.stream = p_stream AND e.seq > after_seq AND e.seq <= to_seq
           AND e.type = 'case.accepted'
        ON CONFLICT (hall_id, serial) DO UPDATE
            SET accepted_day = excluded.accepted_day, due_day = excluded.due_day,
                state = excluded.state
        RETURNING c.accepted_day)
    INSERT INTO daily AS d (hall_id, day, accepted)
    SELECT p_hall, accepted_day, count(*) FROM accepted GROUP BY accepted_day
    ON CONFLICT (hall_id, day) DO UPDATE SET accepted = d.accepted + excluded.accepted;

    -- A case's later steps: its state and due day as its last event in the batch gives them; a
    -- case that ends is counted once, on the day it was accepted. (json_to_record reads each
    -- event's JSON once for all its fields.)
    WITH latest AS (
        SELECT DISTINCT ON (f."case") f."case" AS serial, f.state, f.due AS due_day,
               (to_timestamp(e.at / 1000.0) AT TIME ZONE p_time_zone)::date AS day
          FROM events e, json_to_record(e.data::json) AS f("case" text, due date, state text)
         WHERE e.stream = p_stream AND e.seq > after_seq AND e.seq <= to_seq
           AND e.type IN ('case.suspended', 'case.resumed', 'case.completed', 'case.returned',
                          'case.withdrawn')
         ORDER BY f."case", e.seq DESC),
    moved AS (
        UPDATE open_cases c SET state = l.state, due_day = l.due_day
          FROM latest l
         WHERE c.hall_id = p_hall AND c.serial = l.serial
           AND l.state NOT IN ('completed', 'returned', 'withdrawn')),
    ended AS (
        DELETE FROM open_cases c USING latest l
         WHERE c.hall_id = p_hall AND c.serial = l.serial
           AND l.state IN ('completed', 'returned', 'withdrawn')
        RETURNING c.accepted_day, l.due_day, l.state, l.day AS finished_day)
    INSERT INTO daily AS d (hall_id, day, returned, withdrawn, completed, same_day, on_time, late)
    SELECT p_hall, accepted_day,
           count(*) FILTER (WHERE state = 'returned'),
           count(*) FILTER (WHERE state = 'withdrawn'),
           count(*) FILTER (WHERE state = 'completed'),
           count(*) FILTER (WHERE state = 'completed' AND finished_day = accepted_day),
           count(*) FILTER (WHERE state = 'completed' AND finished_day <= due_day),
           count(*) FILTER (WHERE state = 'completed' AND finished_day > due_day)
      FROM ended GROUP BY accepted_day
    ON CONFLICT (hall_id, day) DO UPDATE
        SET returned = d.returned + excluded.returned, withdrawn = d.withdrawn + excluded.withdrawn,
            completed = d.completed + excluded.completed, same_day = d.same_day + excluded.same_day,
            on_time = d.on_time + excluded.on_time, late = d.late + excluded.late;
END
$$;

-- One batch, copied into `events` by the relay in its transaction just before: the rows of
-- the stream after its last event held. They are checked (numbers continuous, each prev_hash the
-- hash before it, each hash recomputed from the content) and kept up to the first that fails; a
-- failure deletes the rest, stops the hall's ingest and raises an alarm (NOTIFY
-- queuehall_alarm). A batch sent again is refused whole by the primary key and changes nothing.
-- Events the epoch shares with the one it was restored from are kept but not counted again.
-- Returns the last event held (the hall's new cursor) and why the hall is stopped.
CREATE FUNCTION ingest(p_hall text, p_epoch text, OUT acknowledged bigint, OUT problem text)
LANGUAGE plpgsql AS $$
DECLARE
    s streams%ROWTYPE;
    zone text;
    bad_seq bigint;
    kept_to bigint;
    counted_from bigint;
BEGIN
    SELECT * INTO s FROM streams WHERE hall_id = p_hall AND epoch = p_epoch FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'hall % has not joined with epoch %', p_hall, p_epoch
            USING ERRCODE = 'QH002';
    END IF;
    SELECT stopped, time_zone INTO problem, zone FROM halls WHERE hall_id = p_hall;
    acknowledged := s.last_seq;
    IF problem IS NOT NULL THEN
        DELETE FROM events WHERE stream = s.id AND seq > s.last_seq;
        RETURN;
    END IF;

    SELECT seq,
           CASE WHEN seq <> coalesce(seq_before, s.last_seq) + 1
                THEN format('event %s came after event %s: the events between are missing', seq,
                            coalesce(seq_before, s.last_seq))
                WHEN prev_hash <> coalesce(hash_before, s.last_hash)
                THEN format('event %s does not follow the event before it', seq)
                ELSE format('event %s was altered: its hash does not match its content', seq)
           END
      INTO bad_seq, problem
      FROM (SELECT seq, prev_hash, hash,
                   lag(seq) OVER w AS seq_before, lag(hash) OVER w AS hash_before,
                   encode(sha256(convert_to(
                       prev_hash || E'\x1f' || seq || E'\x1f' || at || E'\x1f' || type || E'\x1f'
                       || actor || E'\x1f' || device || E'\x1f' || coalesce(ticket_id::text, '')
                       || E'\x1f' || coalesce(window_no::text, '') || E'\x1f' || data || E'\x1f',
                       'UTF8')), 'hex') AS computed
              FROM events WHERE stream = s.id AND seq > s.last_seq WINDOW w AS (ORDER BY seq)) checked
     WHERE seq <> coalesce(seq_before, s.last_seq) + 1
        OR prev_hash <> coalesce(hash_before, s.last_hash) OR hash <> computed
     ORDER BY seq LIMIT 1;
    IF bad_seq IS NOT NULL THEN
        DELETE FROM events WHERE stream = s.id AND seq >= bad_seq;
    END IF;
    SELECT max(seq) INTO kept_to FROM events WHERE stream = s.id AND seq > s.last_seq;

    IF kept_to IS NOT NULL THEN
        UPDATE streams SET (last_seq, last_hash, last_at, received) =
               (SELECT seq, hash, at, now() FROM events WHERE stream = s.id AND seq = kept_to)
         WHERE id = s.id;
        counted_from := s.last_seq;
        IF s.parent IS NOT NULL THEN
            SELECT greatest(counted_from, max(i.seq)) INTO counted_from
              FROM events i JOIN events e ON e.stream = s.parent AND e.seq = i.seq
                                         AND e.hash = i.hash
             WHERE i.stream = s.id AND i.seq > s.last_seq AND i.seq <= kept_to
               AND e.seq > s.last_seq AND e.seq <= kept_to;
        END IF;
        PERFORM tally(p_hall, zone, s.id, counted_from, kept_to);
        acknowledged := kept_to;
    END IF;
    IF problem IS NOT NULL THEN
        INSERT INTO alarms (hall_id, epoch, seq, problem) VALUES (p_hall, p_epoch, bad_seq, problem);
        UPDATE halls SET stopped = problem WHERE hall_id = p_hall;
        PERFORM pg_notify('queuehall_alarm', p_hall || ': ' || problem);
    END IF;
END
$$;
