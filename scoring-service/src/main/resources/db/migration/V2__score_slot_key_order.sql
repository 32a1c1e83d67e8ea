-- The per-event path asks for a slot's leading candidate (latest "at", then greatest submission id). With the
-- primary key starting (evaluation_id, reading, kind, slot_key), PostgreSQL's generic plan for that prepared
-- statement scanned the slot through the primary key and sorted all its candidates: a cost growing with the number of
-- submissions filling the slot. Led by submission_id, the primary key still serves the deletion of one candidate but
-- no longer competes with score_slot_precedence, which answers the question from its first entry.
alter table score_slot drop constraint score_slot_pkey;
alter table score_slot add constraint score_slot_pkey primary key (submission_id, evaluation_id, reading, kind, slot_key);
