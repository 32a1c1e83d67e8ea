package org.ecoeval.scoring.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.scoring.api.HistoryEntryView;
import org.ecoeval.scoring.api.ScoreView;
import org.ecoeval.scoring.persistence.EvaluationStore;
import org.ecoeval.scoring.persistence.HistoryStore;
import org.ecoeval.scoring.persistence.PlanStore;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.ScoreState;
import org.ecoeval.scoring.persistence.ScoreStateStore;
import org.ecoeval.scoring.persistence.StoredPlan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/** Reads of the score state for the API: the stored result of a reading with its basis, and the history. */
@ApplicationScoped
public class ScoreQueries {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EvaluationStore evaluations;
    @Inject
    PlanStore plans;
    @Inject
    ScoreStateStore states;
    @Inject
    HistoryStore history;
    @Inject
    ObjectMapper mapper;

    /** The score of one reading; empty when the service has never heard of the evaluation. */
    public Optional<ScoreView> score(String evaluationId, Reading reading) {
        try (Connection c = dataSource.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false); // one snapshot for basis, plan and state
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Optional<EvaluationStore.Basis> basis = evaluations.basis(c, evaluationId);
                if (basis.isEmpty()) {
                    return Optional.empty();
                }
                EvaluationStore.Basis b = basis.get();
                ScoreView.Basis viewBasis = new ScoreView.Basis(b.eventCount(), b.lastEventId(), b.asOf(),
                        b.appliedAt());
                Optional<StoredPlan> plan = plans.find(c, evaluationId);
                Optional<ScoreState> state = states.state(c, evaluationId, reading);
                if (plan.isEmpty() || state.isEmpty()) {
                    return Optional.of(pending(evaluationId, reading, plan.orElse(null), viewBasis));
                }
                return Optional.of(mapper.readValue(state.get().resultJson(), ScoreView.class).withBasis(viewBasis));
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the score of " + evaluationId, e);
        }
    }

    /**
     * The score of one reading as it stood at {@code at}: the last snapshot written at or before it (each transaction
     * that changed the score left one). Empty when the evaluation is unknown or had no score yet at that instant.
     */
    public Optional<ScoreView> scoreAsOf(String evaluationId, Reading reading, java.time.Instant at) {
        try (Connection c = dataSource.getConnection()) {
            Optional<ScoreStateStore.Snapshot> found = states.snapshotAt(c, evaluationId, reading, at);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ScoreStateStore.Snapshot s = found.get();
            return Optional.of(mapper.readValue(s.resultJson(), ScoreView.class).withBasis(new ScoreView.Basis(
                    s.basis().eventCount(), s.basis().lastEventId(), s.basis().asOf(), s.takenAt())));
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the score of " + evaluationId + " as of " + at, e);
        }
    }

    /** Every change of the score, oldest first; empty when the evaluation is unknown. */
    public Optional<List<HistoryEntryView>> history(String evaluationId, Reading reading) {
        try (Connection c = dataSource.getConnection()) {
            if (evaluations.basis(c, evaluationId).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(history.list(c, evaluationId, reading).stream()
                    .map(e -> new HistoryEntryView(e.changedAt(), e.reading().label(), e.deltaEI(), e.deltaEIRounded(),
                            e.grade(), e.previousDeltaEI(), e.previousGrade(), e.veto(), e.complete(), e.cause().name(),
                            e.submissionId(), e.eventId(), e.eventType()))
                    .toList());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the score history of " + evaluationId, e);
        }
    }

    private static ScoreView pending(String evaluationId, Reading reading, StoredPlan plan, ScoreView.Basis basis) {
        return new ScoreView(evaluationId, reading.label(), plan == null ? null : plan.methodology(),
                plan == null ? null : plan.planVersion(), plan == null ? null : plan.evaluationYear(),
                plan == null ? null : plan.comparisonYear(), null, null, null, null, null, null, null, null, null, null,
                null, null, false, List.of(), List.of(), Map.of(), basis,
                "no plan received for this evaluation yet: its inputs are kept and the score is computed when it arrives");
    }
}
