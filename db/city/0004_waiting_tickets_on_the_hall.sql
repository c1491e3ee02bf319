-- The tickets still waiting for their first call move from a table of their own into two arrays
-- on the hall's row: each batch rewrites that one row instead of inserting a row for every ticket
-- it leaves uncalled and deleting it in a later batch (about half of all tickets cross a batch's
-- end), a churn that autovacuum had to keep cleaning. Same figures, less work per batch.

ALTER TABLE halls ADD COLUMN waiting_tickets bigint[] NOT NULL DEFAULT '{}',
                  ADD COLUMN waiting_since bigint[] NOT NULL DEFAULT '{}';
UPDATE halls h SET (waiting_tickets, waiting_since) =
       (SELECT array_agg(ticket_id ORDER BY ticket_id), array_agg(issued_at ORDER BY ticket_id)
          FROM uncalled_tickets t WHERE t.hall_id = h.hall_id)
 WHERE EXISTS (SELECT FROM uncalled_tickets t WHERE t.hall_id = h.hall_id);
DROP TABLE uncalled_tickets;

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
    waiting AS (
        SELECT w.ticket_id, w.issued_at
          FROM halls h, unnest(h.waiting_tickets, h.waiting_since) AS w(ticket_id, issued_at)
         WHERE h.hall_id = p_hall),
    -- Still waiting after the batch: those before it that the batch neither called, voided nor
    -- issued again, and those it issued and did not call or void.
    still_waiting AS (
        UPDATE halls SET (waiting_tickets, waiting_since) =
               (SELECT coalesce(array_agg(ticket_id), '{}'), coalesce(array_agg(issued_at), '{}')
                  FROM (SELECT ticket_id, issued_at FROM waiting w
                         WHERE NOT EXISTS (SELECT FROM tickets k WHERE k.ticket_id = w.ticket_id
                                              AND (k.issued_at IS NOT NULL
                                                   OR k.called_at IS NOT NULL OR k.voided))
                        UNION ALL
                        SELECT ticket_id, issued_at FROM tickets
                         WHERE issued_at IS NOT NULL AND called_at IS NULL AND NOT voided) s)
         WHERE hall_id = p_hall),
    waits AS (
        SELECT k.called_day AS day,
               k.called_at - coalesce(k.issued_at, w.issued_at) AS wait_ms
          FROM tickets k LEFT JOIN waiting w ON w.ticket_id = k.ticket_id
         WHERE k.called_at IS NOT NULL AND coalesce(k.issued_at, w.issued_at) IS NOT NULL),

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
