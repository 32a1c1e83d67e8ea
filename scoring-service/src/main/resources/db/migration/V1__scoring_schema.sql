-- scoring-service schema. Inputs are kept per evaluation and submission; the score of each reading is kept as
-- per-term state (slot candidates, slot winners, running sums) so that one event costs the same whatever the
-- number of stored submissions. Everything an event changes is written in one transaction with its
-- processed_event row.

-- One row per evaluation the service has heard of (from a plan or a submission event). Its row lock serialises
-- everything that changes the evaluation's inputs or score (plan consumer, submission consumer, recompute).
create table evaluation (
    evaluation_id   varchar(32)  primary key,
    event_count     bigint       not null default 0,   -- distinct submission events taken in (basis.eventCount)
    last_event_id   varchar(200),                      -- the last of them (basis.lastEventId)
    as_of           timestamptz,                       -- its event time (basis.asOf)
    created_at      timestamptz  not null
);

-- The latest plan version per evaluation, as published on eco.plans.
create table plan (
    evaluation_id   varchar(32)  primary key references evaluation,
    plan_version    integer      not null,
    methodology     varchar(64)  not null,
    evaluation_year integer      not null,
    comparison_year integer      not null,
    event_id        varchar(200) not null,
    published_at    timestamptz,
    received_at     timestamptz  not null,
    plan_json       text         not null
);

-- Processed-event log of both consumers: the event id makes every redelivery a no-op.
create table processed_event (
    event_id        varchar(200) primary key,
    topic           varchar(64)  not null,
    event_type      varchar(64),
    evaluation_id   varchar(32),
    outcome         varchar(32)  not null,             -- APPLIED, STALE, ...
    processed_at    timestamptz  not null
);

-- The counting inputs: the latest version of each submission, its status and content.
create table submission (
    submission_id   varchar(200) primary key,
    evaluation_id   varchar(32)  not null references evaluation,
    department      varchar(64),
    task            varchar(200),
    version         integer      not null,
    status          varchar(32)  not null,             -- AWAITING_APPROVAL, SUBMITTED, ACCEPTED, RETURNED
    event_type      varchar(64)  not null,
    event_time      timestamptz  not null,
    submitted_at    timestamptz  not null,             -- precedence of its values, patches, events
    reviewed_at     timestamptz,                       -- precedence of its management scores (accepted only)
    last_event_id   varchar(200) not null,
    values_json     text         not null,
    patches_json    text         not null,
    events_json     text         not null,
    management_json text         not null,             -- management item scores, '{}' until accepted
    late            boolean      not null,
    updated_at      timestamptz  not null
);
create index submission_by_evaluation on submission (evaluation_id, status);

-- Score state per evaluation and reading (PROVISIONAL, CONFIRMED): the running sums of the terms and the result.
create table score_state (
    evaluation_id    varchar(32)  not null references evaluation,
    reading          varchar(16)  not null,
    methodology      varchar(64)  not null,
    evaluation_year  integer      not null,
    comparison_year  integer      not null,
    patch_sum        numeric      not null,            -- Σ contributions of the winning patches (unclamped)
    counted_patches  integer      not null,
    patches          integer      not null,
    event_sum        numeric      not null,            -- Σ deductions of the winning events (unclamped)
    events           integer      not null,
    veto_events      integer      not null,
    delta_ei         numeric      not null,
    delta_ei_rounded numeric      not null,
    grade            varchar(32)  not null,
    veto             boolean      not null,
    complete         boolean      not null,
    result_json      text         not null,            -- the computed result as served
    last_event_id    varchar(200),
    updated_at       timestamptz  not null,
    primary key (evaluation_id, reading)
);

-- Every candidate for every slot of a reading: an indicator-year (VALUE), a management item (SCORE), a patch id
-- (PATCH), an event id (EVENT). The slot's winner is the candidate with the latest "at", then the greatest
-- submission id (byte order).
create table score_slot (
    evaluation_id   varchar(32)  not null,
    reading         varchar(16)  not null,
    kind            varchar(8)   not null,
    slot_key        varchar(200) not null,
    submission_id   varchar(200) not null,
    at              timestamptz  not null,
    amount          numeric      not null,             -- value, score, patch contribution or event deduction
    counts          boolean      not null,             -- PATCH: counts under the rule
    veto            boolean      not null,             -- EVENT: vetoes
    payload         text,                              -- PATCH/EVENT: the item as submitted
    primary key (evaluation_id, reading, kind, slot_key, submission_id)
);
create index score_slot_precedence
    on score_slot (evaluation_id, reading, kind, slot_key, at desc, submission_id collate "C" desc);

-- The winner of each slot (at most one row per slot): the VALUE and SCORE winners are the engine's terms.
create table score_winner (
    evaluation_id   varchar(32)  not null,
    reading         varchar(16)  not null,
    kind            varchar(8)   not null,
    slot_key        varchar(200) not null,
    submission_id   varchar(200) not null,
    amount          numeric      not null,
    counts          boolean      not null,
    veto            boolean      not null,
    primary key (evaluation_id, reading, kind, slot_key)
);

-- Every change of a reading's score and what caused it.
create table score_history (
    id               bigserial    primary key,
    evaluation_id    varchar(32)  not null,
    reading          varchar(16)  not null,
    changed_at       timestamptz  not null,
    delta_ei         numeric      not null,
    delta_ei_rounded numeric      not null,
    grade            varchar(32)  not null,
    previous_delta_ei numeric,
    previous_grade   varchar(32),
    veto             boolean      not null,
    complete         boolean      not null,
    cause            varchar(16)  not null,            -- SUBMISSION, PLAN, RECOMPUTE
    submission_id    varchar(200),
    event_id         varchar(200),
    event_type       varchar(64)
);
create index score_history_by_evaluation on score_history (evaluation_id, id);

-- Transactional outbox of ScoreChanged events (published to eco.scores after commit by the relay).
create table outbox (
    id              bigserial    primary key,
    event_id        varchar(64)  not null unique,
    evaluation_id   varchar(32)  not null,
    event_type      varchar(64)  not null,
    payload         text         not null,
    created_at      timestamptz  not null,
    published_at    timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
