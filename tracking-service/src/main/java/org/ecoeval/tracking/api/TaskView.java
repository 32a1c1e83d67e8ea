package org.ecoeval.tracking.api;

import java.time.Instant;

/**
 * One task instance: {@code taskId} is the instance id (FIN-INVEST, GOV-MINUTES#Q2), {@code planTaskId} the
 * plan task it comes from.
 */
public record TaskView(String taskId, String planTaskId, String department, String title, Instant dueAt,
        String state, Instant submittedAt, boolean late, String submissionId) {
}
