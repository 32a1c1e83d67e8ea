package org.ecoeval.scoring.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Methodologies;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.ProcessedEvents;
import org.ecoeval.scoring.persistence.EvaluationStore;
import org.ecoeval.scoring.persistence.HistoryStore;
import org.ecoeval.scoring.persistence.PlanStore;
import org.ecoeval.scoring.persistence.Sql;
import org.ecoeval.scoring.persistence.StoredPlan;
import org.ecoeval.scoring.persistence.StoredSubmission;
import org.ecoeval.scoring.persistence.SubmissionStore;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

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

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = "ecoeval.scoring.rebuild-transaction-timeout")
    public Outcome applyPlan(PlanPublished event) {
        try (Connection c = dataSource.getConnection()) {
            String evaluationId = event.evaluationId();
            evaluations.lock(c, evaluationId);
            if (!processed.claim(Topics.PLANS, event.eventId(), PlanPublished.TYPE)) {
                return Outcome.DUPLICATE;
            }
            Optional<StoredPlan> current = plans.find(c, evaluationId);
            if (current.isPresent() && event.planVersion() <= current.get().planVersion()) {
                processed.recordOutcome(event.eventId(), Outcome.STALE.name());
                return Outcome.STALE;
            }
            int year = event.plan().year() != null ? event.plan().year() : EvaluationId.parse(evaluationId).year();
            int comparisonYear = event.plan().comparisonYear() != null ? event.plan().comparisonYear() : year - 1;
            String methodology = event.plan().methodology() != null ? event.plan().methodology()
                    : Methodologies.DEFAULT_VERSION;
            StoredPlan plan = new StoredPlan(evaluationId, event.planVersion(), methodology, year, comparisonYear,
                    event.eventId(), Sql.micros(event.publishedAt()));
            plans.save(c, plan, mapper.writeValueAsString(event.plan()));
            if (plan.scoresDifferentlyFrom(current.orElse(null))) {
                scores.rebuild(c, plan, new ScoreKeeper.CauseOf(HistoryStore.Cause.PLAN, null, event.eventId(),
                        PlanPublished.TYPE));
            }
            processed.recordOutcome(event.eventId(), Outcome.APPLIED.name());
            LOG.debugf("plan %s v%d applied", evaluationId, event.planVersion());
            return Outcome.APPLIED;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot apply plan event " + event.eventId(), e);
        }
    }

    @Transactional
    public Outcome applySubmission(SubmissionEvent event) {
        try (Connection c = dataSource.getConnection()) {
            evaluations.lock(c, event.evaluationId());
            Outcome outcome = apply(c, event);
            if (outcome == Outcome.APPLIED) {
                evaluations.markApplied(c, List.of(event.evaluationId()));
            }
            return outcome;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply submission event " + event.eventId(), e);
        }
    }

    /**
     * Applies events in their order in ONE transaction (a poll's worth from the consumer). The evaluations' locks
     * are taken first, in a fixed order, so that two such transactions can never wait on each other.
     */
    @Transactional
    public List<Outcome> applySubmissions(List<SubmissionEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            for (String evaluationId : new TreeSet<>(events.stream().map(SubmissionEvent::evaluationId).toList())) {
                evaluations.lock(c, evaluationId);
            }
            List<Outcome> outcomes = new ArrayList<>(events.size());
            Set<String> applied = new TreeSet<>();
            for (SubmissionEvent event : events) {
                Outcome outcome = apply(c, event);
                outcomes.add(outcome);
                if (outcome == Outcome.APPLIED) {
                    applied.add(event.evaluationId());
                }
            }
            if (!applied.isEmpty()) {
                evaluations.markApplied(c, applied);
            }
            return outcomes;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply " + events.size() + " submission events", e);
        }
    }

    /** One event, in the caller's transaction, which holds the evaluation's lock. */
    private Outcome apply(Connection c, SubmissionEvent event) throws SQLException {
        String evaluationId = event.evaluationId();
        if (!processed.claim(Topics.SUBMISSIONS, event.eventId(), event.type().name())) {
            return Outcome.DUPLICATE;
        }
        evaluations.countEvent(c, evaluationId, event.eventId(), event.time());
        Optional<StoredSubmission> current = submissions.find(c, event.submissionId());
        if (current.isPresent() && (!current.get().evaluationId().equals(evaluationId)
                || !current.get().isSupersededBy(event.version(), event.time(), event.status()))) {
            processed.recordOutcome(event.eventId(), Outcome.STALE.name());
            return Outcome.STALE;
        }
        StoredSubmission next = stored(event);
        submissions.save(c, next);
        Optional<StoredPlan> plan = plans.find(c, evaluationId);
        if (plan.isPresent()) {
            scores.apply(c, plan.get(), current.orElse(null), next, new ScoreKeeper.CauseOf(
                    HistoryStore.Cause.SUBMISSION, next.submissionId(), event.eventId(), event.type().name()));
        }
        processed.recordOutcome(event.eventId(), Outcome.APPLIED.name());
        return Outcome.APPLIED;
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
