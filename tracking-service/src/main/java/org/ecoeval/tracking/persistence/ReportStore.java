package org.ecoeval.tracking.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Versions of the self-check report and their steps (tables report_version, report_step). */
@ApplicationScoped
public class ReportStore {

    public record VersionRow(String evaluationId, int version, String state, Instant asOf, Instant createdAt,
            String createdBy, String signedBy, Instant signedAt, LocalDate sentOn, String sentReference,
            String packageFile, String packageSha256, Long packageSize) {
    }

    public record StepRow(String action, String stateAfter, String actor, String role, Instant at, String comment) {
    }

    private static final String COLUMNS = "evaluation_id, version, state, as_of, created_at, created_by, signed_by, "
            + "signed_at, sent_on, sent_reference, package_file, package_sha256, package_size";

    @Inject
    Db db;

    /** Locks the evaluation's row, so that two generations at once get consecutive versions. */
    public boolean lockEvaluation(String evaluationId) {
        return db.one("select evaluation_id from evaluation where evaluation_id = ? for update", rs -> rs.getString(1),
                evaluationId).isPresent();
    }

    public int nextVersion(String evaluationId) {
        return db.one("select coalesce(max(version), 0) + 1 from report_version where evaluation_id = ?",
                rs -> rs.getInt(1), evaluationId).orElse(1);
    }

    public void insert(String evaluationId, int version, String state, Instant asOf, Instant createdAt,
            String createdBy, String snapshot) {
        db.update("insert into report_version (evaluation_id, version, state, as_of, created_at, created_by, snapshot) "
                + "values (?, ?, ?, ?, ?, ?, ?)", evaluationId, version, state, asOf, createdAt, createdBy, snapshot);
    }

    public List<VersionRow> versions(String evaluationId) {
        return db.list("select " + COLUMNS + " from report_version where evaluation_id = ? order by version desc",
                ReportStore::row, evaluationId);
    }

    public Optional<VersionRow> version(String evaluationId, int version) {
        return db.one("select " + COLUMNS + " from report_version where evaluation_id = ? and version = ?",
                ReportStore::row, evaluationId, version);
    }

    public Optional<String> snapshot(String evaluationId, int version) {
        return db.one("select snapshot from report_version where evaluation_id = ? and version = ?",
                rs -> rs.getString(1), evaluationId, version);
    }

    /** Moves a version from {@code from} to {@code to}; false when it was no longer in {@code from}. */
    public boolean transition(String evaluationId, int version, String from, String to) {
        return db.update("update report_version set state = ? where evaluation_id = ? and version = ? and state = ?",
                to, evaluationId, version, from) == 1;
    }

    public boolean sign(String evaluationId, int version, String by, Instant at, String packageFile, String sha256,
            long size) {
        return db.update("update report_version set state = 'SIGNED', signed_by = ?, signed_at = ?, package_file = ?, "
                + "package_sha256 = ?, package_size = ? where evaluation_id = ? and version = ? "
                + "and state = 'AWAITING_SIGN_OFF'", by, at, packageFile, sha256, size, evaluationId, version) == 1;
    }

    public boolean sent(String evaluationId, int version, LocalDate sentOn, String reference) {
        return db.update("update report_version set state = 'SENT', sent_on = ?, sent_reference = ? "
                + "where evaluation_id = ? and version = ? and state = 'SIGNED'", sentOn, reference, evaluationId,
                version) == 1;
    }

    public void step(String evaluationId, int version, String action, String stateAfter, String actor, String role,
            Instant at, String comment) {
        db.update("insert into report_step (evaluation_id, version, action, state_after, actor, role, at, comment) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?)", evaluationId, version, action, stateAfter, actor, role, at,
                comment);
    }

    public List<StepRow> steps(String evaluationId, int version) {
        return db.list("select action, state_after, actor, role, at, comment from report_step "
                + "where evaluation_id = ? and version = ? order by id",
                rs -> new StepRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Db.instant(rs, "at"), rs.getString(6)), evaluationId, version);
    }

    private static VersionRow row(ResultSet rs) throws SQLException {
        java.sql.Date sentOn = rs.getDate("sent_on");
        long size = rs.getLong("package_size");
        boolean noPackage = rs.wasNull();
        return new VersionRow(rs.getString("evaluation_id"), rs.getInt("version"), rs.getString("state"),
                Db.instant(rs, "as_of"), Db.instant(rs, "created_at"), rs.getString("created_by"),
                rs.getString("signed_by"), Db.instant(rs, "signed_at"), sentOn == null ? null : sentOn.toLocalDate(),
                rs.getString("sent_reference"), rs.getString("package_file"), rs.getString("package_sha256"),
                noPackage ? null : size);
    }
}
