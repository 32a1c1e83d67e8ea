-- The benchmark's ingest baseline (issue 6): one row per accepted request, nothing else. Lets `ecoeval bench`
-- compare submission intake with the cheapest write this service can make to the same PostgreSQL. The endpoint
-- that writes here is off unless ecoeval.submission.ingest-baseline.enabled is true.
create table ingest_baseline (
    id          bigserial primary key,
    department  varchar(64) not null,
    received_at timestamptz not null,
    body        jsonb not null
);
