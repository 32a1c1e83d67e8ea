package org.ecoeval.scoring.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The evaluations the service has heard of and the basis of their score. {@link #lock} serialises every change to
 * one evaluation's inputs and score, whichever consumer or request makes it.
 */
@ApplicationScoped
public class EvaluationStore {

    /** What the score of an evaluation is based on: the submission events taken in. */
    public record Basis(long eventCount, String lastEventId, Instant asOf, Instant appliedAt) {
    }

    /** Creates the evaluation row when new and locks it until the transaction ends. */
    public void lock(Connection c, String evaluationId) throws SQLException {
        Sql.update(c, "insert into evaluation (evaluation_id, event_count, created_at) values (?, 0, ?) "
                + "on conflict (evaluation_id) do nothing", evaluationId, Instant.now());
        try (PreparedStatement ps = c.prepareStatement(
                "select evaluation_id from evaluation where evaluation_id = ? for update")) {
            ps.setString(1, evaluationId);
            ps.executeQuery().close();
        }
    }

    /** Locks an existing evaluation; false when the service has never heard of it. */
    public boolean lockExisting(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select evaluation_id from evaluation where evaluation_id = ? for update")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Counts one more distinct submission event in the basis of the evaluation's score. */
    public void countEvent(Connection c, String evaluationId, String eventId, Instant time) throws SQLException {
        Sql.update(c, "update evaluation set event_count = event_count + 1, last_event_id = ?, as_of = ? "
                + "where evaluation_id = ?", eventId, time, evaluationId);
    }

    /**
     * Records when the evaluations' latest events were applied: the last statement before their transaction commits,
     * so that how long a submission takes to become visible can be read from the score instead of by polling it.
     */
    public void markApplied(Connection c, java.util.Collection<String> evaluationIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update evaluation set applied_at = clock_timestamp() where evaluation_id = any (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", evaluationIds.toArray()));
            ps.executeUpdate();
        }
    }

    public Optional<Basis> basis(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select event_count, last_event_id, as_of, applied_at from evaluation where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Basis(rs.getLong("event_count"), rs.getString("last_event_id"),
                        Sql.instant(rs, "as_of"), Sql.instant(rs, "applied_at")));
            }
        }
    }
}
