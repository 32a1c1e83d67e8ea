package org.ecoeval.tracking.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.PoisonRecordException;
import org.ecoeval.tracking.persistence.PlanStore;
import org.ecoeval.tracking.persistence.TaskStore;
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
 * event changes nothing; a record that cannot be read goes to {@code eco.submissions.dlq}.
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

    @Inject
    IncomingRecords incoming;

    /**
     * A record that cannot be read goes to the dead-letter topic; applying a readable one waits out a database
     * outage (the consumer holds its position meanwhile) and is never dead-lettered for it.
     */
    @Incoming("submissions")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        incoming.handle("submissions", record, this::parse,
                event -> QuarkusTransaction.requiringNew().run(() -> apply(event)));
    }

    SubmissionEvent parse(String value) throws JsonProcessingException {
        SubmissionEvent event = mapper.readValue(value, SubmissionEvent.class);
        if (event == null || event.eventId() == null || event.evaluationId() == null || event.task() == null
                || event.type() == null) {
            throw new PoisonRecordException("a submission event needs eventId, type, evaluationId and task");
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
