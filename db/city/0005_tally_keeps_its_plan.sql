-- tally() runs one plan kept from call to call, without JIT compilation or parallel workers.
--
-- Each call counts one batch of about 500 events. Left to choose, PostgreSQL plans its statement
-- anew for every batch once the events table is large (tens of millions of rows): the plan kept
-- for any batch is sized for a range of thousands of events, so its estimated cost rises with the
-- table until a fresh plan looks cheaper, and that planning (about 0.8 ms) costs nearly half as
-- much as counting the batch. A kept plan's estimates also grow with the table past the
-- thresholds for JIT compilation and parallel workers, each of which costs more than the batch.
-- The kept plan itself reads the batch through the primary key at any size.
--
-- CREATE OR REPLACE FUNCTION drops these settings: a later migration that redefines tally() must
-- state them again in its definition.

ALTER FUNCTION tally(text, text, integer, bigint, bigint)
    SET plan_cache_mode = force_generic_plan
    SET jit = off
    SET max_parallel_workers_per_gather = 0;
