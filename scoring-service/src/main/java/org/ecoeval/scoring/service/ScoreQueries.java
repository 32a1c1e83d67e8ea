package org.ecoeval.scoring.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.scoring.api.ScoreView;
import org.ecoeval.scoring.persistence.EvaluationStore;
import org.ecoeval.scoring.persistence.PlanStore;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.StoredPlan;

import io.agroal.api.AgroalDataSource;

/** Reads of the score state for the API. */
@ApplicationScoped
public class ScoreQueries {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EvaluationStore evaluations;
    @Inject
    PlanStore plans;

    /** The score of one reading; empty when the service has never heard of the evaluation. */
    public Optional<ScoreView> score(String evaluationId, Reading reading) {
        try (Connection c = dataSource.getConnection()) {
            Optional<EvaluationStore.Basis> basis = evaluations.basis(c, evaluationId);
            if (basis.isEmpty()) {
                return Optional.empty();
            }
            EvaluationStore.Basis b = basis.get();
            ScoreView.Basis viewBasis = new ScoreView.Basis(b.eventCount(), b.lastEventId(), b.asOf());
            Optional<StoredPlan> plan = plans.find(c, evaluationId);
            if (plan.isEmpty()) {
                return Optional.of(new ScoreView(evaluationId, reading.label(), null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, false, List.of(), List.of(),
                        java.util.Map.of(), viewBasis, "no plan received for this evaluation yet"));
            }
            StoredPlan p = plan.get();
            return Optional.of(new ScoreView(evaluationId, reading.label(), p.methodology(), p.planVersion(),
                    p.evaluationYear(), p.comparisonYear(), null, null, null, null, null, null, null, null, null, null,
                    null, null, false, List.of(), List.of(), java.util.Map.of(), viewBasis,
                    "the score engine is not integrated yet"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the score of " + evaluationId, e);
        }
    }
}
