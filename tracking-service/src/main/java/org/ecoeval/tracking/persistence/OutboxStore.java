package org.ecoeval.tracking.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The transactional outbox: a record is written in the transaction of the change it reports and published
 * by {@link org.ecoeval.tracking.messaging.OutboxRelay} after commit; nothing is sent for a rolled-back
 * transaction and nothing is lost while Kafka is down.
 */
@ApplicationScoped
public class OutboxStore {

    /** Fired inside the writing transaction; the relay observes it after a successful commit. */
    public record Written(String topic) {
    }

    public record Row(long id, String topic, String key, String eventId, String type, String payload,
            Instant createdAt) {
    }

    @Inject
    Db db;

    @Inject
    Event<Written> written;

    public void add(String topic, String key, String eventId, String type, String payload, Instant now) {
        db.update("insert into outbox (topic, record_key, event_id, event_type, payload, created_at) values (?,?,?,?,?,?)",
                topic, key, eventId, type, payload, now);
        written.fire(new Written(topic));
    }

    /** The oldest unpublished rows, locked for this transaction. */
    public List<Row> lockBatch(int limit) {
        return db.list("select id, topic, record_key, event_id, event_type, payload, created_at from outbox "
                + "where published_at is null order by id limit ? for update skip locked",
                rs -> new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("record_key"),
                        rs.getString("event_id"), rs.getString("event_type"), rs.getString("payload"),
                        Db.instant(rs, "created_at")),
                limit);
    }

    public void markPublished(long id, Instant at) {
        db.update("update outbox set published_at = ? where id = ?", at, id);
    }

    /** A transaction-scoped advisory lock: one relay at a time across instances, so per-key order holds. */
    public boolean tryRelayLock() {
        return db.one("select pg_try_advisory_xact_lock(?)", rs -> rs.getBoolean(1), RELAY_LOCK).orElse(false);
    }

    public long unpublishedCount() {
        return db.one("select count(*) from outbox where published_at is null", rs -> rs.getLong(1)).orElse(0L);
    }

    private static final long RELAY_LOCK = 0x7472_6163_6b01L; // "track" + 1
}
