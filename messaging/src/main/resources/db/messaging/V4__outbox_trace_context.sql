-- The trace context of the transaction that wrote an outbox row (W3C Trace Context: traceparent is 55 characters,
-- tracestate is vendor data of at most 512), so that the relay's record continues the trace of the request or the
-- consumed record that caused it. Null for rows written outside any trace (and for rows written before this version).
alter table messaging_outbox
    add column traceparent varchar(55),
    add column tracestate  varchar(512);
