-- Less work per event for the same figures: the tally reads each case's events with one sort
-- (not one per figure), keeps the JSON only of the events it reads it from, and takes the service
-- day from whole seconds, once per event; ingest builds the text it hashes in one concat_ws.

CREATE OR REPLACE FUNCTION tally(p_hall text, p_time_zone text, p_stream integer, after_seq bigint,
                                 to_seq bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH batch AS MATERIALIZED (
        SELECT seq, at, type, ticket_id, CASE WHEN type LIKE 'case.%' THEN data END AS data,
               (to_timestamp(at / 1000) AT TIME ZONE p_time_zone)::date AS day,
               CASE WHEN type = 'ticket.rated' THEN (data::json ->> 'rating')::int END AS rating
          FROM events
         WHERE stream = p_stream AND seq > after_seq AND seq <= to_seq
           AND type IN ('ticket.issued', 'ticket.called', 'ticket.voided', 'ticket.completed',
                        'ticket.rated', 'case.accepted', 'case.suspended', 'case.resumed',
                        'case.completed', 'case.returned', 'case.withdrawn')),

    -- Tickets: a first call ends a ticket's wait, a void ends it uncounted. A restored hall
    -- numbers its tickets again: the later issue wins.
    tickets AS (
        SELECT ticket_id, max(at) FILTER (WHERE type = 'ticket.issued') AS issued_at,
               min(at) FILTER (WHERE type = 'ticket.called') AS called_at,
               min(day) FILTER (WHERE type = 'ticket.called') AS called_day,
               bool_or(type = 'ticket.voided') AS voided
          FROM batch WHERE type IN ('ticket.issued', 'ticket.called', 'ticket.voided')
         GROUP BY ticket_id),
    left_store AS (
        DELETE FROM uncalled_tickets t USING tickets k
         WHERE t.hall_id = p_hall AND t.ticket_id = k.ticket_id
           AND (k.called_at IS NOT NULL OR k.voided)
        RETURNING t.ticket_id, t.issued_at),
    still_waiting AS (
        INSERT INTO uncalled_tickets (hall_id, ticket_id, issued_at)
        SELECT p_hall, ticket_id, issued_at FROM tickets
         WHERE issued_at IS NOT NULL AND called_at IS NULL AND NOT voided
        ON CONFLICT (hall_id, ticket_id) DO UPDATE SET issued_at = excluded.issued_at),
    waits AS (
        SELECT k.called_day AS day,
               k.called_at - coalesce(k.issued_at, s.issued_at) AS wait_ms
          FROM tickets k LEFT JOIN left_store s ON s.ticket_id = k.ticket_id
         WHERE k.called_at IS NOT NULL AND coalesce(k.issued_at, s.issued_at) IS NOT NULL),

    -- Cases: the state and due day their last event in the batch gives them; a case that ends is
    -- counted once, on the day it was accepted. (json_to_record reads each event's JSON once.)
    cases AS (
        SELECT DISTINCT ON (serial) serial, due, state, day AS last_day,
               max(day) FILTER (WHERE type = 'case.accepted') OVER (PARTITION BY serial)
                   AS accepted_day
          FROM (SELECT f."case" AS serial, b.seq, b.type, b.day, f.due, f.state
                  FROM batch b, json_to_record(b.data::json) AS f("case" text, due date, state text)
                 WHERE b.type LIKE 'case.%') e
         ORDER BY serial, seq DESC),
    closed AS (
        DELETE FROM open_cases c USING cases k
         WHERE c.hall_id = p_hall AND c.serial = k.serial
           AND k.state IN ('completed', 'returned', 'withdrawn')
        RETURNING c.serial, c.accepted_day),
    moved AS (
        UPDATE open_cases c SET state = k.state, due_day = k.due
          FROM cases k
         WHERE c.hall_id = p_hall AND c.serial = k.serial AND k.accepted_day IS NULL
           AND k.state NOT IN ('completed', 'returned', 'withdrawn')),
    opened AS (
        INSERT INTO open_cases (hall_id, serial, accepted_day, due_day, state)
        SELECT p_hall, serial, accepted_day, due, state FROM cases
         WHERE accepted_day IS NOT NULL AND state NOT IN ('completed', 'returned', 'withdrawn')
        ON CONFLICT (hall_id, serial) DO UPDATE
            SET accepted_day = excluded.accepted_day, due_day = excluded.due_day,
                state = excluded.state),
    ended AS (
        SELECT coalesce(k.accepted_day, c.accepted_day) AS accepted_day, k.due, k.state,
               k.last_day AS day
          FROM cases k LEFT JOIN closed c ON c.serial = k.serial
         WHERE k.state IN ('completed', 'returned', 'withdrawn')
           AND coalesce(k.accepted_day, c.accepted_day) IS NOT NULL),

    increments (day, tickets, served, rated, satisfied, bad, called, wait_seconds, accepted,
                returned, withdrawn, completed, same_day, on_time, late) AS (
        SELECT day, count(*) FILTER (WHERE type = 'ticket.issued'),
               count(*) FILTER (WHERE type = 'ticket.completed'),
               count(*) FILTER (WHERE type = 'ticket.rated'),
               count(*) FILTER (WHERE rating >= 4), count(*) FILTER (WHERE rating <= 2),
               0, 0, count(*) FILTER (WHERE type = 'case.accepted'), 0, 0, 0, 0, 0, 0
          FROM batch GROUP BY day
        UNION ALL
        SELECT day, 0, 0, 0, 0, 0, count(*), sum(wait_ms / 1000), 0, 0, 0, 0, 0, 0, 0
          FROM waits GROUP BY day
        UNION ALL
        SELECT accepted_day, 0, 0, 0, 0, 0, 0, 0, 0,
               count(*) FILTER (WHERE state = 'returned'),
               count(*) FILTER (WHERE state = 'withdrawn'),
               count(*) FILTER (WHERE state = 'completed'),
               count(*) FILTER (WHERE state = 'completed' AND day = accepted_day),
               count(*) FILTER (WHERE state = 'completed' AND day <= due),
               count(*) FILTER (WHERE state = 'completed' AND day > due)
          FROM ended GROUP BY accepted_day)
    INSERT INTO daily AS d (hall_id, day, tickets, served, rated, satisfied, bad, called,
                            wait_seconds, accepted, returned, withdrawn, completed, same_day,
                            on_time, late)
    SELECT p_hall, day, sum(tickets), sum(served), sum(rated), sum(satisfied), sum(bad),
           sum(called), sum(wait_seconds), sum(accepted), sum(returned), sum(withdrawn),
           sum(completed), sum(same_day), sum(on_time), sum(late)
      FROM increments GROUP BY day
    ON CONFLICT (hall_id, day) DO UPDATE
        SET tickets = d.tickets + excluded.tickets, served = d.served + excluded.served,
            rated = d.rated + excluded.rated, satisfied = d.satisfied + excluded.satisfied,
            bad = d.bad + excluded.bad, called = d.called + excluded.called,
            wait_seconds = d.wait_seconds + excluded.wait_seconds,
            accepted = d.accepted + excluded.accepted, returned = d.returned + excluded.returned,
            withdrawn = d.withdrawn + excluded.withdrawn,
            completed = d.completed + excluded.completed,
            same_day = d.same_day + excluded.same_day, on_time = d.on_time + excluded.on_time,
            late = d.late + excluded.late;
END
$$;

CREATE OR REPLACE FUNCTION ingest(p_hall text, p_epoch text, OUT acknowledged bigint, OUT problem text)
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
                   encode(sha256(convert_to(concat_ws(E'\x1f', prev_hash, seq, at, type, actor,
                       device, coalesce(ticket_id::text, ''), coalesce(window_no::text, ''), data,
                       ''), 'UTF8')), 'hex') AS computed
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
