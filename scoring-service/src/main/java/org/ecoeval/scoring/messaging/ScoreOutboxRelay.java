package org.ecoeval.scoring.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.scoring.persistence.OutboxStore;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the outbox's {@code ScoreChanged} events to {@code eco.scores} after their transaction committed: key =
 * evaluation id, CloudEvents headers. A row is marked published only once the broker acknowledged it, so a crash
 * or a broker outage delays events but loses none (a row may then be published twice; consumers dedupe by event
 * id). Woken right after each consumed event, and polling every second for anything left behind. One relay runs at
 * a time per instance; instances skip each other's locked rows.
 */
@ApplicationScoped
public class ScoreOutboxRelay {
    private static final Logger LOG = Logger.getLogger(ScoreOutboxRelay.class);
    private static final int BATCH = 100;

    @Inject
    @Channel("scores")
    MutinyEmitter<String> emitter;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxStore outbox;

    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scoring-outbox-relay");
        t.setDaemon(true);
        return t;
    });

    /** Asks for a relay run soon, without waiting for it (called after an event's transaction committed). */
    public void wakeUp() {
        if (wakeUpQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                wakeUpQueued.set(false);
                relayAll(false);
            });
        }
    }

    @Scheduled(every = "${ecoeval.scoring.outbox.poll-interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        relayAll(true);
    }

    /** Publishes every pending row; returns how many. */
    public int relayAll(boolean onlyIfIdle) {
        if (onlyIfIdle ? !running.tryLock() : !lock()) {
            return 0;
        }
        try {
            int total = 0;
            int sent;
            do {
                sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
                total += sent;
            } while (sent == BATCH);
            return total;
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay stopped: %s (rows stay pending and are retried)", e.getMessage());
            return 0;
        } finally {
            running.unlock();
        }
    }

    private boolean lock() {
        running.lock();
        return true;
    }

    private int relayBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<OutboxStore.Row> rows = outbox.lockPending(c, BATCH);
            for (OutboxStore.Row row : rows) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(CloudEventHeaders.ID, bytes(row.eventId()));
                headers.add(CloudEventHeaders.TYPE, bytes(row.eventType()));
                headers.add(CloudEventHeaders.SOURCE, bytes("/scoring-service"));
                headers.add(CloudEventHeaders.TIME, bytes(row.createdAt().toString()));
                headers.add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"));
                Message<String> message = Message.of(row.payload()).addMetadata(OutgoingKafkaRecordMetadata
                        .<String>builder().withKey(row.evaluationId()).withHeaders(headers).build());
                emitter.sendMessageAndAwait(message);
                outbox.markPublished(c, row.id());
            }
            return rows.size();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
