package org.ecoeval.tracking.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.ecoeval.contracts.AlertRaised;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.PoisonRecordException;
import org.ecoeval.messaging.ProcessedEvents;
import org.ecoeval.tracking.domain.EscalationPolicy;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.persistence.PlanStore;
import org.ecoeval.tracking.persistence.TaskStore;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Applies {@code eco.submissions} to task instances: SUBMITTED (also after head approval), ACCEPTED and
 * RETURNED (which reopens the task) with the submission time and the late flag. AWAITING_APPROVAL does not
 * count as handed in. The event ids go to the processed-event log in the same transaction, so a redelivered
 * event changes nothing; a record that cannot be read goes to {@code eco.submissions.dlq}.
 */
@ApplicationScoped
public class SubmissionConsumer {
    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);

    @Inject
    TaskStore tasks;

    @Inject
    PlanStore plans;

    @Inject
    Clock clock;

    @Inject
    IncomingRecords incoming;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    PlanService planService;

    @Inject
    AlertRaiser raiser;

    @Inject
    ObjectMapper mapper;

    /**
     * A poll's records at a time, all applied in one transaction with the group's stored positions (opened by
     * {@link IncomingRecords}, which also skips records applied already). A record that cannot be read goes to the
     * dead-letter topic; a database outage is waited out (the consumer holds its position meanwhile) and never
     * dead-letters anything; if the batch fails for another reason, each event is applied alone, so only the one
     * that fails by itself is dead-lettered ({@link IncomingRecords}).
     */
    @Incoming("submissions")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) {
        incoming.handleBatch("submissions", records, this::parse, this::applyAll,
                event -> applyAll(List.of(event)).get(0));
    }

    SubmissionEvent parse(String value) {
        SubmissionEvent event = incoming.readJson(value, SubmissionEvent.class);
        if (event.eventId() == null || event.evaluationId() == null || event.task() == null
                || event.type() == null) {
            throw new PoisonRecordException("a submission event needs eventId, type, evaluationId and task");
        }
        return event;
    }

    /** Applies one event (inside the caller's transaction). Returns false for a duplicate. */
    public boolean apply(SubmissionEvent event) {
        return applyAll(List.of(event)).get(0);
    }

    /**
     * Applies events in their order, inside the caller's transaction, in a fixed number of statements whatever their
     * number: the event ids claimed in one, the due times read in one, the task states written in one batch, each
     * evaluation's revision raised once. Returns, per event, false for a duplicate.
     */
    public List<Boolean> applyAll(List<SubmissionEvent> events) {
        Instant now = clock.instant();
        Set<String> unclaimed = new HashSet<>(processedEvents.claimAll(Topics.SUBMISSIONS,
                events.stream().map(SubmissionEvent::eventId).toList()));
        Map<TaskStore.InstanceKey, Instant> due = plans.dueAts(events.stream()
                .map(e -> new TaskStore.InstanceKey(e.evaluationId(), e.task())).collect(Collectors.toSet()));
        List<Boolean> applied = new ArrayList<>(events.size());
        List<TaskStore.SubmissionState> states = new ArrayList<>();
        Set<String> changed = new TreeSet<>();
        Map<TaskStore.InstanceKey, Instant> reopened = new java.util.HashMap<>();
        for (SubmissionEvent event : events) {
            if (!unclaimed.remove(event.eventId())) {
                LOG.debugf("event %s already processed", event.eventId());
                applied.add(false);
                continue;
            }
            applied.add(true);
            SubmissionStatus status = effectiveStatus(event);
            if (status == null) {
                continue;
            }
            Instant submittedAt = event.submittedAt() != null ? event.submittedAt() : event.time();
            Instant dueAt = due.get(new TaskStore.InstanceKey(event.evaluationId(), event.task()));
            boolean late = event.late() || dueAt != null && submittedAt != null && submittedAt.isAfter(dueAt);
            boolean returned = status == SubmissionStatus.RETURNED;
            Optional<PlanService.CurrentPlan> plan = returned ? planService.current(event.evaluationId())
                    : Optional.empty();
            Instant returnedAt = event.time() != null ? event.time() : now;
            Instant correctionDueAt = plan.flatMap(p -> planService.policy(p).correctionDueAt(returnedAt)).orElse(null);
            states.add(new TaskStore.SubmissionState(event.evaluationId(), event.task(), event.submissionId(),
                    event.version(), status.name(), submittedAt, late, event.eventId(), event.time(),
                    materialsJson(event), returned ? event.comment() : null, correctionDueAt, returned));
            changed.add(event.evaluationId());
            if (returned) {
                TaskStore.InstanceKey key = new TaskStore.InstanceKey(event.evaluationId(), event.task());
                reopened.merge(key, returnedAt.isBefore(now) ? returnedAt : now, (a, b) -> a.isBefore(b) ? a : b);
                plan.ifPresent(p -> announceReturn(p, event, dueAt, correctionDueAt, now));
            }
        }
        tasks.upsertSubmissions(states, now);
        tasks.lookAgainFrom(reopened);
        plans.bumpRevisions(changed, now);
        return applied;
    }

    /** A return reaches the unit: RETURNED to the owner and the head, with the comment and the correction deadline. */
    private void announceReturn(PlanService.CurrentPlan plan, SubmissionEvent event, Instant dueAt,
            Instant correctionDueAt, Instant now) {
        Optional<TaskInstance> instance = plan.instances().stream().filter(i -> i.id().equals(event.task()))
                .findFirst();
        if (instance.isEmpty()) {
            return;
        }
        Instant deadline = correctionDueAt != null ? correctionDueAt : dueAt != null ? dueAt : instance.get().dueAt();
        raiser.raise(plan.plan(), new AlertRaiser.Alert(event.evaluationId(), event.task(), instance.get().taskId(),
                event.department() != null ? event.department() : instance.get().department(), instance.get().title(),
                AlertRaised.Level.RETURNED, "RETURNED-" + event.eventId(), deadline,
                List.of(EscalationPolicy.OWNER, EscalationPolicy.HEAD), false, event.comment(), false,
                correctionDueAt != null, materialsJson(event)), now, event.eventId());
    }

    private String materialsJson(SubmissionEvent event) {
        if (event.materials() == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(event.materials());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
