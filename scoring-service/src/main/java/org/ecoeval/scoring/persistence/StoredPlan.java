package org.ecoeval.scoring.persistence;

import java.time.Instant;

/** The plan version the service keeps for an evaluation: what scoring needs of it. */
public record StoredPlan(String evaluationId, int planVersion, String methodology, int evaluationYear,
        int comparisonYear, String eventId, Instant publishedAt) {

    /** Whether a score computed under {@code other} must be rebuilt under this plan. */
    public boolean scoresDifferentlyFrom(StoredPlan other) {
        return other == null || !methodology.equals(other.methodology) || evaluationYear != other.evaluationYear
                || comparisonYear != other.comparisonYear;
    }
}
