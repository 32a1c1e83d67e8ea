package org.ecoeval.tracking.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.tracking.domain.EscalationLadder;
import org.ecoeval.tracking.domain.EscalationPolicy;
import org.ecoeval.tracking.domain.EscalationPolicy.Step;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.persistence.AlertStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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

    @Inject
    AlertStore alerts;

    @Inject
    AlertRaiser raiser;

    @Inject
    PlanService plans;

    @Inject
    Clock clock;

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
            EscalationPolicy policy = plans.policy(plan.get());
            EscalationLadder.Decision decision = EscalationLadder.evaluate(policy, c.dueAt(), now);
            Instant next = decision.nextStepAt().orElse(null);
            List<Step> due = new ArrayList<>(decision.dueNow());
            if (c.correctionDueAt() != null) {
                EscalationLadder.Decision correction = EscalationLadder.evaluateCorrection(policy, c.correctionDueAt(),
                        now);
                due.addAll(correction.dueNow());
                next = earlier(next, correction.nextStepAt().orElse(null));
            }
            for (Step step : due) {
                Instant deadline = step.correction() ? c.correctionDueAt() : c.dueAt();
                if (raiser.raise(plan.get().plan(), new AlertRaiser.Alert(c.evaluationId(), c.instanceId(), c.taskId(),
                        c.department(), c.title(), step.level(), step.key(), deadline, step.recipients(),
                        policy.everyWebhookHearsEveryStep(), null, step.correction(), step.correction(), c.materials()),
                        now)) {
                    raised++;
                }
            }
            alerts.setNextStep(c.evaluationId(), c.instanceId(), next);
        }
        return new int[] { candidates.size(), raised };
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
