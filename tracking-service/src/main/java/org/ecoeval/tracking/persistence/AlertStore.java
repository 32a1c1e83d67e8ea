package org.ecoeval.tracking.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sweep candidates, alerts, deliveries and their attempts. */
@ApplicationScoped
public class AlertStore {

    /** {@code materials}: the latest submission's evidence per material (JSON), {@code correctionDueAt} while returned. */
    public record Candidate(String evaluationId, String instanceId, String taskId, String department, String title,
            Instant dueAt, String materials, Instant correctionDueAt) {
    }

    public record AlertRow(UUID alertId, String evaluationId, String instanceId, String department, String level,
            String step, Instant dueAt, Instant raisedAt, String recipients, Instant acknowledgedAt,
            String acknowledgedBy, String comment, boolean correction) {

        public AlertRow(UUID alertId, String evaluationId, String instanceId, String department, String level,
                String step, Instant dueAt, Instant raisedAt, String recipients, Instant acknowledgedAt,
                String acknowledgedBy) {
            this(alertId, evaluationId, instanceId, department, level, step, dueAt, raisedAt, recipients,
                    acknowledgedAt, acknowledgedBy, null, false);
        }
    }

    public record DeliveryRow(long id, UUID alertId, String channel, String target, String subject, String body,
            String secret, String state, int attempts, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt,
            String lastError) {
    }

    public record AttemptRow(long deliveryId, int attempt, Instant attemptedAt, String outcome, Integer statusCode,
            String error, long durationMs) {
    }

    @Inject
    WebhookSecrets secrets;

    @Inject
    Db db;

    /**
     * Open task instances (no submission, or returned) whose next ladder step has come, locked for this
     * transaction; rows another sweeper holds are skipped.
     */
    public List<Candidate> lockCandidates(Instant now, int limit) {
        return db.list("select t.evaluation_id, t.instance_id, t.task_id, t.department, t.title, t.due_at, "
                + "s.materials, case when s.status = 'RETURNED' then s.correction_due_at end as correction_due_at "
                + "from task_instance t left join task_submission s "
                + "on s.evaluation_id = t.evaluation_id and s.instance_id = t.instance_id "
                + "where t.active and t.next_step_at <= ? and (s.status is null or s.status = 'RETURNED') "
                + "order by t.next_step_at limit ? for update of t skip locked",
                rs -> new Candidate(rs.getString("evaluation_id"), rs.getString("instance_id"), rs.getString("task_id"),
                        rs.getString("department"), rs.getString("title"), Db.instant(rs, "due_at"),
                        rs.getString("materials"), Db.instant(rs, "correction_due_at")),
                now, limit);
    }

    public void setNextStep(String evaluationId, String instanceId, Instant next) {
        db.update("update task_instance set next_step_at = ? where evaluation_id = ? and instance_id = ?", next,
                evaluationId, instanceId);
    }

    /** Inserts the alert unless this step was already raised for this instance and due time. */
    public boolean insertAlert(AlertRow a) {
        return db.update("insert into alert (alert_id, evaluation_id, instance_id, department, level, step, due_at, "
                + "raised_at, recipients, comment, correction) values (?,?,?,?,?,?,?,?,?,?,?) "
                + "on conflict (evaluation_id, instance_id, step, due_at) do nothing",
                a.alertId(), a.evaluationId(), a.instanceId(), a.department(), a.level(), a.step(), a.dueAt(),
                a.raisedAt(), a.recipients(), a.comment(), a.correction()) == 1;
    }

    public void insertDelivery(UUID alertId, String channel, String target, String subject, String body, String secret,
            Instant now) {
        db.update("insert into delivery (alert_id, channel, target, subject, body, secret, state, attempts, "
                + "next_attempt_at, created_at) values (?,?,?,?,?,?,'PENDING',0,?,?)",
                alertId, channel, target, subject, body, secrets.seal(secret), now, now);
    }

