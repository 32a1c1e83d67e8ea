package org.ecoeval.submission.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.submission.domain.HistoryEntry;
import org.ecoeval.submission.domain.Submission;
import org.ecoeval.submission.domain.SubmissionVersion;

import io.agroal.api.AgroalDataSource;

/**
 * The two statements of a first submission, on the connection of the caller's transaction: one read (the kept plan
 * version and the referenced evidence files together) and one write (the submission, its first version, its
 * history entry and its outbox record in one statement). With the commit that is three round trips to PostgreSQL
 * whatever the draft references. The unique key (evaluation, task instance) decides between concurrent first
 * submissions, across instances too: the second waits for the first to commit and then inserts nothing.
 */
@ApplicationScoped
public class IntakeStatements {

    /** What the rules need of a referenced evidence file; {@code mediaType} as stored. */
    public record EvidenceRow(String evaluationId, String department, String mediaType) {
    }

    /** The kept plan version of the evaluation (0: none) and the referenced evidence files that exist, by id. */
    public record Lookup(int planVersion, Map<String, EvidenceRow> evidence) {
    }

    /**
     * The rest of both writes, after the CTE {@code s} that inserted or moved the submission: its version, its history
     * entry (both only if {@code s} has a row) and the outbox record; the count of {@code s} tells whether it wrote.
     */
    private static final String VERSION_HISTORY_OUTBOX = """
            v as (
                insert into submission_version (submission_id, version, content_json, submitted_by, submitted_at, late)
                select id, ?, ?, ?, ?, ? from s),
            h as (
                insert into submission_history (submission_id, version, action, actor, actor_role, status_after,
                                                comment, management_scores_json, at)
                select id, ?, ?, ?, ?, ?, ?, ?, ? from s),
            o as ({outbox})
            select count(*) from s
            """;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Outbox outbox;

    /** One statement: the plan version and every evidence file of {@code evidenceIds} that exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Lookup lookup(String evaluationId, Collection<UUID> evidenceIds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        select (select plan_version from plan_copy where evaluation_id = ?),
                               e.id, e.evaluation_id, e.department, e.content_type
                        from (values (1)) as one (x) left join evidence e on e.id = any (?)
                        """)) {
            ps.setString(1, evaluationId);
            ps.setArray(2, c.createArrayOf("uuid", evidenceIds.toArray()));
            int version = 0;
            Map<String, EvidenceRow> evidence = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    version = rs.getInt(1);
                    String id = rs.getString(2);
                    if (id != null) {
                        evidence.put(id, new EvidenceRow(rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return new Lookup(version, evidence);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the plan version and evidence of " + evaluationId, e);
        }
    }

    /**
     * One statement: inserts the submission with its first version, history entry and outbox record, unless the task
     * instance has a submission already.
     *
     * @return empty when written; the existing submission's id when the task instance had one (the outbox row of
     *         the statement is then the caller's to roll back, with its transaction)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> insertFirst(Submission s, SubmissionVersion v, HistoryEntry h, OutboxMessage record) {
        boolean written = outbox.appendWithin(new Outbox.Statement<Boolean>() {
            @Override
            public String sql() {
                return """
                        with s as (
                            insert into submission (id, evaluation_id, county_code, department, task_instance, status,
                                                    current_version, late, created_at, submitted_at, updated_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (evaluation_id, task_instance) do nothing
                            returning id),
                        """ + VERSION_HISTORY_OUTBOX;
            }

            @Override
            public int bind(PreparedStatement ps) throws SQLException {
                int i = 1;
                ps.setObject(i++, s.id);
                ps.setString(i++, s.evaluationId);
                ps.setString(i++, s.countyCode);
                ps.setString(i++, s.department);
                ps.setString(i++, s.taskInstance);
                ps.setString(i++, s.status.name());
                ps.setInt(i++, s.currentVersion);
                ps.setBoolean(i++, s.late);
                ps.setObject(i++, at(s.createdAt));
                ps.setObject(i++, at(s.submittedAt));
                ps.setObject(i++, at(s.updatedAt));
                i = bindVersion(ps, i, v);
                return bindHistory(ps, i, h);
            }

            @Override
            public Boolean read(ResultSet rs) throws SQLException {
                return rs.next() && rs.getLong(1) == 1;
            }
        }, List.of(record));
        if (written) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select id from submission where evaluation_id = ? and task_instance = ?")) {
            ps.setString(1, s.evaluationId);
            ps.setString(2, s.taskInstance);
            try (ResultSet rs = ps.executeQuery()) {
                return Optional.of(rs.next() ? rs.getObject(1, UUID.class) : s.id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the submission of " + s.taskInstance, e);
        }
    }

    /** A submission locked for its next version, with its evaluation's kept plan version and the evidence files. */
    public record Revision(Submission submission, int planVersion, Map<String, EvidenceRow> evidence) {
    }

