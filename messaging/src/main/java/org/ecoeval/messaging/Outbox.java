package org.ecoeval.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.context.Context;

/**
 * The transactional outbox: {@link #append} writes records in the caller's transaction, on the connection that
 * transaction already uses (the pool hands the same one to Hibernate and to JDBC callers), so a record exists
 * exactly when the change it reports was committed. {@link OutboxRelay} publishes it right after the commit.
 *
 * <p>Each row keeps the W3C trace context it was written in (the request's span, the consumed record's span, or the
 * span of the event named as its {@link OutboxMessage#cause()}), in the same insert: no statement more.
 */
@ApplicationScoped
public class Outbox {

    /** Fired inside the writing transaction; the relay observes it after a successful commit. */
    public record Written(int count) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Event<Written> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(OutboxMessage message) {
        append(List.of(message));
    }

    /** Writes the messages in their order (one statement), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        Context current = Context.current();
        TraceContext here = TraceContext.of(current);
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("insert into messaging_outbox (topic, record_key, "
                        + "event_id, event_type, payload, created_at, traceparent, tracestate) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OutboxMessage m : messages) {
                TraceContext trace = IncomingRecords.traceOfCause(current, m.cause(), here);
                insert.setString(1, m.topic());
                insert.setString(2, m.key());
                insert.setString(3, m.eventId());
                insert.setString(4, m.type());
                insert.setString(5, m.payload());
                insert.setTimestamp(6, now);
                insert.setString(7, trace == null ? null : trace.traceparent());
                insert.setString(8, trace == null ? null : trace.tracestate());
                if (messages.size() == 1) {
                    insert.executeUpdate();
                } else {
                    insert.addBatch();
                }
            }
            if (messages.size() > 1) {
                insert.executeBatch(); // one round trip for all
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + messages.size() + " outbox records", e);
        }
        written.fire(new Written(messages.size()));
    }
}
