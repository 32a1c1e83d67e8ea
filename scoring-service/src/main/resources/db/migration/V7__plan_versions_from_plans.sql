-- The "newest plan version wins" rule moved to the messaging module (PlanVersions, table messaging_plan_version,
-- created by the module's migrations, which run before these): it starts from the versions this service keeps.
insert into messaging_plan_version (evaluation_id, plan_version, event_id, received_at)
select evaluation_id, plan_version, event_id, received_at from plan
on conflict (evaluation_id) do nothing;
