-- The outbox and the processed-event log now belong to the messaging module (messaging_outbox,
-- messaging_processed_event, migrated just before this). Plan and alert records still waiting for the broker move
-- there, in order; the log moves whole, so that an event applied before the upgrade stays a duplicate after it.
insert into messaging_outbox (event_id, topic, record_key, event_type, payload, created_at)
select event_id, topic, record_key, event_type, payload, created_at
from outbox where published_at is null order by id;
insert into messaging_processed_event (event_id, topic, processed_at)
select event_id, topic, processed_at from processed_event;
drop table outbox;
drop table processed_event;
