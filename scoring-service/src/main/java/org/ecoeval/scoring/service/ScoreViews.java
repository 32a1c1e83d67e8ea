package org.ecoeval.scoring.service;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ecoeval.scoring.api.ScoreView;
import org.ecoeval.scoring.domain.ScoreResult;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.StoredPlan;

/** The API's view of an engine result. */
final class ScoreViews {

    static ScoreView of(String evaluationId, Reading reading, StoredPlan plan, ScoreResult r, ScoreView.Basis basis) {
        Map<String, String> used = new LinkedHashMap<>();
        r.parametersUsed().forEach((group, status) -> used.put(group.key(), status.label()));
        return new ScoreView(evaluationId, reading.label(), r.methodology(), plan.planVersion(), r.evaluationYear(),
                r.comparisonYear(), r.deltaEI(), r.deltaEIRounded(), r.grade(), r.bandGrade(), r.rollup(), r.veto(),
                new ScoreView.Technical(r.technical().deltaEQI(), r.technical().deltaEnv(), r.technical().value(),
                        r.technical().eqiBasis().name()),
                new ScoreView.Management(r.management().value(), r.management().raw(), r.management().categories(),
                        r.management().scoredItems()),
                new ScoreView.RemoteSensing(r.remoteSensing().value(), r.remoteSensing().raw(),
                        r.remoteSensing().countedPatches(), r.remoteSensing().patches()),
                new ScoreView.Events(r.events().value(), r.events().raw(), r.events().count(),
                        r.events().vetoEvents()),
                r.eqi(), r.eqiClass(), r.complete(), r.missing(), r.parameterStatusLabels(), used, basis, null);
    }

    private ScoreViews() {
    }
}
