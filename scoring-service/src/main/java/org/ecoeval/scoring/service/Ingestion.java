package org.ecoeval.scoring.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.Methodologies;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.PlanVersions;
import org.ecoeval.messaging.ProcessedEvents;
import org.ecoeval.scoring.persistence.EvaluationStore;
import org.ecoeval.scoring.persistence.HistoryStore;
import org.ecoeval.scoring.persistence.PlanStore;
import org.ecoeval.scoring.persistence.Sql;
import org.ecoeval.scoring.persistence.StoredPlan;
import org.ecoeval.scoring.persistence.StoredSubmission;
import org.ecoeval.scoring.persistence.SubmissionHead;
import org.ecoeval.scoring.persistence.SubmissionStore;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/**
 * Applies events of {@code eco.plans} and {@code eco.submissions}: in the event's transaction, the processed-event
 * record, the stored inputs and the score state of both readings (submission events come a batch per transaction). The evaluation's row lock serialises the two
 * consumers and the recompute endpoint for one evaluation.
 *
 * <p>Submission events for an evaluation whose plan has not arrived are stored and counted like any other: the
 * inputs do not need the plan. The score itself needs the plan (methodology, comparison year) and is built from the
 * stored inputs when the plan arrives, and rebuilt when a new plan version changes the methodology or the years.
 */
@ApplicationScoped
public class Ingestion {
    private static final Logger LOG = Logger.getLogger(Ingestion.class);

    /** What became of an event. */
    public enum Outcome {
        /** It changed the stored inputs (and the score where it moved). */
        APPLIED,
        /** Older than what is stored (an older version, or an earlier state of the same version): ignored. */
        STALE,
        /** Processed before: nothing done. */
        DUPLICATE
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EvaluationStore evaluations;
    @Inject
    ProcessedEvents processed;
    @Inject
    PlanStore plans;
    @Inject
    SubmissionStore submissions;
    @Inject
    ObjectMapper mapper;
    @Inject
    ScoreKeeper scores;
    @Inject
    PlanVersions planVersions;
    @Inject
    BatchSteps steps;

    /**
     * A plan event, in the caller's transaction (the consumer's, whose timeout is
     * {@code ecoeval.scoring.rebuild-transaction-timeout}): the messaging module's {@link PlanVersions} claims it and
     * decides whether it is newer than the kept version; a newer one is stored here and, when it scores differently
     * (methodology, years), the evaluation's score is rebuilt under it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome applyPlan(PlanPublished event) {
        return switch (planVersions.apply(event, this::keepPlan)) {
            case KEPT -> Outcome.APPLIED;
            case OLDER_IGNORED -> Outcome.STALE;
            case DUPLICATE -> Outcome.DUPLICATE;
        };
    }

    /**
     * A poll of plan events in the caller's transaction (the consumer's, with the rebuild's timeout): one commit for
     * the poll instead of one per plan, so that a replay's plans keep up with its submissions. They are applied in
     * the order of their evaluation ids, as a submission batch locks its evaluations, so that the two never wait on
     * each other in a cycle; the versions of one evaluation keep their order. Returns the outcomes in the events'
     * order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> applyPlans(List<PlanPublished> events) {
        List<Integer> order = IntStream.range(0, events.size()).boxed()
                .sorted(Comparator.comparing(i -> events.get(i).evaluationId())).toList(); // stable
        Outcome[] outcomes = new Outcome[events.size()];
        for (int i : order) {
            outcomes[i] = applyPlan(events.get(i));
        }
        return List.of(outcomes);
    }

    private void keepPlan(PlanPublished event, String eventKey) {
        try (Connection c = dataSource.getConnection()) {
            String evaluationId = event.evaluationId();
            evaluations.lock(c, evaluationId);
            Optional<StoredPlan> current = plans.find(c, evaluationId);
            int year = event.plan().year();
            int comparisonYear = event.plan().comparisonYear() != null ? event.plan().comparisonYear() : year - 1;
            String methodology = event.plan().methodology() != null ? event.plan().methodology()
                    : Methodologies.DEFAULT_VERSION;
            StoredPlan plan = new StoredPlan(evaluationId, event.planVersion(), methodology, year, comparisonYear,
                    eventKey, Sql.micros(event.publishedAt()));
            plans.save(c, plan, mapper.writeValueAsBytes(event.plan()));
            if (plan.scoresDifferentlyFrom(current.orElse(null))) {
                scores.rebuild(c, plan, new ScoreKeeper.CauseOf(HistoryStore.Cause.PLAN, null, eventKey,
                        PlanPublished.TYPE));
            }
            LOG.debugf("plan %s v%d applied", evaluationId, event.planVersion());
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot apply plan event " + eventKey, e);
        }
    }

    /** One event in its own transaction (the consumer's fallback when a batch fails: see IncomingRecords). */
    @Transactional
    public Outcome applySubmission(SubmissionEvent event) {
        return fold(List.of(event), HistoryStore.Cause.SUBMISSION).get(0);
    }

    /** A poll's events in their order, in ONE transaction. */
    @Transactional
    public List<Outcome> applySubmissions(List<SubmissionEvent> events) {
        return fold(events, HistoryStore.Cause.SUBMISSION);
    }

