-- tracking-service: plans and their versions, task instances, submission state, alerts and deliveries,
-- the processed-event log and the transactional outbox.

-- One row per evaluation (county + year): the current plan version and a revision counter that
-- changes whenever anything the status depends on changes (plan, submissions). The status ETag is
-- derived from it.
create table evaluation (
    evaluation_id      text primary key,
    county_code        text        not null,
    year               int         not null,
    current_version    int         not null,
    revision           bigint      not null default 0,
    time_zone          text        not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);

-- Every registered version of a plan. plan_json is the public JSON (no webhook secrets);
-- webhook_secrets is a JSON array aligned with plan.supervisors (write-only, used for signing).
create table plan_version (
    evaluation_id      text        not null references evaluation (evaluation_id),
    version            int         not null,
    plan_json          text        not null,
    webhook_secrets    text        not null,
    fingerprint        text        not null,
    registered_at      timestamptz not null,
    registered_by      text        not null,
    primary key (evaluation_id, version)
);

-- Dated occurrences of plan tasks (FIN-INVEST, GOV-MINUTES#Q2). Instances dropped by a later plan
-- version stay as rows with active = false (their history is kept).
create table task_instance (
    evaluation_id      text        not null references evaluation (evaluation_id),
    instance_id        text        not null,
    task_id            text        not null,
    department         text        not null,
    title              text        not null,
    due_at             timestamptz not null,
    plan_version       int         not null,
    active             boolean     not null default true,
    -- the time of the next reminder/escalation step not yet raised; null when the ladder is done
    next_step_at       timestamptz,
    primary key (evaluation_id, instance_id)
);
create index task_instance_next_step on task_instance (next_step_at) where active and next_step_at is not null;

-- The latest submission state of a task instance, from eco.submissions. Kept apart from
-- task_instance so that an event arriving before its plan is not lost.
create table task_submission (
    evaluation_id      text        not null,
    instance_id        text        not null,
    submission_id      text        not null,
    submission_version int         not null,
    status             text        not null,
    submitted_at       timestamptz,
    late               boolean     not null,
    event_id           text        not null,
    event_time         timestamptz,
    updated_at         timestamptz not null,
    primary key (evaluation_id, instance_id)
);

-- Processed-event log of the eco.submissions consumer, written in the transaction of the effect.
create table processed_event (
    event_id           text primary key,
    topic              text        not null,
    processed_at       timestamptz not null
);

-- Transactional outbox: eco.plans and eco.alerts records, published by the relay after commit.
create table outbox (
    id                 bigserial primary key,
    topic              text        not null,
    record_key         text        not null,
    event_id           text        not null unique,
    event_type         text        not null,
    payload            text        not null,
    created_at         timestamptz not null,
    published_at       timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;

-- One alert per task instance, step and due time: the unique key makes every step happen once,
-- across restarts and with several instances sweeping at once.
create table alert (
    alert_id           uuid primary key,
    evaluation_id      text        not null,
    instance_id        text        not null,
    department         text        not null,
    level              text        not null,
    step               text        not null,
    due_at             timestamptz not null,
    raised_at          timestamptz not null,
    recipients         text        not null,
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    unique (evaluation_id, instance_id, step, due_at)
);
create index alert_by_evaluation on alert (evaluation_id, raised_at);

-- Deliveries of an alert (webhook to a supervisor, e-mail to a head or supervisor), retried with
-- exponential backoff until delivered or given up.
create table delivery (
    id                 bigserial primary key,
    alert_id           uuid        not null references alert (alert_id),
    channel            text        not null,
    target             text        not null,
    subject            text,
    body               text        not null,
    secret             text,
    state              text        not null,
    attempts           int         not null default 0,
    next_attempt_at    timestamptz not null,
    created_at         timestamptz not null,
    delivered_at       timestamptz,
    last_error         text
);
create index delivery_pending on delivery (next_attempt_at) where state = 'PENDING';
create index delivery_by_alert on delivery (alert_id);

-- Every attempt of a delivery.
create table delivery_attempt (
    id                 bigserial primary key,
    delivery_id        bigint      not null references delivery (id),
    attempt            int         not null,
    attempted_at       timestamptz not null,
    outcome            text        not null,
    status_code        int,
    error              text,
    duration_ms        bigint      not null
);
create index delivery_attempt_by_delivery on delivery_attempt (delivery_id);
