-- The plan version of each evaluation a service keeps (PlanVersions: the newest wins). The services that copy
-- eco.plans fill it from their own copies in a migration of theirs, which runs after this one.
create table messaging_plan_version (
    evaluation_id varchar(32)  primary key,
    plan_version  integer      not null,
    event_id      varchar(200) not null,
    received_at   timestamptz  not null
);
