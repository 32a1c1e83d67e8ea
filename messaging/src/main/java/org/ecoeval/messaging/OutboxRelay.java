package org.ecoeval.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.ecoeval.contracts.CloudEventHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.OutgoingKafkaRecord;

/**
 * Publishes {@code messaging_outbox} rows to their topics, in their order, keyed as written, with the CloudEvents
 * headers. Runs right after each commit that wrote rows (off the committing thread) and on a periodic sweep, which
 * picks up whatever an unreachable broker or a crash left behind and deletes rows published longer ago than the
 * retention.
 *
 * <p>A row is marked published only once the broker acknowledged it (acks=all), so a crash or an outage delays
 * records but loses none (a record may then be sent twice; consumers dedupe by event id). Several instances may
 * share the table: a transaction-scoped advisory lock lets one relay at a time, so records of one key leave in
 * order. A batch costs two round trips to the broker: the first row goes alone (with the broker away one row fails,
 * not a hundred), the rest together, their acks awaited in order; the acknowledged prefix is marked in one
 * statement and the first unacknowledged row and all after it stay for the next run.
 *
 * <p>Each record continues the trace its row was written in (the row's {@code traceparent}, read with the row).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key of the relay: one per database, and each service has a database of its own. */
    private static final long RELAY_LOCK = 0x45434F_4F5554L; // "ECO" "OUT"

    @Inject
    @Channel("outbox")
    MutinyEmitter<String> emitter;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Tracer tracer;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;
    @ConfigProperty(name = "ecoeval.messaging.outbox.batch-size", defaultValue = "100")
    int batchSize;
    @ConfigProperty(name = "ecoeval.messaging.outbox.ack-timeout", defaultValue = "PT15S")
    Duration ackTimeout;
    @ConfigProperty(name = "ecoeval.messaging.outbox.retention", defaultValue = "P7D")
    Duration retention;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private volatile String lastError;
    private volatile boolean stopping;

    private record Row(long seq, String eventId, String topic, String key, String type, String payload,
            Instant createdAt, TraceContext trace) {
    }

    void registerGauges(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("ecoeval.outbox.unpublished", this, OutboxRelay::unpublishedCount)
                .description("outbox rows not yet acknowledged by Kafka").register(registry);
        Gauge.builder("ecoeval.outbox.published", published, AtomicLong::get)
                .description("outbox rows this instance has published since it started").register(registry);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        trigger();
    }

    @Scheduled(identity = "messaging-outbox-sweep", every = "${ecoeval.messaging.outbox.sweep-interval:2s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        trigger();
    }

    /** Asks for a relay run; runs coalesce, one at a time, off the caller's thread. */
    public void trigger() {
        if (stopping || !queued.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            queued.set(false);
            try {
                while (relayBatch() == batchSize) {
                    // a full batch: more may be waiting
                }
                purgePublished();
            } catch (RuntimeException e) {
                if (!stopping) {
                    lastError = ConsumerHealth.describe(e);
                    LOG.warnf("outbox relay run failed (rows stay for the next run): %s", lastError);
                }
            }
        });
    }

    /** Rows this instance has published since it started. */
    public long publishedCount() {
        return published.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Rows not yet acknowledged by the broker (grows while Kafka is away). */
    public double unpublishedCount() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "select count(*) from messaging_outbox where published_at is null");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return (double) rs.getLong(1);
            }
        });
    }

    /** Relays one batch in one transaction; returns how many rows it published. */
    public int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout((int) ackTimeout.multipliedBy(3).toSeconds() + 30)
                .call(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        List<Row> rows = lockPending(c); // none while another instance is relaying
                        if (rows.isEmpty()) {
                            return 0;
                        }
                        List<Long> acknowledged = sendAndAwait(c, rows);
                        markPublished(c, acknowledged);
                        published.addAndGet(acknowledged.size());
                        return acknowledged.size();
                    }
                });
    }

    /**
     * Sends the rows and awaits their acks with the relay's transaction suspended (its row locks stay held): the
     * emitter's context propagation would otherwise carry the transaction onto Kafka's producer threads, and
     * Narayana then refuses the commit of a transaction still active on two threads ("Enlisted connection used
     * without active transaction", quarkusio/quarkus#39098), which left acknowledged rows unmarked, to be sent again.
     */
    private List<Long> sendAndAwait(Connection c, List<Row> rows) throws SQLException {
        Sent sent = QuarkusTransaction.suspendingExisting().call(() -> sendAll(rows));
        if (sent.refused() != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "update messaging_outbox set attempts = attempts + 1, last_error = ? where seq = ?")) {
                ps.setString(1, lastError);
                ps.setLong(2, sent.refused().seq());
                ps.executeUpdate();
            }
        }
        return sent.acknowledged();
    }

    /** The acknowledged prefix of a batch, and the first row the broker did not acknowledge (null when none). */
    private record Sent(List<Long> acknowledged, Row refused) {
    }

    private Sent sendAll(List<Row> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        List<Long> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (i == 0) {
                acks.add(send(rows.get(0)));
            } else if (i == 1) {
                rows.subList(1, rows.size()).forEach(r -> acks.add(send(r)));
            }
            Row row = rows.get(i);
            try {
                acks.get(i).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                lastError = ConsumerHealth.describe(cause);
                LOG.warnf("outbox row %d (%s %s) not acknowledged by Kafka, will retry: %s", row.seq(), row.type(),
                        row.eventId(), lastError);
                return new Sent(acknowledged, row); // nothing after it is marked: it is sent again, in order
            }
            acknowledged.add(row.seq());
        }
        return new Sent(acknowledged, null);
    }

    private CompletableFuture<Void> send(Row row) {
        OutgoingKafkaRecord<String, String> record = KafkaRecord.of(row.topic(), row.key(), row.payload())
                .withHeader(CloudEventHeaders.ID, bytes(row.eventId()))
                .withHeader(CloudEventHeaders.TYPE, bytes(row.type()))
                .withHeader(CloudEventHeaders.SOURCE, bytes("/" + applicationName))
                .withHeader(CloudEventHeaders.TIME, bytes(DateTimeFormatter.ISO_INSTANT.format(row.createdAt())))
                .withHeader(CloudEventHeaders.SPEC_VERSION, bytes("1.0"))
                .withHeader("content-type", bytes("application/json"));
        // The record continues the trace its row was written in: a producer span, child of the writer's span, whose
        // context is the record's traceparent (the connector's own tracing is off for this channel, see the module's
        // microprofile-config.properties). A row written outside any trace starts one, so every record carries
        // a traceparent; with nothing recorded (the default sampler) the span is not recorded but its ids still flow.
        Span span = tracer.spanBuilder(row.topic() + " publish").setSpanKind(SpanKind.PRODUCER)
                .setParent(row.trace() == null ? Context.root() : row.trace().asParent())
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", row.topic())
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.message.id", row.eventId())
                .startSpan();
        TraceContext sent = TraceContext.of(span.getSpanContext());
        if (sent == null) {
            sent = row.trace(); // tracing switched off altogether: pass the writer's context on unchanged
        }
        if (sent != null) {
            record = record.withHeader(TraceContext.TRACEPARENT, bytes(sent.traceparent()));
            if (sent.tracestate() != null && !sent.tracestate().isEmpty()) {
                record = record.withHeader(TraceContext.TRACESTATE, bytes(sent.tracestate()));
            }
        }
        // Completes when the broker has acknowledged the record, fails on a nack.
        return emitter.sendMessage(record).subscribeAsCompletionStage().whenComplete((ok, failure) -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }

    private List<Row> lockPending(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        // The relay's lock and its rows in one statement: the lock (one relay at a time per database, so that records
        // of one key leave in order) is tried first, and without it no row is read.
        try (PreparedStatement ps = c.prepareStatement("with relay as (select pg_try_advisory_xact_lock(?) as mine) "
                + "select seq, event_id, topic, record_key, event_type, payload, created_at, traceparent, tracestate "
                + "from messaging_outbox, relay where relay.mine and published_at is null "
                + "order by seq limit ? for update of messaging_outbox skip locked")) {
            ps.setLong(1, RELAY_LOCK);
            ps.setInt(2, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                            rs.getString(8) == null ? null : new TraceContext(rs.getString(8), rs.getString(9))));
                }
            }
        }
        return rows;
    }

    private static void markPublished(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update messaging_outbox set published_at = ?, "
                + "attempts = attempts + 1, last_error = null where seq = any (?)")) {
            Array array = c.createArrayOf("bigint", seqs.toArray());
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setArray(2, array);
            ps.executeUpdate();
        }
    }

    /** Deletes rows published longer ago than the retention (kept meanwhile for operators and audits). */
    public int purgePublished() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("delete from messaging_outbox where published_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
                int gone = ps.executeUpdate();
                if (gone > 0) {
                    LOG.infof("deleted %d outbox rows published before the %s retention", gone, retention);
                }
                return gone;
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }
}
