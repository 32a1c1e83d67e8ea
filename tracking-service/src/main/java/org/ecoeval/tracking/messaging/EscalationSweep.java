package org.ecoeval.tracking.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.AlertRaised;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.tracking.domain.AlertMessages;
import org.ecoeval.tracking.domain.EscalationLadder;
import org.ecoeval.tracking.domain.EscalationPolicy.Step;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.persistence.AlertStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The durable reminder and escalation sweep. All its state is in the database: each task instance carries
 * the time of its next ladder step, and an alert row is unique per instance, step and due time. A sweep
 * locks the instances whose step has come ({@code FOR UPDATE SKIP LOCKED}, so two instances of the service
 * share the work), raises every step that has fallen due and is not yet raised ({@code ON CONFLICT DO
 * NOTHING}), and in the same transaction writes {@code AlertRaised} to the outbox and the deliveries. A
 * restart therefore neither repeats nor skips a step; a task handed in is no longer a candidate.
 */
@ApplicationScoped
public class EscalationSweep {
    private static final Logger LOG = Logger.getLogger(EscalationSweep.class);
    public static final String IDENTITY = "escalation-sweep";

    /** Body of a webhook delivery: the AlertRaised fields and what a person needs to read it. */
    public record WebhookAlert(String alertId, String evaluationId, String taskId, String department,
            String departmentName, String title, Level level, Instant dueAt, Instant raisedAt, long daysOverdue,
            List<String> recipients) {
    }

    @Inject
    AlertStore alerts;

    @Inject
    Outbox outbox;

    @Inject
    PlanService plans;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @ConfigProperty(name = "ecoeval.tracking.sweep-batch-size", defaultValue = "200")
    int batchSize;

    @Scheduled(identity = IDENTITY, every = "${ecoeval.tracking.sweep-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf(e, "escalation sweep failed; the next one retries");
        }
    }

    /** Sweeps until no candidate is left; returns the number of alerts raised. */
    public int sweep(Instant now) {
        int raised = 0;
        while (true) {
            int[] batch = QuarkusTransaction.requiringNew().call(() -> sweepBatch(now));
            raised += batch[1];
            if (batch[0] < batchSize) {
                return raised;
            }
        }
    }

    private int[] sweepBatch(Instant now) {
        List<AlertStore.Candidate> candidates = alerts.lockCandidates(now, batchSize);
        int raised = 0;
        for (AlertStore.Candidate c : candidates) {
            Optional<PlanService.CurrentPlan> plan = plans.current(c.evaluationId());
            if (plan.isEmpty()) {
                alerts.setNextStep(c.evaluationId(), c.instanceId(), null);
                continue;
            }
            EscalationLadder.Decision decision = EscalationLadder.evaluate(plan.get().policy(), c.dueAt(), now);
            for (Step step : decision.dueNow()) {
                if (raise(plan.get(), c, step, now)) {
                    raised++;
                }
            }
            alerts.setNextStep(c.evaluationId(), c.instanceId(), decision.nextStepAt().orElse(null));
        }
        return new int[] { candidates.size(), raised };
    }

    private boolean raise(PlanService.CurrentPlan current, AlertStore.Candidate c, Step step, Instant now) {
        Plan plan = current.plan();
        Plan.Department unit = plan.departments().stream().filter(d -> d.code().equals(c.department())).findFirst()
                .orElse(new Plan.Department(c.department(), c.department(), null));
        List<String> emails = new ArrayList<>();
        if (step.level() == Level.ESCALATED) {
            supervisors(plan).stream().map(Plan.Supervisor::email).filter(AlertStoreText::present).forEach(emails::add);
        } else if (AlertStoreText.present(unit.headEmail())) {
            emails.add(unit.headEmail());
        }
        List<Plan.Supervisor> hooks = supervisors(plan).stream().filter(s -> AlertStoreText.present(s.webhookUrl()))
                .toList();
        // e-mail addresses, and each webhook by its supervisor's name (a webhook URL may carry credentials)
        Set<String> recipients = new LinkedHashSet<>(emails);
        hooks.forEach(h -> recipients.add("webhook:" + h.name()));

        UUID alertId = UUID.randomUUID();
        AlertStore.AlertRow row = new AlertStore.AlertRow(alertId, c.evaluationId(), c.instanceId(), c.department(),
                step.level().name(), step.key(), c.dueAt(), now, json(List.copyOf(recipients)), null, null);
        if (!alerts.insertAlert(row)) {
            return false;
        }
        AlertRaised event = new AlertRaised(alertId.toString(), c.evaluationId(), c.instanceId(), c.department(),
                step.level(), c.dueAt(), List.copyOf(recipients), now);
        outbox.append(new OutboxMessage(Topics.ALERTS, c.evaluationId(), alertId.toString(), AlertRaised.TYPE,
                json(event)));

        ZoneId zone = ZoneId.of(plan.timeZone());
        AlertMessages.Email email = AlertMessages.email(new AlertMessages.Facts(step.level(), c.evaluationId(),
                plan.county().name(), plan.year(), unit.code(), unit.name(), c.instanceId(), c.title(), c.dueAt(), zone,
                now));
        for (String to : new LinkedHashSet<>(emails)) {
            alerts.insertDelivery(alertId, "EMAIL", to, email.subject(), email.body(), null, now);
        }
        String webhookBody = json(new WebhookAlert(alertId.toString(), c.evaluationId(), c.instanceId(), c.department(),
                unit.name(), c.title(), step.level(), c.dueAt(), now, AlertMessages.daysOverdue(c.dueAt(), now),
                List.copyOf(recipients)));
        for (Plan.Supervisor hook : hooks) {
            alerts.insertDelivery(alertId, "WEBHOOK", hook.webhookUrl(), null, webhookBody, hook.webhookSecret(), now);
        }
        metrics.counter("ecoeval.tracking.alerts.raised", "level", step.level().name()).increment();
        LOG.infof("alert %s %s for %s %s (due %s)", alertId, step.key(), c.evaluationId(), c.instanceId(), c.dueAt());
        return true;
    }

    private static List<Plan.Supervisor> supervisors(Plan plan) {
        return plan.supervisors() == null ? List.of() : plan.supervisors();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class AlertStoreText {
        static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }
}
