package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;

/**
 * The per-term state of one reading besides the slot winners: the running (unclamped) sums of the winning patches'
 * contributions and events' deductions with their counts, and the last result.
 */
public record ScoreState(String evaluationId, Reading reading, String methodology, int evaluationYear,
        int comparisonYear, BigDecimal patchSum, int countedPatches, int patches, BigDecimal eventSum, int events,
        int vetoEvents, BigDecimal deltaEI, BigDecimal deltaEIRounded, String grade, boolean veto, boolean complete,
        String resultJson, String lastEventId) {

    public ScoreState withSums(BigDecimal patchSum, int countedPatches, int patches, BigDecimal eventSum, int events,
            int vetoEvents) {
        return new ScoreState(evaluationId, reading, methodology, evaluationYear, comparisonYear, patchSum,
                countedPatches, patches, eventSum, events, vetoEvents, deltaEI, deltaEIRounded, grade, veto, complete,
                resultJson, lastEventId);
    }

    public ScoreState withResult(BigDecimal deltaEI, BigDecimal deltaEIRounded, String grade, boolean veto,
            boolean complete, String resultJson, String lastEventId) {
        return new ScoreState(evaluationId, reading, methodology, evaluationYear, comparisonYear, patchSum,
                countedPatches, patches, eventSum, events, vetoEvents, deltaEI, deltaEIRounded, grade, veto, complete,
                resultJson, lastEventId);
    }
}
