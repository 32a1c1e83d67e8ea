-- The outbox and the processed-event log now belong to the messaging module (messaging_outbox,
-- messaging_processed_event, migrated just before this). Rows still waiting for the broker move there, in order;
-- published ones are history the module's retention would delete anyway.
insert into messaging_outbox (event_id, topic, record_key, event_type, payload, created_at, attempts, last_error)
select cast(event_id as varchar), 'eco.submissions', evaluation_id, event_type, payload, created_at, attempts,
       last_error
from outbox_event where published_at is null order by seq;
insert into messaging_processed_event (event_id, topic, processed_at)
select event_id, topic, processed_at from processed_event on conflict do nothing;
drop table outbox_event;
drop table processed_event;
