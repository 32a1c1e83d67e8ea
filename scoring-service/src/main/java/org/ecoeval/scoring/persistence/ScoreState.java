package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;

/** The last result of one reading of an evaluation, as served. */
public record ScoreState(String evaluationId, Reading reading, String methodology, int evaluationYear,
        int comparisonYear, BigDecimal deltaEI, BigDecimal deltaEIRounded, String grade, boolean veto,
        boolean complete, String resultJson, String lastEventId) {
}
