package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;

/**
 * Value of {@code eco.submissions} (key = evaluation id). Each state change of a submission is one event;
 * the event id is the key of every consumer's processed-event log. {@code values}, {@code patches} and
 * {@code events} are those of {@code version}; {@code managementScores} are set on acceptance only.
 */
public record SubmissionEvent(String eventId, Type type, String submissionId, int version, String evaluationId,
        String department, String task, SubmissionStatus status, List<IndicatorValue> values, List<Patch> patches,
        List<EnvironmentalEvent> events, Map<String, BigDecimal> managementScores, Instant time,
        Instant submittedAt, boolean late) {

    public enum Type { SubmissionSubmitted, SubmissionApproved, SubmissionReturned, SubmissionAccepted }
}
