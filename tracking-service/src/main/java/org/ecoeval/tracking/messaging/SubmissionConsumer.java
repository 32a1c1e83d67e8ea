package org.ecoeval.tracking.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.tracking.persistence.PlanStore;
import org.ecoeval.tracking.persistence.TaskStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Applies {@code eco.submissions} to task instances: SUBMITTED (also after head approval), ACCEPTED and
 * RETURNED (which reopens the task) with the submission time and the late flag. AWAITING_APPROVAL does not
 * count as handed in. The event id goes to the processed-event log in the same transaction, so a redelivered
 * event changes nothing; a record that cannot be read fails and goes to {@code eco.submissions.dlq}.
 */
@ApplicationScoped
public class SubmissionConsumer {
    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);

    @Inject
    ObjectMapper mapper;

    @Inject
    TaskStore tasks;

    @Inject
    PlanStore plans;

    @Inject
    Clock clock;

    @ConfigProperty(name = "ecoeval.tracking.consumer.max-attempts", defaultValue = "6")
    int maxAttempts;

    /**
     * A record that cannot be read fails at once (dead-letter topic). Applying a readable one is retried with
     * growing pauses (0.5 s, 1 s, 2 s, …) while the database is unavailable, so that a valid event is not sent
     * to the dead-letter topic for a transient failure; the consumer holds its position meanwhile.
     */
    @Incoming("submissions")
    @Blocking(ordered = true)
    public void consume(String value) throws JsonProcessingException, InterruptedException {
        SubmissionEvent event = parse(value);
        long pause = 500;
        for (int attempt = 1;; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> apply(event));
                return;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warnf("applying event %s failed (attempt %d of %d), retrying: %s", event.eventId(), attempt,
                        maxAttempts, e.getMessage());
                Thread.sleep(pause);
                pause *= 2;
            }
        }
    }

    SubmissionEvent parse(String value) throws JsonProcessingException {
        SubmissionEvent event = mapper.readValue(value, SubmissionEvent.class);
        if (event.eventId() == null || event.evaluationId() == null || event.task() == null || event.type() == null) {
            throw new IllegalArgumentException("a submission event needs eventId, type, evaluationId and task");
        }
        return event;
    }

    /** Applies one event (inside the caller's transaction). Returns false for a duplicate. */
    public boolean apply(SubmissionEvent event) {
        Instant now = clock.instant();
        if (!tasks.markProcessed(event.eventId(), Topics.SUBMISSIONS, now)) {
            LOG.debugf("event %s already processed", event.eventId());
            return false;
        }
        SubmissionStatus status = effectiveStatus(event);
        if (status == null) {
            return true;
        }
        Instant submittedAt = event.submittedAt() != null ? event.submittedAt() : event.time();
        boolean late = event.late() || plans.dueAt(event.evaluationId(), event.task())
                .map(due -> submittedAt != null && submittedAt.isAfter(due)).orElse(false);
        tasks.upsertSubmission(event.evaluationId(), event.task(), event.submissionId(), event.version(), status.name(),
                submittedAt, late, event.eventId(), event.time(), now);
        plans.bumpRevision(event.evaluationId(), now);
        return true;
    }

    /** The status a task takes from the event, or null when the event does not change it. */
    static SubmissionStatus effectiveStatus(SubmissionEvent event) {
        SubmissionStatus status = event.status();
        if (status == null) {
            status = switch (event.type()) {
                case SubmissionSubmitted, SubmissionApproved -> SubmissionStatus.SUBMITTED;
                case SubmissionAccepted -> SubmissionStatus.ACCEPTED;
                case SubmissionReturned -> SubmissionStatus.RETURNED;
            };
        }
        return status == SubmissionStatus.AWAITING_APPROVAL ? null : status;
    }
}
