-- The score as it stood at any moment (GET …/score?asOf=): each transaction that changes an evaluation's score
-- appends both readings' served results with their basis, written just before it commits. A batch's events become
-- visible together at its commit, so one snapshot per batch is exactly what a reader could have seen.
create table score_snapshot (
    id              bigserial    primary key,
    evaluation_id   varchar(32)  not null,
    reading         varchar(16)  not null,
    taken_at        timestamptz  not null default clock_timestamp(),
    event_count     bigint       not null,
    last_event_id   varchar(200),
    as_of           timestamptz,
    result_json     text         not null
);
create index score_snapshot_at on score_snapshot (evaluation_id, reading, taken_at desc);
