package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/** Value of {@code eco.scores}: published when a reading's rounded ΔEI or its grade changes. */
public record ScoreChanged(String eventId, String evaluationId, String reading, BigDecimal deltaEI,
        BigDecimal deltaEIRounded, String grade, String previousGrade, String causingEventId, Instant time) {

    public static final String TYPE = "ScoreChanged";
}
