package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Every change of a reading's score and what caused it. */
@ApplicationScoped
public class HistoryStore {

    /** What made the score change. */
    public enum Cause { SUBMISSION, PLAN, RECOMPUTE }

    public record Entry(long id, String evaluationId, Reading reading, Instant changedAt, BigDecimal deltaEI,
            BigDecimal deltaEIRounded, String grade, BigDecimal previousDeltaEI, String previousGrade, boolean veto,
            boolean complete, Cause cause, String submissionId, String eventId, String eventType) {
    }

    /**
     * Appends a batch's changes by one COPY ({@link CopyRows}), in their order: the ids, the history's order, are drawn
     * row by row as the stream arrives.
     */
    public void appendAll(Connection c, List<Entry> entries) throws SQLException {
        CopyRows rows = new CopyRows("score_history", "evaluation_id", "reading", "changed_at", "delta_ei",
                "delta_ei_rounded", "grade", "previous_delta_ei", "previous_grade", "veto", "complete", "cause",
                "submission_id", "event_id", "event_type");
        for (Entry e : entries) {
            rows.add(e.evaluationId(), e.reading().name(), e.changedAt(), e.deltaEI(), e.deltaEIRounded(), e.grade(),
                    e.previousDeltaEI(), e.previousGrade(), e.veto(), e.complete(), e.cause().name(), e.submissionId(),
                    e.eventId(), e.eventType());
        }
        rows.copy(c);
    }

    /** The changes of an evaluation, oldest first; one reading or both. */
    public List<Entry> list(Connection c, String evaluationId, Reading reading) throws SQLException {
        String sql = "select * from score_history where evaluation_id = ?"
                + (reading == null ? "" : " and reading = ?") + " order by id";
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, evaluationId);
            if (reading != null) {
                ps.setString(2, reading.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong("id"), evaluationId, Reading.valueOf(rs.getString("reading")),
                            Sql.instant(rs, "changed_at"), rs.getBigDecimal("delta_ei"),
                            rs.getBigDecimal("delta_ei_rounded"), rs.getString("grade"),
                            rs.getBigDecimal("previous_delta_ei"), rs.getString("previous_grade"),
                            rs.getBoolean("veto"), rs.getBoolean("complete"), Cause.valueOf(rs.getString("cause")),
                            rs.getString("submission_id"), rs.getString("event_id"), rs.getString("event_type")));
                }
            }
        }
        return out;
    }
}
