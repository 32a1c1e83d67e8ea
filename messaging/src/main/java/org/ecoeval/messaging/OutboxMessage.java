package org.ecoeval.messaging;

/**
 * A record to publish once the transaction that wrote it has committed: its topic and key (the evaluation id), the
 * event id and type that become the CloudEvents headers {@code ce_id} and {@code ce_type}, and its JSON value.
 */
public record OutboxMessage(String topic, String key, String eventId, String type, String payload) {
    public OutboxMessage {
        if (topic == null || eventId == null || type == null || payload == null) {
            throw new IllegalArgumentException("an outbox message needs a topic, an event id, a type and a payload");
        }
    }
}
