package org.ecoeval.contracts;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Value of {@code eco.alerts}: a reminder, an overdue notice, an escalation or a return for one task instance.
 * {@code comment} (the bureau's, on RETURNED) and {@code correction} (raised by the correction ladder of a
 * returned submission) were added in December 2026 and are absent when they do not apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRaised(String alertId, String evaluationId, String taskId, String department, Level level,
        Instant dueAt, List<String> recipients, Instant raisedAt, String comment, Boolean correction) {

    public static final String TYPE = "AlertRaised";

    public enum Level { REMINDER, OVERDUE, ESCALATED, RETURNED }

    @JsonCreator
    public AlertRaised {
    }

    public AlertRaised(String alertId, String evaluationId, String taskId, String department, Level level,
            Instant dueAt, List<String> recipients, Instant raisedAt) {
        this(alertId, evaluationId, taskId, department, level, dueAt, recipients, raisedAt, null, null);
    }
}
