package org.ecoeval.scoring.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** The served result of each reading: one row per evaluation and reading, written once per batch. */
@ApplicationScoped
public class ScoreStateStore {

    public Optional<ScoreState> state(Connection c, String evaluationId, Reading reading) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select * from score_state where evaluation_id = ? and reading = ?")) {
            ps.setString(1, evaluationId);
            ps.setString(2, reading.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ScoreState(evaluationId, reading, rs.getString("methodology"),
                        rs.getInt("evaluation_year"), rs.getInt("comparison_year"), rs.getBigDecimal("delta_ei"),
                        rs.getBigDecimal("delta_ei_rounded"), rs.getString("grade"), rs.getBoolean("veto"),
                        rs.getBoolean("complete"), rs.getString("result_json"), rs.getString("last_event_id")));
            }
        }
    }

    /** Upserts the given states in one batch (a multi-row statement with the driver's batch rewriting). */
    public void saveAll(Connection c, Collection<ScoreState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("insert into score_state (evaluation_id, reading, methodology, "
                + "evaluation_year, comparison_year, delta_ei, delta_ei_rounded, grade, veto, complete, result_json, "
                + "last_event_id, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (evaluation_id, reading) do update set methodology = excluded.methodology, "
                + "evaluation_year = excluded.evaluation_year, comparison_year = excluded.comparison_year, "
                + "delta_ei = excluded.delta_ei, delta_ei_rounded = excluded.delta_ei_rounded, grade = excluded.grade, "
                + "veto = excluded.veto, complete = excluded.complete, result_json = excluded.result_json, "
                + "last_event_id = excluded.last_event_id, updated_at = excluded.updated_at")) {
            for (ScoreState s : states) {
                Sql.bind(ps, s.evaluationId(), s.reading().name(), s.methodology(), s.evaluationYear(),
                        s.comparisonYear(), s.deltaEI(), s.deltaEIRounded(), s.grade(), s.veto(), s.complete(),
                        s.resultJson(), s.lastEventId(), now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The basis of a snapshot: the evaluation's events taken in when it was written. */
    public record Basis(long eventCount, String lastEventId, Instant asOf) {
    }

    /** A served result as it stood at {@code takenAt}. */
    public record Snapshot(String resultJson, Basis basis, Instant takenAt) {
    }

    /** Appends the states as snapshots of their moment (one round trip). */
    public void appendSnapshots(Connection c, Collection<ScoreState> states, java.util.Map<String, Basis> bases)
            throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into score_snapshot (evaluation_id, reading, event_count, "
                + "last_event_id, as_of, result_json) values (?, ?, ?, ?, ?, ?)")) {
            for (ScoreState s : states) {
                Basis b = bases.get(s.evaluationId());
                Sql.bind(ps, s.evaluationId(), s.reading().name(), b == null ? 0L : b.eventCount(),
                        b == null ? null : b.lastEventId(), b == null ? null : b.asOf(), s.resultJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The latest snapshot taken at or before {@code at}. */
    public Optional<Snapshot> snapshotAt(Connection c, String evaluationId, Reading reading, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select result_json, event_count, last_event_id, as_of, taken_at "
                + "from score_snapshot where evaluation_id = ? and reading = ? and taken_at <= ? "
                + "order by taken_at desc, id desc limit 1")) {
            Sql.bind(ps, evaluationId, reading.name(), at);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(rs.getString(1), new Basis(rs.getLong(2), rs.getString(3),
                        Sql.instant(rs, "as_of")), Sql.instant(rs, "taken_at")));
            }
        }
    }
}
