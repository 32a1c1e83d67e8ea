package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionStatus;

/**
 * The latest known version of one submission: its status and what it carries. Instants are kept to the
 * microsecond (as stored).
 */
public record StoredSubmission(String submissionId, String evaluationId, String department, String task, int version,
        SubmissionStatus status, String eventType, Instant eventTime, Instant submittedAt, Instant reviewedAt,
        String lastEventId, List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events,
        Map<String, BigDecimal> managementScores, boolean late) {

    /** Counts in the provisional reading: submitted (after any head approval) or accepted. */
    public boolean countsProvisionally() {
        return status == SubmissionStatus.SUBMITTED || status == SubmissionStatus.ACCEPTED;
    }

    /** Counts in the confirmed reading: accepted by the bureau. */
    public boolean countsConfirmed() {
        return status == SubmissionStatus.ACCEPTED;
    }

    public boolean countsIn(Reading reading) {
        return reading == Reading.CONFIRMED ? countsConfirmed() : countsProvisionally();
    }

    public SubmissionHead head() {
        return new SubmissionHead(submissionId, evaluationId, version, eventTime, status);
    }
}
