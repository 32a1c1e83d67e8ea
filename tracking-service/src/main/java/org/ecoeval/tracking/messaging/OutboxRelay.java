package org.ecoeval.tracking.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Topics;
import org.ecoeval.tracking.persistence.OutboxStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes outbox rows to Kafka in id order, marking each published only once the broker has acknowledged
 * it (acks=all). Runs right after every commit that wrote to the outbox and on a timer (for rows left by a
 * crash or a Kafka outage). One relay at a time across instances (advisory lock), so records of one key keep
 * their order.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    public static final String SOURCE = "/tracking-service";

    @Inject
    OutboxStore outbox;

    @Inject
    Clock clock;

    @Inject
    @Channel("plans-out")
    MutinyEmitter<String> plans;

    @Inject
    @Channel("alerts-out")
    MutinyEmitter<String> alerts;

    @ConfigProperty(name = "ecoeval.tracking.outbox.batch-size", defaultValue = "100")
    int batchSize;

    @ConfigProperty(name = "ecoeval.tracking.outbox.ack-timeout", defaultValue = "PT30S")
    Duration ackTimeout;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxStore.Written written) {
        trigger();
    }

    @Scheduled(identity = "outbox-relay", every = "${ecoeval.tracking.outbox.relay-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        trigger();
    }

    /** Schedules a relay run unless one is already waiting. */
    public void trigger() {
        if (queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                try {
                    while (relayBatch() == batchSize) {
                        // a full batch: there may be more
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("outbox relay failed, will retry: %s", e.getMessage());
                }
            });
        }
    }

    /** Publishes one batch; returns how many rows it published. */
    public int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(120).call(() -> {
            if (!outbox.tryRelayLock()) {
                return 0;
            }
            int sent = 0;
            for (OutboxStore.Row row : outbox.lockBatch(batchSize)) {
                emitter(row.topic()).sendMessage(record(row)).await().atMost(ackTimeout);
                outbox.markPublished(row.id(), clock.instant());
                sent++;
            }
            return sent;
        });
    }

    private MutinyEmitter<String> emitter(String topic) {
        return switch (topic) {
            case Topics.PLANS -> plans;
            case Topics.ALERTS -> alerts;
            default -> throw new IllegalStateException("no channel for topic " + topic);
        };
    }

    static Message<String> record(OutboxStore.Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, bytes(row.eventId()));
        headers.add(CloudEventHeaders.TYPE, bytes(row.type()));
        headers.add(CloudEventHeaders.SOURCE, bytes(SOURCE));
        headers.add(CloudEventHeaders.TIME, bytes(row.createdAt().toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"));
        headers.add("content-type", bytes("application/json"));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(row.topic()).withKey(row.key()).withHeaders(headers).build();
        return Message.of(row.payload()).addMetadata(metadata);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
