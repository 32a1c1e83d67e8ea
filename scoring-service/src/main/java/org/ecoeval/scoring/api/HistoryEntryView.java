package org.ecoeval.scoring.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change of a reading's score: when, the new ΔEI and grade (and the previous ones), and what caused it
 * ({@code SUBMISSION} with the submission and its event, {@code PLAN} with the plan event, or {@code RECOMPUTE}).
 */
public record HistoryEntryView(Instant time, String reading, BigDecimal deltaEI, BigDecimal deltaEIRounded,
        String grade, BigDecimal previousDeltaEI, String previousGrade, boolean veto, boolean complete, String cause,
        String submissionId, String eventId, String eventType) {
}
