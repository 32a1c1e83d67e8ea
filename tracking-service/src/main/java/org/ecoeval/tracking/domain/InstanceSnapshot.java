package org.ecoeval.tracking.domain;

import java.time.Instant;

/** A task instance with its latest effective submission state, as the read models need it. */
public record InstanceSnapshot(String instanceId, String taskId, String department, String title, Instant dueAt,
        String submissionStatus, Instant submittedAt, boolean late, String submissionId) {

    public boolean handedIn() {
        return TaskState.handedIn(submissionStatus);
    }

    /** Not handed in and past its due time. */
    public boolean overdueAt(Instant now) {
        return !handedIn() && !now.isBefore(dueAt);
    }
}
