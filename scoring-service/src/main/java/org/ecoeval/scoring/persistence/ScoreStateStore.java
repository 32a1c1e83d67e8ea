package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.ecoeval.scoring.persistence.SlotCandidate.Kind;
import org.ecoeval.scoring.persistence.SlotCandidate.Slot;
import org.ecoeval.scoring.persistence.SlotCandidate.Winner;

/**
 * The per-term score state of the readings: slot candidates, slot winners, running sums and the last result.
 * Every statement of the per-event path touches rows of the slots one submission fills, by primary key or by
 * an index range of one slot: its cost does not grow with the number of stored submissions.
 */
@ApplicationScoped
public class ScoreStateStore {

    /** A winning value or item score: the inputs of the engine's evaluation. */
    public record Term(Kind kind, String key, BigDecimal amount) {
    }

    public Optional<ScoreState> state(Connection c, String evaluationId, Reading reading) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select * from score_state where evaluation_id = ? and reading = ?")) {
            ps.setString(1, evaluationId);
            ps.setString(2, reading.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ScoreState(evaluationId, reading, rs.getString("methodology"),
                        rs.getInt("evaluation_year"), rs.getInt("comparison_year"), rs.getBigDecimal("patch_sum"),
                        rs.getInt("counted_patches"), rs.getInt("patches"), rs.getBigDecimal("event_sum"),
                        rs.getInt("events"), rs.getInt("veto_events"), rs.getBigDecimal("delta_ei"),
                        rs.getBigDecimal("delta_ei_rounded"), rs.getString("grade"), rs.getBoolean("veto"),
                        rs.getBoolean("complete"), rs.getString("result_json"), rs.getString("last_event_id")));
            }
        }
    }

    public void save(Connection c, ScoreState s) throws SQLException {
        Sql.update(c, "insert into score_state (evaluation_id, reading, methodology, evaluation_year, comparison_year, "
                + "patch_sum, counted_patches, patches, event_sum, events, veto_events, delta_ei, delta_ei_rounded, "
                + "grade, veto, complete, result_json, last_event_id, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (evaluation_id, reading) do update set methodology = excluded.methodology, "
                + "evaluation_year = excluded.evaluation_year, comparison_year = excluded.comparison_year, "
                + "patch_sum = excluded.patch_sum, counted_patches = excluded.counted_patches, "
                + "patches = excluded.patches, event_sum = excluded.event_sum, events = excluded.events, "
                + "veto_events = excluded.veto_events, delta_ei = excluded.delta_ei, "
                + "delta_ei_rounded = excluded.delta_ei_rounded, grade = excluded.grade, veto = excluded.veto, "
                + "complete = excluded.complete, result_json = excluded.result_json, "
                + "last_event_id = excluded.last_event_id, updated_at = excluded.updated_at",
                s.evaluationId(), s.reading().name(), s.methodology(), s.evaluationYear(), s.comparisonYear(),
                s.patchSum(), s.countedPatches(), s.patches(), s.eventSum(), s.events(), s.vetoEvents(), s.deltaEI(),
                s.deltaEIRounded(), s.grade(), s.veto(), s.complete(), s.resultJson(), s.lastEventId(), Instant.now());
    }

    /** Forgets the whole per-term state of an evaluation (before a rebuild). */
    public void clear(Connection c, String evaluationId) throws SQLException {
        Sql.update(c, "delete from score_slot where evaluation_id = ?", evaluationId);
        Sql.update(c, "delete from score_winner where evaluation_id = ?", evaluationId);
    }

    public void removeCandidates(Connection c, String evaluationId, Reading reading, Collection<SlotCandidate> candidates)
            throws SQLException {
        if (candidates.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("delete from score_slot where evaluation_id = ? and reading = ? "
                + "and kind = ? and slot_key = ? and submission_id = ?")) {
            for (SlotCandidate k : candidates) {
                ps.setString(1, evaluationId);
                ps.setString(2, reading.name());
                ps.setString(3, k.kind().name());
                ps.setString(4, k.key());
                ps.setString(5, k.submissionId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void addCandidates(Connection c, String evaluationId, Reading reading, Collection<SlotCandidate> candidates)
            throws SQLException {
        if (candidates.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into score_slot (evaluation_id, reading, kind, slot_key, "
                + "submission_id, at, amount, counts, veto, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SlotCandidate k : candidates) {
                ps.setString(1, evaluationId);
                ps.setString(2, reading.name());
                ps.setString(3, k.kind().name());
                ps.setString(4, k.key());
                ps.setString(5, k.submissionId());
                Sql.setInstant(ps, 6, k.at());
                ps.setBigDecimal(7, k.amount());
                ps.setBoolean(8, k.counts());
                ps.setBoolean(9, k.veto());
                ps.setString(10, k.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The slot's current winner as recorded. */
    public Optional<Winner> winner(Connection c, String evaluationId, Reading reading, Slot slot) throws SQLException {
        return one(c, "select submission_id, amount, counts, veto from score_winner where evaluation_id = ? "
                + "and reading = ? and kind = ? and slot_key = ?", evaluationId, reading, slot);
    }

    /** The candidate that should win the slot: latest {@code at}, then greatest submission id (byte order). */
    public Optional<Winner> leadingCandidate(Connection c, String evaluationId, Reading reading, Slot slot)
            throws SQLException {
        return one(c, "select submission_id, amount, counts, veto from score_slot where evaluation_id = ? "
                + "and reading = ? and kind = ? and slot_key = ? order by at desc, submission_id collate \"C\" desc "
                + "limit 1", evaluationId, reading, slot);
    }

    public void setWinner(Connection c, String evaluationId, Reading reading, Slot slot, Winner winner)
            throws SQLException {
        if (winner == null) {
            Sql.update(c, "delete from score_winner where evaluation_id = ? and reading = ? and kind = ? and slot_key = ?",
                    evaluationId, reading.name(), slot.kind().name(), slot.key());
            return;
        }
        Sql.update(c, "insert into score_winner (evaluation_id, reading, kind, slot_key, submission_id, amount, counts, "
                + "veto) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (evaluation_id, reading, kind, slot_key) do update "
                + "set submission_id = excluded.submission_id, amount = excluded.amount, counts = excluded.counts, "
                + "veto = excluded.veto", evaluationId, reading.name(), slot.kind().name(), slot.key(),
                winner.submissionId(), winner.amount(), winner.counts(), winner.veto());
    }

    /** The winning values and item scores of a reading: at most indicators × 2 + management items rows. */
    public List<Term> terms(Connection c, String evaluationId, Reading reading) throws SQLException {
        List<Term> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select kind, slot_key, amount from score_winner "
                + "where evaluation_id = ? and reading = ? and kind in ('VALUE', 'SCORE')")) {
            ps.setString(1, evaluationId);
            ps.setString(2, reading.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Term(Kind.valueOf(rs.getString("kind")), rs.getString("slot_key"),
                            rs.getBigDecimal("amount")));
                }
            }
        }
        return out;
    }

    /** Sums of a reading's patches and events as the full set of winners gives them (for a rebuild). */
    public record Sums(BigDecimal patchSum, int countedPatches, int patches, BigDecimal eventSum, int events,
            int vetoEvents) {
    }

    /**
     * Rebuilds a reading's winners from all its candidates in one statement and returns the sums over them (exact
     * numeric arithmetic in PostgreSQL). Used when a plan changes the methodology or the years: O(candidates).
     */
    public Sums rebuildWinners(Connection c, String evaluationId, Reading reading) throws SQLException {
        Sql.update(c, "delete from score_winner where evaluation_id = ? and reading = ?", evaluationId, reading.name());
        Sql.update(c, "insert into score_winner (evaluation_id, reading, kind, slot_key, submission_id, amount, counts, "
                + "veto) select distinct on (kind, slot_key) evaluation_id, reading, kind, slot_key, submission_id, "
                + "amount, counts, veto from score_slot where evaluation_id = ? and reading = ? "
                + "order by kind, slot_key, at desc, submission_id collate \"C\" desc", evaluationId, reading.name());
        try (PreparedStatement ps = c.prepareStatement("select "
                + "coalesce(sum(amount) filter (where kind = 'PATCH' and counts), 0) patch_sum, "
                + "count(*) filter (where kind = 'PATCH' and counts) counted_patches, "
                + "count(*) filter (where kind = 'PATCH') patches, "
                + "coalesce(sum(amount) filter (where kind = 'EVENT'), 0) event_sum, "
                + "count(*) filter (where kind = 'EVENT') events, "
                + "count(*) filter (where kind = 'EVENT' and veto) veto_events "
                + "from score_winner where evaluation_id = ? and reading = ?")) {
            ps.setString(1, evaluationId);
            ps.setString(2, reading.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Sums(rs.getBigDecimal("patch_sum"), rs.getInt("counted_patches"), rs.getInt("patches"),
                        rs.getBigDecimal("event_sum"), rs.getInt("events"), rs.getInt("veto_events"));
            }
        }
    }

    private static Optional<Winner> one(Connection c, String sql, String evaluationId, Reading reading, Slot slot)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, evaluationId);
            ps.setString(2, reading.name());
            ps.setString(3, slot.kind().name());
            ps.setString(4, slot.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Winner(rs.getString("submission_id"), rs.getBigDecimal("amount"),
                        rs.getBoolean("counts"), rs.getBoolean("veto")));
            }
        }
    }
}
