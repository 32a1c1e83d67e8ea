package org.ecoeval.scoring.messaging;

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
 * Sends a record of {@code eco.submissions} that cannot be applied to {@code eco.submissions.dlq}, with its key,
 * value and headers and the headers the connector's own dead-letter strategy writes ({@code dead-letter-reason},
 * {@code -topic}, {@code -partition}, {@code -offset}). The batch consumer routes single records itself: the
 * connector's strategy would send a whole batch.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("submissions-dlq")
    MutinyEmitter<String> emitter;

    /** Returns once the broker has the dead letter, so that the record's offset may be committed after it. */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        String why = describe(reason);
        OutgoingKafkaRecord<String, String> letter = KafkaRecord.of(record.key(), record.value());
        for (Header h : record.headers()) {
            letter = letter.withHeader(h.key(), h.value());
        }
        letter = letter.withHeader("dead-letter-reason", bytes(why))
                .withHeader("dead-letter-cause-class-name", bytes(reason.getClass().getName()))
                .withHeader("dead-letter-topic", bytes(record.topic()))
                .withHeader("dead-letter-partition", bytes(Integer.toString(record.partition())))
                .withHeader("dead-letter-offset", bytes(Long.toString(record.offset())));
        emitter.sendMessage(letter).await().atMost(ACK_TIMEOUT);
        LOG.warnf("record %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), why);
    }

    /** The reason and its root cause, which is what an operator needs (e.g. the database's refusal). */
    static String describe(Throwable reason) {
        Throwable root = reason;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = reason.getMessage() == null ? reason.toString() : reason.getMessage();
        if (root != reason && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += ": " + root.getMessage();
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
