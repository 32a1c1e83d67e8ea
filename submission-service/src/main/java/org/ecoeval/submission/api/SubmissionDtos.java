package org.ecoeval.submission.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionStatus;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON shapes of the submission endpoints (entities never leave through the API). */
public final class SubmissionDtos {

    /** 201/200 answer of POST, PUT, approval and review: {@code {id, version, status, submittedAt, late}}. */
    public record Receipt(String id, int version, SubmissionStatus status, Instant submittedAt, boolean late) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String id, String evaluationId, String department, String task, SubmissionStatus status,
            int version, boolean late, Instant createdAt, Instant submittedAt, Instant updatedAt,
            Map<String, BigDecimal> managementScores, List<VersionView> versions, List<HistoryView> history) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(int version, String submittedBy, Instant submittedAt, boolean late,
            List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events, List<String> evidence,
            String note, Map<String, List<String>> materials) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryView(Instant at, String actor, String role, String action, int version,
            SubmissionStatus status, String comment, Map<String, BigDecimal> managementScores) {
    }

    public record Summary(String id, String evaluationId, String department, String task, SubmissionStatus status,
            int version, boolean late, Instant createdAt, Instant submittedAt, Instant updatedAt) {
    }

    public record Page<T>(List<T> items, int page, int pageSize, long totalItems, int totalPages) {
    }

    public record ApprovalRequest(Boolean approve, String comment) {
    }

    public record ReviewRequest(String decision, String comment, Map<String, BigDecimal> managementScores) {
    }

    private SubmissionDtos() {
    }
}
