-- submission-service schema. Only Flyway writes it; Hibernate validates nothing and generates nothing.

-- The latest plan version of each evaluation, kept from eco.plans (tracking-service owns plans and
-- their deadline calendar; the task instances with their due times are stored as published).
create table plan_copy (
    evaluation_id   varchar(32)  primary key,
    county_code     varchar(16)  not null,
    plan_version    integer      not null,
    plan_json       text         not null,
    instances_json  text         not null,
    published_at    timestamptz,
    received_at     timestamptz  not null
);

-- Processed-event log of every consumer, written in the same transaction as the effect.
create table processed_event (
    event_id      varchar(200) primary key,
    topic         varchar(100) not null,
    processed_at  timestamptz  not null
);

-- Evidence files: metadata here, bytes in the content-addressed store (by sha256).
create table evidence (
    id            uuid          primary key,
    evaluation_id varchar(32)   not null,
    county_code   varchar(16)   not null,
    department    varchar(64)   not null,
    sha256        char(64)      not null,
    size_bytes    bigint        not null,
    content_type  varchar(128)  not null,
    filename      varchar(255)  not null,
    uploaded_by   varchar(200)  not null,
    uploaded_at   timestamptz   not null,
    constraint evidence_same_bytes_same_unit unique (evaluation_id, department, sha256)
);

-- One submission per task instance of an evaluation; its versions and its history.
create table submission (
    id               uuid         primary key,
    evaluation_id    varchar(32)  not null,
    county_code      varchar(16)  not null,
    department       varchar(64)  not null,
    task_instance    varchar(128) not null,
    status           varchar(32)  not null,
    current_version  integer      not null,
    late             boolean      not null,
    created_at       timestamptz  not null,
    submitted_at     timestamptz  not null,
    updated_at       timestamptz  not null,
    management_scores_json text,
    row_version      bigint       not null default 0,
    constraint submission_one_per_task unique (evaluation_id, task_instance)
);
create index submission_list on submission (evaluation_id, created_at, id);
create index submission_by_unit on submission (evaluation_id, department);

create table submission_version (
    submission_id  uuid         not null references submission (id),
    version        integer      not null,
    content_json   text         not null,
    submitted_by   varchar(200) not null,
    submitted_at   timestamptz  not null,
    late           boolean      not null,
    primary key (submission_id, version)
);

create table submission_history (
    id             bigserial    primary key,
    submission_id  uuid         not null references submission (id),
    version        integer      not null,
    action         varchar(32)  not null,
    actor          varchar(200) not null,
    actor_role     varchar(32)  not null,
    status_after   varchar(32)  not null,
    comment        text,
    management_scores_json text,
    at             timestamptz  not null
);
create index submission_history_by_submission on submission_history (submission_id, id);

-- Transactional outbox to eco.submissions: written with the state change, relayed in seq order.
create table outbox_event (
    seq            bigserial    primary key,
    event_id       uuid         not null unique,
    evaluation_id  varchar(32)  not null,
    event_type     varchar(64)  not null,
    payload        text         not null,
    created_at     timestamptz  not null,
    published_at   timestamptz,
    attempts       integer      not null default 0,
    last_error     text
);
create index outbox_unpublished on outbox_event (seq) where published_at is null;

-- Idempotency-Key records, per unit (or per user for county-wide roles), kept at least 24 hours.
create table idempotency_record (
    scope            varchar(200) not null,
    idem_key         varchar(200) not null,
    request_hash     char(64)     not null,
    response_status  integer,
    response_body    text,
    response_location text,
    created_at       timestamptz  not null,
    expires_at       timestamptz  not null,
    primary key (scope, idem_key)
);
create index idempotency_expiry on idempotency_record (expires_at);