    /**
     * Applies, in the caller's transaction (which holds the evaluation's lock), each published state that scoring
     * lacks: missing, or older than published. The states come from submission-service, not from the topic: they are
     * not claimed in the processed-event log nor counted in the basis (the events that carried them never arrived), and
     * what they change is recorded with the cause RECOMPUTE. Returns the states applied.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<SubmissionEvent> reconcile(List<SubmissionEvent> published) {
        List<Outcome> outcomes = fold(published, HistoryStore.Cause.RECOMPUTE);
        List<SubmissionEvent> applied = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            if (outcomes.get(i) == Outcome.APPLIED) {
                applied.add(published.get(i));
            }
        }
        return applied;
    }

    /**
     * The batch path: a fixed number of statements whatever the batch's size. Locks the evaluations (in id order, so
     * two batches never wait on each other), claims the event ids, reads where the submissions stand and the plans,
     * folds the events in order through the engine in memory (ScoreKeeper), then writes the submissions' new states,
     * the scores, their history and ScoreChanged, the basis and the outcomes in bulk.
     */
    private List<Outcome> fold(List<SubmissionEvent> events, HistoryStore.Cause cause) {
        if (events.isEmpty()) {
            return List.of();
        }
        boolean fromTopic = cause == HistoryStore.Cause.SUBMISSION;
        BatchSteps.Laps laps = steps.start();
        try (Connection c = dataSource.getConnection()) {
            Set<String> evaluationIds = new TreeSet<>(events.stream().map(SubmissionEvent::evaluationId).toList());
            Map<String, Long> versions = evaluations.lockAll(c, evaluationIds);
            laps.lap(BatchSteps.Step.LOCK);
            Set<String> claimed = fromTopic
                    ? processed.claimAll(Topics.SUBMISSIONS, events.stream().map(SubmissionEvent::eventId).toList(),
                            Outcome.APPLIED.name())
                    : new HashSet<>(events.stream().map(SubmissionEvent::eventId).toList());
            laps.lap(BatchSteps.Step.CLAIM);
            Map<String, SubmissionHead> heads = submissions.heads(c, events.stream()
                    .filter(e -> claimed.contains(e.eventId())).map(SubmissionEvent::submissionId).distinct().toList());
            Set<String> stored = new HashSet<>(heads.keySet()); // heads changes as the fold goes
            Map<String, StoredPlan> plans = claimed.isEmpty() ? Map.of() : this.plans.findAll(c, evaluationIds);
            ScoreKeeper.Batch batch = scores.batch(c, versions);
            laps.lap(BatchSteps.Step.READ);

            List<Outcome> outcomes = new ArrayList<>(events.size());
            Map<String, StoredSubmission> next = new LinkedHashMap<>();
            Map<String, EvaluationStore.Taken> taken = new LinkedHashMap<>();
            Map<String, String> log = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            Set<String> applied = new TreeSet<>();
            for (SubmissionEvent event : events) {
                if (!claimed.contains(event.eventId()) || !seen.add(event.eventId())) {
                    outcomes.add(Outcome.DUPLICATE);
                    continue;
                }
                String evaluationId = event.evaluationId();
                EvaluationStore.Taken one = fromTopic ? new EvaluationStore.Taken(1, event.eventId(), event.time(), false)
                        : new EvaluationStore.Taken(0, null, null, false);
                taken.merge(evaluationId, one, (a, b) -> new EvaluationStore.Taken(a.events() + b.events(),
                        b.lastEventId() != null ? b.lastEventId() : a.lastEventId(),
                        b.asOf() != null ? b.asOf() : a.asOf(), false));
                SubmissionHead head = heads.get(event.submissionId());
                if (head != null && (!head.evaluationId().equals(evaluationId)
                        || !head.isSupersededBy(event.version(), event.time(), event.status()))) {
                    outcomes.add(Outcome.STALE);
                    log.put(event.eventId(), Outcome.STALE.name());
                    continue;
                }
                StoredSubmission state = stored(event);
                heads.put(state.submissionId(), state.head());
                next.put(state.submissionId(), state);
                StoredPlan plan = plans.get(evaluationId);
                if (plan != null) {
                    batch.apply(plan, state, new ScoreKeeper.CauseOf(cause, state.submissionId(), event.eventId(),
                            event.type().name()));
                }
                outcomes.add(Outcome.APPLIED); // claimed as APPLIED: only the stale ones are written again
                applied.add(evaluationId);
            }
            laps.lap(BatchSteps.Step.FOLD); // the engine states not cached are built here too, on first use
            submissions.saveAll(c, next.values(), stored);
            laps.lap(BatchSteps.Step.WRITE_SUBMISSIONS);
            Set<String> changed = batch.write();
            laps.lap(BatchSteps.Step.WRITE_SCORES);
            taken.replaceAll((id, t) -> new EvaluationStore.Taken(t.events(), t.lastEventId(), t.asOf(),
                    changed.contains(id)));
            batch.settle(evaluations.take(c, taken));
            if (fromTopic) {
                processed.recordOutcomes(log);
            }
            if (!applied.isEmpty()) {
                evaluations.markApplied(c, applied);
            }
            laps.lap(BatchSteps.Step.SETTLE);
            return outcomes;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply " + events.size() + " submission events", e);
        }
    }

    /** The submission's state after this event; management scores exist only once accepted. */
    static StoredSubmission stored(SubmissionEvent e) {
        boolean accepted = e.status() == SubmissionStatus.ACCEPTED;
        return new StoredSubmission(e.submissionId(), e.evaluationId(), e.department(), e.task(), e.version(),
                e.status(), e.type().name(), Sql.micros(e.time()),
                Sql.micros(e.submittedAt() != null ? e.submittedAt() : e.time()),
                accepted ? Sql.micros(e.time()) : null, e.eventId(),
                e.values() == null ? java.util.List.of() : e.values(),
                e.patches() == null ? java.util.List.of() : e.patches(),
                e.events() == null ? java.util.List.of() : e.events(),
                accepted && e.managementScores() != null ? e.managementScores() : Map.of(), e.late());
    }
}
