-- Production now applies events through the pure domain engine (IncrementalScore), folding a poll's batch in memory
-- and writing the result once per evaluation and reading: the per-slot tables and the running sums in score_state,
-- which the SQL-per-slot path kept, have no reader any more.
drop table score_slot;
drop table score_winner;
alter table score_state drop column patch_sum, drop column counted_patches, drop column patches,
    drop column event_sum, drop column events, drop column veto_events;

-- Bumped by every transaction that changes the evaluation's score state. An instance keeps an evaluation's engine
-- state in memory only while the version it built it at is the stored one: another instance, a plan or a recompute
-- that changed it makes the next batch rebuild it from the stored inputs.
alter table evaluation add column state_version bigint not null default 0;
