package org.ecoeval.tracking.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a version of the self-check report is made from, gathered once at generation as of one instant
 * ({@code asOf}) and stored with the version: the plan, both readings of the score (scoring-service's score as of
 * {@code asOf}) and what moves ΔEI most, every submission as it stood at {@code asOf}, the evidence files with their
 * SHA-256, and the alerts raised until then. The documents and the data package are made from this alone, so they
 * come out the same however often (and whenever) they are made.
 */
public record ReportSnapshot(String evaluationId, int version, Instant asOf, int planVersion, Plan plan,
        List<TaskInstance> instances, JsonNode provisional, JsonNode confirmed, JsonNode impact, List<SubmissionAsOf> submissions,
        List<EvidenceFile> evidence, List<AlertEntry> alerts) {

    /**
     * One submission as it stood at {@code asOf}: its status then, its latest version then and that version's
     * content; {@code acceptedVersion} and {@code managementScores} from the last acceptance until then (null when
     * it was not accepted at {@code asOf}); its history until then.
     */
    public record SubmissionAsOf(String id, String department, String task, String status, int version, boolean late,
            Instant submittedAt, List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events,
            List<String> evidence, Map<String, List<String>> materials, String note, Integer acceptedVersion,
            Map<String, BigDecimal> managementScores, List<Step> history) {

        public boolean accepted() {
            return "ACCEPTED".equals(status);
        }
    }

    /** One entry of a submission's history: who did what, when, the status it left, the comment. */
    public record Step(Instant at, String actor, String role, String action, int version, String status,
            String comment) {
    }

    /** An evidence file as the package holds it: which unit, task and material it was handed in for. */
    public record EvidenceFile(String id, String department, String task, String material, String filename,
            String contentType, long sizeBytes, String sha256) {
    }

    /** An alert raised until {@code asOf}. */
    public record AlertEntry(String alertId, String taskId, String department, String level, Instant dueAt,
            Instant raisedAt, String recipients, Instant acknowledgedAt, String acknowledgedBy, String comment) {
    }

    /** submission-service's view of a submission ({@code GET /submissions/{id}}), the fields the report reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubmissionView(String id, String evaluationId, String department, String task, String status,
            int version, boolean late, Instant createdAt, List<VersionView> versions, List<HistoryView> history) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VersionView(int version, String submittedBy, Instant submittedAt, boolean late,
            List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events, List<String> evidence,
            String note, Map<String, List<String>> materials) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HistoryView(Instant at, String actor, String role, String action, int version, String status,
            String comment, Map<String, BigDecimal> managementScores) {
    }

    /**
     * The submission as it stood at {@code asOf}, from its full view: only the versions handed in and the history
     * written until then count, so a submission (or review) racing the generation shows only in a later version of
     * the report. Empty when the submission did not exist yet at {@code asOf}.
     */
    public static Optional<SubmissionAsOf> asOf(SubmissionView view, Instant asOf) {
        List<HistoryView> history = (view.history() == null ? List.<HistoryView>of() : view.history()).stream()
                .filter(h -> h.at() != null && !h.at().isAfter(asOf))
                .sorted(Comparator.comparing(HistoryView::at)).toList();
        Optional<VersionView> latest = (view.versions() == null ? List.<VersionView>of() : view.versions()).stream()
                .filter(v -> v.submittedAt() != null && !v.submittedAt().isAfter(asOf))
                .max(Comparator.comparingInt(VersionView::version));
        if (latest.isEmpty() || history.isEmpty()) {
            return Optional.empty();
        }
        VersionView v = latest.get();
        String status = history.get(history.size() - 1).status();
        Integer acceptedVersion = null;
        Map<String, BigDecimal> scores = null;
        if ("ACCEPTED".equals(status)) {
            for (HistoryView h : history) {
                if ("ACCEPTED".equals(h.status())) {
                    acceptedVersion = h.version();
                    scores = h.managementScores();
                }
            }
        }
        VersionView content = v;
        if (acceptedVersion != null) {
            int accepted = acceptedVersion;
            content = view.versions().stream().filter(x -> x.version() == accepted).findFirst().orElse(v);
        }
        List<Step> steps = new ArrayList<>();
        history.forEach(h -> steps.add(new Step(h.at(), h.actor(), h.role(), h.action(), h.version(), h.status(),
                h.comment())));
        return Optional.of(new SubmissionAsOf(view.id(), view.department(), view.task(), status, content.version(),
                content.late(), content.submittedAt(), nonNull(content.values()), nonNull(content.patches()),
                nonNull(content.events()), nonNull(content.evidence()),
                content.materials() == null ? Map.of() : new LinkedHashMap<>(content.materials()), content.note(),
                acceptedVersion, scores == null ? Map.of() : scores, steps));
    }

    /** Every accepted value at {@code asOf}: what data/values.json and the technical table hold. */
    public List<AcceptedValue> acceptedValues() {
        List<AcceptedValue> out = new ArrayList<>();
        for (SubmissionAsOf s : submissions) {
            if (s.accepted()) {
                for (IndicatorValue v : s.values()) {
                    out.add(new AcceptedValue(s.department(), s.task(), v.indicator(), v.year(), v.value(), s.id(),
                            s.version()));
                }
            }
        }
        out.sort(Comparator.comparing(AcceptedValue::department).thenComparing(AcceptedValue::task)
                .thenComparing(AcceptedValue::indicator).thenComparingInt(AcceptedValue::year));
        return out;
    }

    public ReportSnapshot withVersion(int v) {
        return new ReportSnapshot(evaluationId, v, asOf, planVersion, plan, instances, provisional, confirmed, impact,
                submissions, evidence, alerts);
    }

    public record AcceptedValue(String department, String task, String indicator, int year, BigDecimal value,
            String submissionId, int submissionVersion) {
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