    private static AlertRow alert(ResultSet rs) throws SQLException {
        return new AlertRow(rs.getObject("alert_id", UUID.class), rs.getString("evaluation_id"),
                rs.getString("instance_id"), rs.getString("department"), rs.getString("level"), rs.getString("step"),
                Db.instant(rs, "due_at"), Db.instant(rs, "raised_at"), rs.getString("recipients"),
                Db.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), rs.getString("comment"),
                rs.getBoolean("correction"));
    }

    private static DeliveryRow delivery(ResultSet rs) throws SQLException {
        return new DeliveryRow(rs.getLong("id"), rs.getObject("alert_id", UUID.class), rs.getString("channel"),
                rs.getString("target"), rs.getString("subject"), rs.getString("body"), rs.getString("secret"),
                rs.getString("state"), rs.getInt("attempts"), Db.instant(rs, "next_attempt_at"),
                Db.instant(rs, "created_at"), Db.instant(rs, "delivered_at"), rs.getString("last_error"));
    }

    private static final String ALERT_COLUMNS = "alert_id, evaluation_id, instance_id, department, level, step, "
            + "due_at, raised_at, recipients, acknowledged_at, acknowledged_by, comment, correction";
    private static final String DELIVERY_COLUMNS = "id, alert_id, channel, target, subject, body, secret, state, "
            + "attempts, next_attempt_at, created_at, delivered_at, last_error";

    public Optional<AlertRow> alert(UUID alertId) {
        return db.one("select " + ALERT_COLUMNS + " from alert where alert_id = ?", AlertStore::alert, alertId);
    }

    /** Alerts of an evaluation, newest first; {@code acknowledged} null for all. */
    public List<AlertRow> alerts(String evaluationId, Boolean acknowledged, String level, String department) {
        StringBuilder sql = new StringBuilder("select " + ALERT_COLUMNS + " from alert where evaluation_id = ?");
        List<Object> params = new ArrayList<>(List.of(evaluationId));
        if (acknowledged != null) {
            sql.append(acknowledged ? " and acknowledged_at is not null" : " and acknowledged_at is null");
        }
        if (level != null) {
            sql.append(" and level = ?");
            params.add(level);
        }
        if (department != null) {
            sql.append(" and department = ?");
            params.add(department);
        }
        sql.append(" order by raised_at desc, step desc");
        return db.list(sql.toString(), AlertStore::alert, params.toArray());
    }

    public boolean acknowledge(UUID alertId, String by, Instant at) {
        return db.update("update alert set acknowledged_at = ?, acknowledged_by = ? where alert_id = ? "
                + "and acknowledged_at is null", at, by, alertId) == 1;
    }

    /** Deliveries of the given alerts, by alert, in creation order. */
    public Map<UUID, List<DeliveryRow>> deliveries(List<UUID> alertIds) {
        Map<UUID, List<DeliveryRow>> out = new LinkedHashMap<>();
        if (alertIds.isEmpty()) {
            return out;
        }
        db.list("select " + DELIVERY_COLUMNS + " from delivery where alert_id = any (?::uuid[]) order by id",
                AlertStore::delivery, (Object) alertIds.stream().map(UUID::toString).toArray(String[]::new))
                .forEach(d -> out.computeIfAbsent(d.alertId(), k -> new ArrayList<>()).add(d));
        return out;
    }

    public Map<Long, List<AttemptRow>> attempts(List<Long> deliveryIds) {
        Map<Long, List<AttemptRow>> out = new LinkedHashMap<>();
        if (deliveryIds.isEmpty()) {
            return out;
        }
        db.list("select delivery_id, attempt, attempted_at, outcome, status_code, error, duration_ms "
                + "from delivery_attempt where delivery_id = any (?) order by id",
                rs -> new AttemptRow(rs.getLong("delivery_id"), rs.getInt("attempt"), Db.instant(rs, "attempted_at"),
                        rs.getString("outcome"), Db.integer(rs, "status_code"), rs.getString("error"),
                        rs.getLong("duration_ms")),
                (Object) deliveryIds.toArray(new Long[0]))
                .forEach(a -> out.computeIfAbsent(a.deliveryId(), k -> new ArrayList<>()).add(a));
        return out;
    }

    /**
     * Claims pending deliveries that are due: pushes their next attempt out by {@code lease} so that no other
     * worker takes them meanwhile (if this one dies, they come back after the lease).
     */
    public List<DeliveryRow> claimDue(Instant now, Instant leaseUntil, int limit) {
        return db.list("update delivery set next_attempt_at = ? where id in (select id from delivery "
                + "where state = 'PENDING' and next_attempt_at <= ? order by next_attempt_at limit ? "
                + "for update skip locked) returning " + DELIVERY_COLUMNS,
                AlertStore::delivery, leaseUntil, now, limit);
    }

    public void recordAttempt(long deliveryId, int attempt, Instant at, String outcome, Integer statusCode,
            String error, long durationMs) {
        db.update("insert into delivery_attempt (delivery_id, attempt, attempted_at, outcome, status_code, error, "
                + "duration_ms) values (?,?,?,?,?,?,?)", deliveryId, attempt, at, outcome, statusCode, error,
                durationMs);
    }

    public void delivered(long deliveryId, int attempts, Instant at) {
        db.update("update delivery set state = 'DELIVERED', attempts = ?, delivered_at = ?, last_error = null "
                + "where id = ?", attempts, at, deliveryId);
    }

    public void retryLater(long deliveryId, int attempts, Instant next, String error) {
        db.update("update delivery set attempts = ?, next_attempt_at = ?, last_error = ? where id = ?", attempts, next,
                error, deliveryId);
    }

    public void gaveUp(long deliveryId, int attempts, String error) {
        db.update("update delivery set state = 'FAILED', attempts = ?, last_error = ? where id = ?", attempts, error,
                deliveryId);
    }
}
