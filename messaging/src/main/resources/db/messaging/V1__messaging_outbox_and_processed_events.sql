-- The messaging module's tables, in every service's database (applied before the service's own migrations, with
-- their own history table messaging_schema_history).

-- Transactional outbox: records written in the transaction of the change they report, published by OutboxRelay.
create table messaging_outbox (
    seq           bigserial    primary key,
    event_id      varchar(200) not null unique,
    topic         varchar(200) not null,
    record_key    varchar(200),
    event_type    varchar(100) not null,
    payload       text         not null,
    created_at    timestamptz  not null,
    published_at  timestamptz,
    attempts      integer      not null default 0,
    last_error    text
);
create index messaging_outbox_unpublished on messaging_outbox (seq) where published_at is null;
create index messaging_outbox_published on messaging_outbox (published_at) where published_at is not null;

-- Processed-event log of the consumers, keyed by event id, written in the transaction of the effect.
create table messaging_processed_event (
    event_id      varchar(200) primary key,
    topic         varchar(200) not null,
    event_type    varchar(100),
    outcome       varchar(32),
    processed_at  timestamptz  not null
);
