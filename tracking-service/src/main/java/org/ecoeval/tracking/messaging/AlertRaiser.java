package org.ecoeval.tracking.messaging;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.AlertRaised;
import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.tracking.domain.AlertMessages;
import org.ecoeval.tracking.domain.AlertRecipients;
import org.ecoeval.tracking.domain.MaterialsJson;
import org.ecoeval.tracking.domain.TaskMaterials;
import org.ecoeval.tracking.persistence.AlertStore;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Raises one alert inside the caller's transaction: the alert row (unique per instance, step and due time, so a
 * second raise of the same step changes nothing), {@code AlertRaised} to the outbox, and a delivery per e-mail
 * address and webhook of its recipients. Used by the escalation sweep and, for returns, by the submission
 * consumer.
 */
@ApplicationScoped
public class AlertRaiser {
    private static final Logger LOG = Logger.getLogger(AlertRaiser.class);

    /** Body of a webhook delivery: the AlertRaised fields and what a person needs to read it. */
    public record WebhookAlert(String alertId, String evaluationId, String taskId, String department,
            String departmentName, String title, Level level, Instant dueAt, Instant raisedAt, long daysOverdue,
            List<String> recipients,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            List<String> missingMaterials,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            String comment,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
            boolean correction) {
    }

    /**
     * What is alerted: the instance, the step's key and level, its deadline and recipients; {@code correction} for a
     * step of the correction ladder, whose deadline is the correction deadline (as is a RETURNED alert's when the
     * plan sets {@code correctionWithin}: {@code dueIsCorrection}).
     */
    public record Alert(String evaluationId, String instanceId, String taskId, String department, String title,
            Level level, String stepKey, Instant dueAt, List<String> recipients, boolean everyWebhook, String comment,
            boolean correction, boolean dueIsCorrection, String materialsJson) {
    }

    @Inject
    AlertStore alerts;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    MaterialsJson materials;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    /** Returns false when this step was raised already. */
    public boolean raise(Plan plan, Alert a, Instant now) {
        return raise(plan, a, now, null);
    }

    /**
     * As {@link #raise(Plan, Alert, Instant)}, for an alert caused by the consumed event {@code causeEventId}: its
     * AlertRaised continues that event's trace.
     */
    public boolean raise(Plan plan, Alert a, Instant now, String causeEventId) {
        Plan.Department unit = plan.departments().stream().filter(d -> d.code().equals(a.department())).findFirst()
                .orElse(new Plan.Department(a.department(), a.department(), null));
        Plan.Task task = plan.tasks().stream().filter(t -> t.id().equals(a.taskId())).findFirst().orElse(null);
        AlertRecipients.Resolved to = AlertRecipients.resolve(plan, unit, task, a.recipients(), a.everyWebhook());
        List<String> recipients = to.names();

        UUID alertId = UUID.randomUUID();
        AlertStore.AlertRow row = new AlertStore.AlertRow(alertId, a.evaluationId(), a.instanceId(), a.department(),
                a.level().name(), a.stepKey(), a.dueAt(), now, json(recipients), null, null, a.comment(),
                a.correction());
        if (!alerts.insertAlert(row)) {
            return false;
        }
        AlertRaised event = new AlertRaised(alertId.toString(), a.evaluationId(), a.instanceId(), a.department(),
                a.level(), a.dueAt(), recipients, now, a.comment(), a.correction() ? Boolean.TRUE : null);
        outbox.append(new OutboxMessage(Topics.ALERTS, a.evaluationId(), alertId.toString(), AlertRaised.TYPE,
                json(event)).causedBy(causeEventId));

        List<String> missing = TaskMaterials.missingRequired(task, materials.read(a.materialsJson()));
        ZoneId zone = ZoneId.of(plan.timeZone());
        AlertMessages.Email email = AlertMessages.email(new AlertMessages.Facts(a.level(), a.evaluationId(),
                plan.county().name(), plan.year(), unit.code(), unit.name(), a.instanceId(), a.title(), a.dueAt(), zone,
                now, task == null || task.owner() == null ? null : task.owner().name(), missing, a.comment(),
                a.correction() || a.dueIsCorrection()));
        for (String address : to.emails()) {
            alerts.insertDelivery(alertId, "EMAIL", address, email.subject(), email.body(), null, now);
        }
        String webhookBody = json(new WebhookAlert(alertId.toString(), a.evaluationId(), a.instanceId(),
                a.department(), unit.name(), a.title(), a.level(), a.dueAt(), now,
                a.dueAt() == null ? 0 : AlertMessages.daysOverdue(a.dueAt(), now), recipients, missing, a.comment(),
                a.correction()));
        for (Plan.Supervisor hook : to.webhooks()) {
            alerts.insertDelivery(alertId, "WEBHOOK", hook.webhookUrl(), null, webhookBody, hook.webhookSecret(), now);
        }
        metrics.counter("ecoeval.tracking.alerts.raised", "level", a.level().name()).increment();
        LOG.infof("alert %s %s for %s %s (due %s) to %s", alertId, a.stepKey(), a.evaluationId(), a.instanceId(),
                a.dueAt(), recipients);
        return true;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
