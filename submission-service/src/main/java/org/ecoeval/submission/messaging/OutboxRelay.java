package org.ecoeval.submission.messaging;

import java.nio.charset.StandardCharsets;
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
import jakarta.persistence.EntityManager;

import org.ecoeval.contracts.CloudEventHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Publishes outbox rows to {@code eco.submissions} in their order, keyed by evaluation id with CloudEvents
 * headers. Runs right after each committing transaction that wrote a row, and on a periodic sweep (which
 * picks up whatever an unreachable broker or a crash left behind).
 *
 * <p>A row is marked published only once the broker has acknowledged it. Several service instances may relay
 * the same table: a transaction-scoped advisory lock lets one of them relay at a time (so the rows of one
 * evaluation leave in order), and the rows are claimed {@code FOR UPDATE SKIP LOCKED} so that no row is ever
 * taken by two relays at once. A batch is sent at once and its acknowledgements awaited in order; on the first
 * failure the batch stops there, and that row and every later one stay for the next run.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key of the relay ("eco.submissions" outbox). */
    private static final long RELAY_LOCK = 0x45434F5355424DL;
    private static final String SOURCE = "/submission-service";

    @Inject
    @Channel("submissions-out")
    MutinyEmitter<String> emitter;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "ecoeval.submission.outbox.batch-size", defaultValue = "100")
    int batchSize;

    @ConfigProperty(name = "ecoeval.submission.outbox.ack-timeout", defaultValue = "PT20S")
    Duration ackTimeout;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private volatile String lastError;
    private volatile boolean stopping;

    /** After a transaction that wrote outbox rows has committed. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        trigger();
    }

    @Scheduled(every = "${ecoeval.submission.outbox.sweep-interval:5s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        trigger();
    }

    /** Asks for a relay run; runs coalesce, one at a time, off the caller's thread. */
    public void trigger() {
        if (stopping) {
            return;
        }
        if (queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                try {
                    while (relayBatch() == batchSize) {
                        // a full batch: more may be waiting
                    }
                } catch (RuntimeException e) {
                    if (stopping) {
                        return; // shutting down: the rows stay for the next start
                    }
                    lastError = e.toString();
                    LOG.warnf("outbox relay run failed (rows stay for the next run): %s", e.toString());
                }
            });
        }
    }

    /** Total rows this instance has published since start. */
    public long publishedCount() {
        return published.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Relays one batch in one transaction; returns how many rows it published. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout((int) ackTimeout.multipliedBy(batchSize + 1).toSeconds())
                .call(() -> {
                    Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(:key)")
                            .setParameter("key", RELAY_LOCK).getSingleResult();
                    if (!Boolean.TRUE.equals(locked)) {
                        return 0; // another instance is relaying right now
                    }
                    @SuppressWarnings("unchecked")
                    List<Object[]> rows = em.createNativeQuery("""
                            select seq, cast(event_id as varchar), evaluation_id, event_type, payload, created_at
                            from outbox_event where published_at is null
                            order by seq limit :n for update skip locked
                            """).setParameter("n", batchSize).getResultList();
                    // The first row goes alone (with the broker away, one row fails, not a hundred); the others go
                    // to the producer at once (it keeps their order per partition) and their acks are awaited in
                    // order: a batch costs two round trips to the broker, not one per row.
                    List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
                    List<Long> acknowledged = new ArrayList<>(rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        if (i == 0) {
                            sendRows(rows.subList(0, 1), acks);
                        } else if (i == 1) {
                            sendRows(rows.subList(1, rows.size()), acks);
                        }
                        long seq = ((Number) rows.get(i)[0]).longValue();
                        try {
                            acks.get(i).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for the broker", e);
                        } catch (ExecutionException | TimeoutException e) {
                            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                            String error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                            lastError = error;
                            LOG.warnf("outbox row %d not acknowledged by Kafka, will retry: %s", seq, error);
                            em.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = :e "
                                    + "where seq = :seq").setParameter("e", truncate(error))
                                    .setParameter("seq", seq).executeUpdate();
                            break; // nothing after an unacknowledged row is marked: it is sent again, in order
                        }
                        acknowledged.add(seq);
                    }
                    if (!acknowledged.isEmpty()) {
                        em.createNativeQuery("update outbox_event set published_at = :now, "
                                + "attempts = attempts + 1, last_error = null where seq in (:seqs)")
                                .setParameter("now", Instant.now()).setParameter("seqs", acknowledged).executeUpdate();
                        published.addAndGet(acknowledged.size());
                    }
                    return acknowledged.size();
                });
    }

    private void sendRows(List<Object[]> rows, List<CompletableFuture<Void>> acks) {
        for (Object[] row : rows) {
            acks.add(send((String) row[1], (String) row[2], (String) row[3], (String) row[4], toInstant(row[5])));
        }
    }

    private CompletableFuture<Void> send(String eventId, String evaluationId, String type, String payload,
            Instant createdAt) {
        KafkaRecord<String, String> record = KafkaRecord.of(evaluationId, payload)
                .withHeader(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8))
                .withHeader(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8))
                .withHeader(CloudEventHeaders.SOURCE, SOURCE.getBytes(StandardCharsets.UTF_8))
                .withHeader(CloudEventHeaders.TIME,
                        DateTimeFormatter.ISO_INSTANT.format(createdAt).getBytes(StandardCharsets.UTF_8))
                .withHeader(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8))
                .withHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        // Completes when the broker has acknowledged the record (acks=all), fails on a nack.
        return emitter.sendMessage(record).subscribeAsCompletionStage();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return Instant.now();
    }

    private static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }
}
