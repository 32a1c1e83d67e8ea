package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The sufficient statistics of a score: everything {@link DeltaEiEngine#evaluate(ScoreTerms)} needs, of a size
 * independent of the number of submissions. The winning value per indicator-year (at most indicators × 2), the
 * winning score per management item, and for patches and events the <em>raw</em> (unclamped) running sums of
 * their contributions with counts: clamping is applied to the sum by the engine, never to a contribution, so these
 * sums can be updated by adding and subtracting single contributions.
 *
 * @param patchSum       Σ of the counting patches' contributions (each already capped per patch), unclamped
 * @param countedPatches patches that contribute under the rule (verified ones)
 * @param patches        all patches, counted or not
 * @param eventSum       Σ of the events' deductions, unclamped
 * @param events         number of events
 * @param vetoEvents     number of events whose kind and severity veto (EXTRAORDINARY emergencies)
 */
public record ScoreTerms(int evaluationYear, int comparisonYear, Map<ValueKey, BigDecimal> values,
        Map<String, BigDecimal> managementScores, BigDecimal patchSum, int countedPatches, int patches,
        BigDecimal eventSum, int events, int vetoEvents) {

    public ScoreTerms {
        InputRules.requireYears(evaluationYear, comparisonYear);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        managementScores = Collections.unmodifiableMap(new LinkedHashMap<>(managementScores));
        Objects.requireNonNull(patchSum, "patchSum");
        Objects.requireNonNull(eventSum, "eventSum");
    }
}