    /**
     * One statement: locks the submission (its row, until the transaction ends) and reads it with the kept plan
     * version of its evaluation and every evidence file of {@code evidenceIds} that exists. The submission returned
     * is not Hibernate's: {@link #insertVersion} writes it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Revision> lockForRevision(UUID id, Collection<UUID> evidenceIds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        select s.id, s.evaluation_id, s.county_code, s.department, s.task_instance, s.status,
                               s.current_version, s.late, s.created_at, s.submitted_at, s.updated_at,
                               s.management_scores_json, s.row_version,
                               (select plan_version from plan_copy p where p.evaluation_id = s.evaluation_id),
                               e.id, e.evaluation_id, e.department, e.content_type
                        from submission s left join evidence e on e.id = any (?)
                        where s.id = ?
                        for update of s
                        """)) {
            ps.setArray(1, c.createArrayOf("uuid", evidenceIds.toArray()));
            ps.setObject(2, id);
            Submission s = null;
            int version = 0;
            Map<String, EvidenceRow> evidence = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (s == null) {
                        s = new Submission();
                        s.id = rs.getObject(1, UUID.class);
                        s.evaluationId = rs.getString(2);
                        s.countyCode = rs.getString(3);
                        s.department = rs.getString(4);
                        s.taskInstance = rs.getString(5);
                        s.status = org.ecoeval.contracts.SubmissionStatus.valueOf(rs.getString(6));
                        s.currentVersion = rs.getInt(7);
                        s.late = rs.getBoolean(8);
                        s.createdAt = instant(rs, 9);
                        s.submittedAt = instant(rs, 10);
                        s.updatedAt = instant(rs, 11);
                        s.managementScoresJson = rs.getString(12);
                        s.rowVersion = rs.getLong(13);
                        version = rs.getInt(14);
                    }
                    String evidenceId = rs.getString(15);
                    if (evidenceId != null) {
                        evidence.put(evidenceId, new EvidenceRow(rs.getString(16), rs.getString(17), rs.getString(18)));
                    }
                }
            }
            return s == null ? Optional.empty() : Optional.of(new Revision(s, version, evidence));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read submission " + id, e);
        }
    }

    /**
     * One statement: moves the submission (locked by {@link #lockForRevision}, or read by the caller without
     * Hibernate tracking it) to its new version and status and inserts that version, its history entry and its
     * outbox record. {@code s} carries the new state and the row version it was read at.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insertVersion(Submission s, SubmissionVersion v, HistoryEntry h, OutboxMessage record) {
        boolean written = outbox.appendWithin(new Outbox.Statement<Boolean>() {
            @Override
            public String sql() {
                return """
                        with s as (
                            update submission set status = ?, current_version = ?, submitted_at = ?, updated_at = ?,
                                                  row_version = row_version + 1
                            where id = ? and row_version = ?
                            returning id),
                        """ + VERSION_HISTORY_OUTBOX;
            }

            @Override
            public int bind(PreparedStatement ps) throws SQLException {
                int i = 1;
                ps.setString(i++, s.status.name());
                ps.setInt(i++, s.currentVersion);
                ps.setObject(i++, at(s.submittedAt));
                ps.setObject(i++, at(s.updatedAt));
                ps.setObject(i++, s.id);
                ps.setLong(i++, s.rowVersion);
                i = bindVersion(ps, i, v);
                return bindHistory(ps, i, h);
            }

            @Override
            public Boolean read(ResultSet rs) throws SQLException {
                return rs.next() && rs.getLong(1) == 1;
            }
        }, List.of(record));
        if (!written) {
            throw new IllegalStateException("submission " + s.id + " changed under its lock (row version "
                    + s.rowVersion + ")");
        }
        s.rowVersion += 1;
    }

    private static int bindVersion(PreparedStatement ps, int first, SubmissionVersion v) throws SQLException {
        int i = first;
        ps.setInt(i++, v.version);
        ps.setString(i++, v.contentJson);
        ps.setString(i++, v.submittedBy);
        ps.setObject(i++, at(v.submittedAt));
        ps.setBoolean(i++, v.late);
        return i;
    }

    private static int bindHistory(PreparedStatement ps, int first, HistoryEntry h) throws SQLException {
        int i = first;
        ps.setInt(i++, h.version);
        ps.setString(i++, h.action.name());
        ps.setString(i++, h.actor);
        ps.setString(i++, h.actorRole);
        ps.setString(i++, h.statusAfter.name());
        ps.setString(i++, h.comment);
        ps.setString(i++, h.managementScoresJson);
        ps.setObject(i++, at(h.at));
        return i;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
