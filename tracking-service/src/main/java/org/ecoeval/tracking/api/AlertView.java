package org.ecoeval.tracking.api;

import java.time.Instant;
import java.util.List;

/**
 * An alert with its deliveries and every delivery attempt; {@code comment} is a return's, {@code correction} marks
 * the correction ladder of a returned submission.
 */
public record AlertView(String alertId, String evaluationId, String taskId, String department, String level,
        String step, Instant dueAt, Instant raisedAt, List<String> recipients, Instant acknowledgedAt,
        String acknowledgedBy, List<Delivery> deliveries,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String comment, boolean correction) {

    /** One channel and target of an alert: PENDING (retrying), DELIVERED or FAILED (given up). */
    public record Delivery(long deliveryId, String channel, String target, String state, int attempts,
            Instant nextAttemptAt, Instant deliveredAt, String lastError, List<Attempt> log) {
    }

    public record Attempt(int attempt, Instant at, String outcome, Integer statusCode, String error, long durationMs) {
    }
}
