package org.ecoeval.scoring.persistence;

import java.time.Instant;

import org.ecoeval.contracts.SubmissionStatus;

/** Where a stored submission stands in its life: enough to tell whether an event about it is newer (the one rule). */
public record SubmissionHead(String submissionId, String evaluationId, int version, Instant eventTime,
        SubmissionStatus status) {

    /**
     * Order of the states of one submission: by version, then by the event's time, then by the status's place in
     * the life of a version (awaiting approval, submitted, returned or accepted). An event whose state is not
     * after the stored one is stale and ignored.
     */
    public static int rank(SubmissionStatus status) {
        return switch (status) {
            case AWAITING_APPROVAL -> 0;
            case SUBMITTED -> 1;
            case RETURNED -> 2;
            case ACCEPTED -> 3;
        };
    }

    public boolean isSupersededBy(int otherVersion, Instant otherTime, SubmissionStatus otherStatus) {
        if (otherVersion != version) {
            return otherVersion > version;
        }
        int byTime = Sql.micros(otherTime).compareTo(eventTime);
        if (byTime != 0) {
            return byTime > 0;
        }
        return rank(otherStatus) > rank(status);
    }
}
