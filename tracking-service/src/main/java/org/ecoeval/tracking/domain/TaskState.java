package org.ecoeval.tracking.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The state of a task instance as the contract shows it. SUBMITTED, ACCEPTED and RETURNED come from
 * eco.submissions; an instance without such a submission is OPEN, DUE_SOON (within the plan's longest
 * reminder lead time of its due time) or OVERDUE (its due time has passed), by the clock.
 */
public enum TaskState {
    OPEN, DUE_SOON, OVERDUE, SUBMITTED, ACCEPTED, RETURNED;

    /**
     * @param submissionStatus the latest effective submission status (SUBMITTED, ACCEPTED, RETURNED) or null
     */
    public static TaskState derive(String submissionStatus, Instant dueAt, Duration dueSoonWindow, Instant now) {
        if (submissionStatus != null) {
            switch (submissionStatus) {
                case "SUBMITTED":
                    return SUBMITTED;
                case "ACCEPTED":
                    return ACCEPTED;
                case "RETURNED":
                    return RETURNED;
                default:
                    break;
            }
        }
        if (!now.isBefore(dueAt)) {
            return OVERDUE;
        }
        if (!dueSoonWindow.isZero() && !now.isBefore(dueAt.minus(dueSoonWindow))) {
            return DUE_SOON;
        }
        return OPEN;
    }

    /** Handed in: the task counts as done (a RETURNED task is open again). */
    public static boolean handedIn(String submissionStatus) {
        return "SUBMITTED".equals(submissionStatus) || "ACCEPTED".equals(submissionStatus);
    }
}
