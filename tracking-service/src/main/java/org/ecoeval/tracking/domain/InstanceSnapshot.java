package org.ecoeval.tracking.domain;

import java.time.Instant;

/**
 * A task instance with its latest effective submission state, as the read models need it: {@code materials} the
 * evidence per material of the latest version (JSON), {@code comment} and {@code correctionDueAt} of a return,
 * {@code returns} how often it was returned.
 */
public record InstanceSnapshot(String instanceId, String taskId, String department, String title, Instant dueAt,
        String submissionStatus, Instant submittedAt, boolean late, String submissionId, String materials,
        String comment, Instant correctionDueAt, int returns) {

    public InstanceSnapshot(String instanceId, String taskId, String department, String title, Instant dueAt,
            String submissionStatus, Instant submittedAt, boolean late, String submissionId) {
        this(instanceId, taskId, department, title, dueAt, submissionStatus, submittedAt, late, submissionId, null,
                null, null, 0);
    }

    public boolean handedIn() {
        return TaskState.handedIn(submissionStatus);
    }

    /** Not handed in and past its due time. */
    public boolean overdueAt(Instant now) {
        return !handedIn() && !now.isBefore(dueAt);
    }
}
