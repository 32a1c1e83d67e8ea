package org.ecoeval.scoring.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Transactional outbox of the events the service publishes ({@code ScoreChanged} on {@code eco.scores}). */
@ApplicationScoped
public class OutboxStore {

    public record Row(long id, String eventId, String evaluationId, String eventType, String payload,
            Instant createdAt) {
    }

    public void add(Connection c, String eventId, String evaluationId, String eventType, String payload, Instant at)
            throws SQLException {
        Sql.update(c, "insert into outbox (event_id, evaluation_id, event_type, payload, created_at) values (?, ?, ?, ?, ?)",
                eventId, evaluationId, eventType, payload, at);
    }

    /** The oldest unpublished rows, locked for this transaction; rows another relay holds are skipped. */
    public List<Row> lockPending(Connection c, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, event_id, evaluation_id, event_type, payload, "
                + "created_at from outbox where published_at is null order by id limit ? for update skip locked")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getLong("id"), rs.getString("event_id"), rs.getString("evaluation_id"),
                            rs.getString("event_type"), rs.getString("payload"), Sql.instant(rs, "created_at")));
                }
            }
        }
        return out;
    }

    public void markPublished(Connection c, long id) throws SQLException {
        Sql.update(c, "update outbox set published_at = ? where id = ?", Instant.now(), id);
    }
}
