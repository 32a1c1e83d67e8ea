package org.ecoeval.submission.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A submission body as received (architecture.md, "Submission body"; {@code materials}: evidence ids per plan
 * material code, "Additions of December 2026"). Everything is nullable and enums are text, so that validation
 * can name every broken rule of a request at once instead of failing on the first.
 */
public record SubmissionDraft(String task, List<Value> values, List<PatchDraft> patches, List<EventDraft> events,
        List<String> evidence, String note, Map<String, List<String>> materials) {

    @JsonCreator
    public SubmissionDraft {
    }

    /** A body without materials. */
    public SubmissionDraft(String task, List<Value> values, List<PatchDraft> patches, List<EventDraft> events,
            List<String> evidence, String note) {
        this(task, values, patches, events, evidence, note, null);
    }

    public Map<String, List<String>> materialsOrEmpty() {
        return materials == null ? Map.of() : materials;
    }

    public record Value(String indicator, Integer year, BigDecimal value) {
    }

    public record PatchDraft(String patchId, BigDecimal areaKm2, String direction, String changeType, Boolean verified) {
    }

    public record EventDraft(String eventId, String kind, String severity, String occurredOn) {
    }

    public List<Value> valuesOrEmpty() {
        return values == null ? List.of() : values;
    }

    public List<PatchDraft> patchesOrEmpty() {
        return patches == null ? List.of() : patches;
    }

    public List<EventDraft> eventsOrEmpty() {
        return events == null ? List.of() : events;
    }

    public List<String> evidenceOrEmpty() {
        return evidence == null ? List.of() : evidence;
    }
}
