package org.ecoeval.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
                PreparedStatement insert = c.prepareStatement(insertOf(1))) {
            for (OutboxMessage m : messages) {
                bind(insert, 1, m, now, current, here);
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

    /** A caller's own statement that writes outbox records too: see {@link #appendWithin}. */
    public interface Statement<T> {
        /** The statement's text, with {@code {outbox}} where the outbox insert goes (a data-modifying CTE). */
        String sql();

        /** Binds the caller's parameters, which all come before {@code {outbox}} in the text; returns the next index. */
        int bind(PreparedStatement statement) throws SQLException;

        /** Reads the statement's result. */
        T read(ResultSet result) throws SQLException;
    }

    /**
     * Runs the caller's statement with the messages' insert inside it, in the caller's transaction: a change and the
     * records that report it reach the database in one statement, one round trip (intake's write). The insert is
     * this class's, with the trace context as {@link #append} stores it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T appendWithin(Statement<T> statement, List<OutboxMessage> messages) {
        if (messages.isEmpty() || !statement.sql().contains(PLACE)) {
            throw new IllegalArgumentException("a statement with " + PLACE + " and at least one message is needed");
        }
        Timestamp now = Timestamp.from(Instant.now());
        Context current = Context.current();
        TraceContext here = TraceContext.of(current);
        T result;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(statement.sql().replace(PLACE, insertOf(messages.size())))) {
            int next = statement.bind(ps);
            for (OutboxMessage m : messages) {
                next = bind(ps, next, m, now, current, here);
            }
            try (ResultSet rs = ps.executeQuery()) {
                result = statement.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + messages.size() + " outbox records", e);
        }
        written.fire(new Written(messages.size()));
        return result;
    }

    private static final String PLACE = "{outbox}";
    private static final String COLUMNS = "insert into messaging_outbox (topic, record_key, event_id, event_type, "
            + "payload, created_at, traceparent, tracestate) values ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    private static String insertOf(int rows) {
        return COLUMNS + String.join(", ", java.util.Collections.nCopies(rows, ROW));
    }

    private static int bind(PreparedStatement insert, int first, OutboxMessage m, Timestamp now, Context current,
            TraceContext here) throws SQLException {
        TraceContext trace = IncomingRecords.traceOfCause(current, m.cause(), here);
        insert.setString(first, m.topic());
        insert.setString(first + 1, m.key());
        insert.setString(first + 2, m.eventId());
        insert.setString(first + 3, m.type());
        insert.setString(first + 4, m.payload());
        insert.setTimestamp(first + 5, now);
        insert.setString(first + 6, trace == null ? null : trace.traceparent());
        insert.setString(first + 7, trace == null ? null : trace.tracestate());
        return first + 8;
    }
}
