package org.ecoeval.scoring.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

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

    /**
     * Creates the evaluations that are new and locks all of them until the transaction ends, in id order (so that two
     * batches never wait on each other); returns each one's {@code state_version}. Two statements for a whole batch.
     */
    public Map<String, Long> lockAll(Connection c, Collection<String> evaluationIds) throws SQLException {
        Object[] ids = new TreeSet<>(evaluationIds).toArray();
        try (PreparedStatement ps = c.prepareStatement("insert into evaluation (evaluation_id, event_count, created_at) "
                + "select id, 0, ? from unnest(?) as id order by id on conflict (evaluation_id) do nothing")) {
            Sql.setInstant(ps, 1, Instant.now());
            ps.setArray(2, c.createArrayOf("varchar", ids));
            ps.executeUpdate();
        }
        Map<String, Long> versions = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("select evaluation_id, state_version from evaluation "
                + "where evaluation_id = any (?) order by evaluation_id for update")) {
            ps.setArray(1, c.createArrayOf("varchar", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return versions;
    }

    /** An evaluation's state version and basis after a transaction's changes. */
    public record Standing(long stateVersion, ScoreStateStore.Basis basis) {
    }

    /** Where the evaluation stands (read under its lock). */
    public Standing standing(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select state_version, event_count, last_event_id, as_of "
                + "from evaluation where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Standing(rs.getLong(1), new ScoreStateStore.Basis(rs.getLong(2), rs.getString(3),
                        Sql.instant(rs, "as_of")));
            }
        }
    }

    /** The version of the evaluation's score state (read under its lock). */
    public long stateVersion(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select state_version from evaluation where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Records that the evaluation's score state changed; returns the new version. */
    public long bumpStateVersion(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update evaluation set state_version = state_version + 1 "
                + "where evaluation_id = ? returning state_version")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What a batch adds to an evaluation's basis: how many events it took in, the last of them and its time. */
    public record Taken(long events, String lastEventId, Instant asOf, boolean stateChanged) {
    }

    /**
     * Adds a batch's events to the basis of each evaluation, bumps the state version of those whose score state it
     * changed, in one statement; returns where each evaluation stands after it.
     */
    public Map<String, Standing> take(Connection c, Map<String, Taken> taken) throws SQLException {
        Map<String, Standing> versions = new HashMap<>();
        if (taken.isEmpty()) {
            return versions;
        }
        List<String> ids = new ArrayList<>(taken.keySet());
        Object[] counts = new Object[ids.size()];
        Object[] last = new Object[ids.size()];
        Object[] asOf = new Object[ids.size()];
        Object[] bumps = new Object[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            Taken t = taken.get(ids.get(i));
            counts[i] = t.events();
            last[i] = t.lastEventId();
            asOf[i] = t.asOf() == null ? null : java.sql.Timestamp.from(Sql.micros(t.asOf()));
            bumps[i] = t.stateChanged() ? 1L : 0L;
        }
        try (PreparedStatement ps = c.prepareStatement("update evaluation e set event_count = e.event_count + t.n, "
                + "last_event_id = coalesce(t.last_event_id, e.last_event_id), as_of = coalesce(t.as_of, e.as_of), "
                + "state_version = e.state_version + t.bump from unnest(?, ?, ?, ?, ?) "
                + "as t(evaluation_id, n, last_event_id, as_of, bump) where e.evaluation_id = t.evaluation_id "
                + "returning e.evaluation_id, e.state_version, e.event_count, e.last_event_id, e.as_of")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", counts));
            ps.setArray(3, c.createArrayOf("varchar", last));
            ps.setArray(4, c.createArrayOf("timestamptz", asOf));
            ps.setArray(5, c.createArrayOf("bigint", bumps));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), new Standing(rs.getLong(2), new ScoreStateStore.Basis(
                            rs.getLong(3), rs.getString(4), Sql.instant(rs, "as_of"))));
                }
            }
        }
        return versions;
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
