-- When the evaluation's latest submission event was applied (set just before that transaction commits): the score's
-- basis.appliedAt, from which the bench reads how long a submission takes to become visible.
alter table evaluation add column applied_at timestamptz;
