package org.ecoeval.tracking.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.TaskInstance;

/** Evaluations, plan versions and task instances. */
@ApplicationScoped
public class PlanStore {

    public record EvaluationRow(String evaluationId, String countyCode, int year, int currentVersion, long revision,
            String timeZone) {
    }

    public record PlanVersionRow(String evaluationId, int version, String planJson, String webhookSecrets,
            String fingerprint, Instant registeredAt, String registeredBy) {
    }

    @Inject
    Db db;

    @Inject
    WebhookSecrets secrets;

    private static final String EVALUATION_COLUMNS =
            "evaluation_id, county_code, year, current_version, revision, time_zone";

    private static EvaluationRow evaluation(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EvaluationRow(rs.getString("evaluation_id"), rs.getString("county_code"), rs.getInt("year"),
                rs.getInt("current_version"), rs.getLong("revision"), rs.getString("time_zone"));
    }

    public Optional<EvaluationRow> evaluation(String evaluationId) {
        return db.one("select " + EVALUATION_COLUMNS + " from evaluation where evaluation_id = ? and current_version > 0",
                PlanStore::evaluation, evaluationId);
    }

    /** Creates the evaluation row if needed and locks it for the rest of the transaction. */
    public EvaluationRow lockOrCreate(String evaluationId, String countyCode, int year, String timeZone, Instant now) {
        db.update("insert into evaluation (evaluation_id, county_code, year, current_version, revision, time_zone, "
                + "created_at, updated_at) values (?,?,?,0,0,?,?,?) on conflict (evaluation_id) do nothing",
                evaluationId, countyCode, year, timeZone, now, now);
        return db.one("select " + EVALUATION_COLUMNS + " from evaluation where evaluation_id = ? for update",
                PlanStore::evaluation, evaluationId).orElseThrow();
    }

    public void setCurrentVersion(String evaluationId, int version, String timeZone, Instant now) {
        db.update("update evaluation set current_version = ?, time_zone = ?, revision = revision + 1, updated_at = ? "
                + "where evaluation_id = ?", version, timeZone, now, evaluationId);
    }

    /** Something the status depends on has changed. */
    public void bumpRevision(String evaluationId, Instant now) {
        db.update("update evaluation set revision = revision + 1, updated_at = ? where evaluation_id = ?", now,
                evaluationId);
    }

    /** Raises the revision of each evaluation once (status ETags change), in one statement. */
    public void bumpRevisions(Collection<String> evaluationIds, Instant now) {
        if (!evaluationIds.isEmpty()) {
            db.update("update evaluation set revision = revision + 1, updated_at = ? where evaluation_id = any (?)",
                    now, evaluationIds.toArray(String[]::new));
        }
    }

    public long revision(String evaluationId) {
        return db.one("select revision from evaluation where evaluation_id = ?", rs -> rs.getLong(1), evaluationId)
                .orElse(-1L);
    }

    public void insertVersion(PlanVersionRow row) {
        db.update("insert into plan_version (evaluation_id, version, plan_json, webhook_secrets, fingerprint, "
                + "registered_at, registered_by) values (?,?,?,?,?,?,?)", row.evaluationId(), row.version(),
                row.planJson(), secrets.seal(row.webhookSecrets()), row.fingerprint(), row.registeredAt(),
                row.registeredBy());
    }

    public Optional<PlanVersionRow> version(String evaluationId, int version) {
        return db.one("select evaluation_id, version, plan_json, webhook_secrets, fingerprint, registered_at, "
                + "registered_by from plan_version where evaluation_id = ? and version = ?",
                rs -> new PlanVersionRow(rs.getString("evaluation_id"), rs.getInt("version"), rs.getString("plan_json"),
                        secrets.open(rs.getString("webhook_secrets")), rs.getString("fingerprint"),
                        Db.instant(rs, "registered_at"),
                        rs.getString("registered_by")),
                evaluationId, version);
    }

    /** Inserts or updates the instance; the sweep looks at it again from {@code nextStepAt}. */
    public void upsertInstance(String evaluationId, TaskInstance i, int version, Instant nextStepAt) {
        db.update("insert into task_instance (evaluation_id, instance_id, task_id, department, title, due_at, "
                + "plan_version, active, next_step_at) values (?,?,?,?,?,?,?,true,?) "
                + "on conflict (evaluation_id, instance_id) do update set task_id = excluded.task_id, "
                + "department = excluded.department, title = excluded.title, due_at = excluded.due_at, "
                + "plan_version = excluded.plan_version, active = true, next_step_at = excluded.next_step_at",
                evaluationId, i.id(), i.taskId(), i.department(), i.title(), i.dueAt(), version, nextStepAt);
    }

    /** Instances that the new version no longer has stop counting (kept for history). */
    public void deactivateOlderThan(String evaluationId, int version) {
        db.update("update task_instance set active = false, next_step_at = null "
                + "where evaluation_id = ? and plan_version < ?", evaluationId, version);
    }

    public Optional<Instant> dueAt(String evaluationId, String instanceId) {
        return db.one("select due_at from task_instance where evaluation_id = ? and instance_id = ? and active",
                rs -> Db.instant(rs, "due_at"), evaluationId, instanceId);
    }

    /** Due times of the given active instances, in one query; an unknown instance is absent from the map. */
    public Map<TaskStore.InstanceKey, Instant> dueAts(Collection<TaskStore.InstanceKey> instances) {
        if (instances.isEmpty()) {
            return Map.of();
        }
        Map<TaskStore.InstanceKey, Instant> due = new HashMap<>();
        db.list("select t.evaluation_id, t.instance_id, t.due_at from task_instance t join unnest(?, ?) as k(e, i) "
                + "on t.evaluation_id = k.e and t.instance_id = k.i where t.active",
                rs -> due.put(new TaskStore.InstanceKey(rs.getString(1), rs.getString(2)), Db.instant(rs, "due_at")),
                instances.stream().map(TaskStore.InstanceKey::evaluationId).toArray(String[]::new),
                instances.stream().map(TaskStore.InstanceKey::instanceId).toArray(String[]::new));
        return due;
    }

    /** Due times of the evaluation's active instances, ascending. */
    public List<Instant> dueTimes(String evaluationId) {
        return db.list("select distinct due_at from task_instance where evaluation_id = ? and active order by due_at",
                rs -> Db.instant(rs, "due_at"), evaluationId);
    }
}
