package org.ecoeval.contracts;

import java.time.Instant;
import java.util.List;

/** Value of {@code eco.alerts}: a reminder, an overdue notice or an escalation for one task instance. */
public record AlertRaised(String alertId, String evaluationId, String taskId, String department, Level level,
        Instant dueAt, List<String> recipients, Instant raisedAt) {

    public static final String TYPE = "AlertRaised";

    public enum Level { REMINDER, OVERDUE, ESCALATED }
}
