package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Value of {@code eco.submissions} (key = evaluation id). Each state change of a submission is one event;
 * the event id is the key of every consumer's processed-event log. {@code values}, {@code patches} and
 * {@code events} are those of {@code version}; {@code managementScores} are set on acceptance only.
 * Added in December 2026 (absent from older records): {@code materials}, the version's evidence ids per plan
 * material code, and {@code comment}, the reviewer's or head's comment on a return.
 */
public record SubmissionEvent(String eventId, Type type, String submissionId, int version, String evaluationId,
        String department, String task, SubmissionStatus status, List<IndicatorValue> values, List<Patch> patches,
        List<EnvironmentalEvent> events, Map<String, BigDecimal> managementScores, Instant time,
        Instant submittedAt, boolean late, Map<String, List<String>> materials, String comment) {

    @JsonCreator
    public SubmissionEvent {
    }

    /** An event without the December 2026 fields. */
    public SubmissionEvent(String eventId, Type type, String submissionId, int version, String evaluationId,
            String department, String task, SubmissionStatus status, List<IndicatorValue> values, List<Patch> patches,
            List<EnvironmentalEvent> events, Map<String, BigDecimal> managementScores, Instant time,
            Instant submittedAt, boolean late) {
        this(eventId, type, submissionId, version, evaluationId, department, task, status, values, patches, events,
                managementScores, time, submittedAt, late, null, null);
    }

    public enum Type { SubmissionSubmitted, SubmissionApproved, SubmissionReturned, SubmissionAccepted }
}
