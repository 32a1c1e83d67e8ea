package org.ecoeval.tracking.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.tracking.domain.InstanceSnapshot;

/** Task instances joined with their latest effective submission, and the submission state itself. */
@ApplicationScoped
public class TaskStore {

    @Inject
    Db db;

    private static final String SNAPSHOT = "select t.instance_id, t.task_id, t.department, t.title, t.due_at, "
            + "s.status, s.submitted_at, coalesce(s.late, false) as late, s.submission_id, s.materials, s.comment, "
            + "s.correction_due_at, coalesce(s.returns, 0) as returns from task_instance t "
            + "left join task_submission s on s.evaluation_id = t.evaluation_id and s.instance_id = t.instance_id "
            + "where t.evaluation_id = ? and t.active ";

    private static InstanceSnapshot snapshot(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new InstanceSnapshot(rs.getString("instance_id"), rs.getString("task_id"), rs.getString("department"),
                rs.getString("title"), Db.instant(rs, "due_at"), rs.getString("status"),
                Db.instant(rs, "submitted_at"), rs.getBoolean("late"), rs.getString("submission_id"),
                rs.getString("materials"), rs.getString("comment"), Db.instant(rs, "correction_due_at"),
                rs.getInt("returns"));
    }

    /** Every active instance of the evaluation, by due time and id; {@code department} null for all units. */
    public List<InstanceSnapshot> snapshots(String evaluationId, String department) {
        if (department == null) {
            return db.list(SNAPSHOT + "order by t.due_at, t.instance_id", TaskStore::snapshot, evaluationId);
        }
        return db.list(SNAPSHOT + "and t.department = ? order by t.due_at, t.instance_id", TaskStore::snapshot,
                evaluationId, department);
    }

    /**
     * Returned instances are looked at by the sweep from the moment of their return (or now, if earlier): their
     * correction ladder starts there.
     */
    public void lookAgainFrom(Map<InstanceKey, Instant> instances) {
        if (instances.isEmpty()) {
            return;
        }
        List<InstanceKey> keys = List.copyOf(instances.keySet());
        db.update("update task_instance t set next_step_at = least(coalesce(t.next_step_at, k.at::timestamptz), k.at::timestamptz) "
                + "from unnest(?, ?, ?) as k(e, i, at) where t.evaluation_id = k.e and t.instance_id = k.i and t.active",
                keys.stream().map(InstanceKey::evaluationId).toArray(String[]::new),
                keys.stream().map(InstanceKey::instanceId).toArray(String[]::new),
                keys.stream().map(k -> instances.get(k).toString()).toArray(String[]::new));
    }

    /** A task instance of an evaluation. */
    public record InstanceKey(String evaluationId, String instanceId) {
    }

    /**
     * What an event says of a task instance's submission: beyond the status, the evidence per material (JSON), a
     * return's comment and correction deadline ({@code returned} when the event is a return).
     */
    public record SubmissionState(String evaluationId, String instanceId, String submissionId, int version,
            String status, Instant submittedAt, boolean late, String eventId, Instant eventTime, String materials,
            String comment, Instant correctionDueAt, boolean returned) {
    }

    /**
     * The instances' latest submission states, in the given order, in one round trip; an older event (by event time)
     * never overwrites a newer one.
     */
    public void upsertSubmissions(List<SubmissionState> states, Instant now) {
        db.batch("insert into task_submission (evaluation_id, instance_id, submission_id, submission_version, status, "
                + "submitted_at, late, event_id, event_time, updated_at, materials, comment, returned_at, "
                + "correction_due_at, returns) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "on conflict (evaluation_id, instance_id) do update set submission_id = excluded.submission_id, "
                + "submission_version = excluded.submission_version, status = excluded.status, "
                + "submitted_at = excluded.submitted_at, late = excluded.late, event_id = excluded.event_id, "
                + "event_time = excluded.event_time, updated_at = excluded.updated_at, "
                + "materials = excluded.materials, comment = excluded.comment, returned_at = excluded.returned_at, "
                + "correction_due_at = excluded.correction_due_at, returns = task_submission.returns + excluded.returns "
                + "where task_submission.event_time is null or excluded.event_time is null "
                + "or task_submission.event_time <= excluded.event_time",
                states.stream().map(t -> new Object[] {t.evaluationId(), t.instanceId(), t.submissionId(), t.version(),
                        t.status(), t.submittedAt(), t.late(), t.eventId(), t.eventTime(), now, t.materials(),
                        t.comment(), t.returned() ? t.eventTime() : null, t.correctionDueAt(), t.returned() ? 1 : 0})
                        .toList());
    }
}
