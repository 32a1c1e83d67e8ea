package org.ecoeval.messaging;

/**
 * A record to publish once the transaction that wrote it has committed: its topic and key (the evaluation id), the
 * event id and type that become the CloudEvents headers {@code ce_id} and {@code ce_type}, and its JSON value.
 *
 * <p>{@code cause} is the id of the consumed event that caused this record, when a consumer applies a batch of
 * records in one transaction: the record then continues that event's trace rather than the batch's (see
 * {@link IncomingRecords}). Null otherwise: the record continues the trace current where it is written (the request,
 * or the one record being consumed).
 */
public record OutboxMessage(String topic, String key, String eventId, String type, String payload, String cause) {
    public OutboxMessage {
        if (topic == null || eventId == null || type == null || payload == null) {
            throw new IllegalArgumentException("an outbox message needs a topic, an event id, a type and a payload");
        }
    }

    public OutboxMessage(String topic, String key, String eventId, String type, String payload) {
        this(topic, key, eventId, type, payload, null);
    }

    /** The same message, caused by the consumed event {@code eventId}. */
    public OutboxMessage causedBy(String eventId) {
        return new OutboxMessage(topic, key, this.eventId, type, payload, eventId);
    }
}
