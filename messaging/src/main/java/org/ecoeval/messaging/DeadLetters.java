package org.ecoeval.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.OutgoingKafkaRecord;

/**
 * Sends a record that can never be applied to {@code <topic>.dlq}, with its key, value and headers and the headers
 * the connector's own dead-letter strategy writes ({@code dead-letter-reason}, {@code -cause-class-name},
 * {@code -topic}, {@code -partition}, {@code -offset}), which {@code ecoeval dlq list|replay} reads. Consumers
 * route single records themselves, so that a batch consumer never sends a whole batch, and a record that failed
 * for a passing reason never gets here.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    public static final String SUFFIX = ".dlq";

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<String> emitter;
    @Inject
    RetryPolicy retry;

    /**
     * Returns once the broker has the dead letter, so that the record's offset may be committed after it. A broker
     * that is away is waited for (it is a passing failure): the record is never skipped unrecorded.
     */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        String why = ConsumerHealth.describe(reason);
        retry.whileTransient("dead-letters", "dead letter of " + where(record), () -> {
            OutgoingKafkaRecord<String, String> letter = KafkaRecord.of(record.topic() + SUFFIX, record.key(),
                    record.value());
            for (Header h : record.headers()) {
                // the connector writes the trace context of the consumer's span (which continues the record's)
                if (!h.key().startsWith("dead-letter-") && !h.key().equals(TraceContext.TRACEPARENT)
                        && !h.key().equals(TraceContext.TRACESTATE)) {
                    letter = letter.withHeader(h.key(), h.value());
                }
            }
            letter = letter.withHeader("dead-letter-reason", bytes(why))
                    .withHeader("dead-letter-cause-class-name", bytes(reason.getClass().getName()))
                    .withHeader("dead-letter-topic", bytes(record.topic()))
                    .withHeader("dead-letter-partition", bytes(Integer.toString(record.partition())))
                    .withHeader("dead-letter-offset", bytes(Long.toString(record.offset())));
            emitter.sendMessage(letter).await().atMost(Duration.ofSeconds(30));
            return null;
        });
        LOG.warnf("record %s sent to %s%s: %s", where(record), record.topic(), SUFFIX, why);
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
