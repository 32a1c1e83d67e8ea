package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionEvent;

/**
 * What one submission (in its current version) contributes to one reading of the score: its indicator values,
 * patches and events, and the management item scores of its acceptance (empty before acceptance).
 *
 * <p>{@code submittedAt} orders its values, patches and events against other submissions filling the same slot
 * (the same indicator-year, patch id or event id): the latest submitted wins. {@code reviewedAt} orders its
 * management scores: the latest accepted review of an item wins; when {@code null} it defaults to
 * {@code submittedAt}. Ties are broken by the greater submission id. Inside one submission a later entry for the
 * same slot replaces an earlier one.
 */
public record SubmissionInputs(String submissionId, int version, Instant submittedAt, Instant reviewedAt,
        List<IndicatorValue> values, Map<String, BigDecimal> managementScores, List<Patch> patches,
        List<EnvironmentalEvent> events) {

    public SubmissionInputs {
        Objects.requireNonNull(submissionId, "submissionId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (reviewedAt == null) {
            reviewedAt = submittedAt;
        }
        values = values == null ? List.of() : canonical(List.copyOf(values));
        patches = patches == null ? List.of() : List.copyOf(patches);
        events = events == null ? List.of() : List.copyOf(events);
        Map<String, BigDecimal> scores = new LinkedHashMap<>();
        if (managementScores != null) {
            managementScores.forEach((item, score) -> {
                InputRules.requireScore(item, score);
                scores.put(item, score);
            });
        }
        // The engine keeps every stored submission's inputs of a cached evaluation: most have no management scores
        // (only an accepted review gives them), and an empty map of their own was a tenth of a replay's live heap.
        managementScores = scores.isEmpty() ? Map.of() : Collections.unmodifiableMap(scores);
        patches.forEach(InputRules::requirePatch);
        events.forEach(InputRules::requireEvent);
    }

    /**
     * The values, each checked against its indicator, with the catalogue's own code string: a value parsed from an
     * event or a stored row brings a copy of the code, and a cached evaluation keeps one per value otherwise.
     */
    private static List<IndicatorValue> canonical(List<IndicatorValue> values) {
        IndicatorValue[] out = null;
        for (int i = 0; i < values.size(); i++) {
            IndicatorValue v = values.get(i);
            String code = InputRules.requireValue(v.indicator(), v.value()).code();
            if (code != v.indicator()) { // identity on purpose: equal but not the catalogue's instance
                if (out == null) {
                    out = values.toArray(IndicatorValue[]::new);
                }
                out[i] = new IndicatorValue(code, v.year(), v.value());
            }
        }
        return out == null ? values : List.of(out);
    }

    /**
     * The inputs of a submission event: the values, patches and events of its version, and on
     * {@code SubmissionAccepted} the management scores, ordered by the event's time.
     */
    public static SubmissionInputs of(SubmissionEvent event) {
        boolean accepted = event.type() == SubmissionEvent.Type.SubmissionAccepted;
        Instant submitted = event.submittedAt() != null ? event.submittedAt() : event.time();
        return new SubmissionInputs(event.submissionId(), event.version(), submitted,
                accepted ? event.time() : null, event.values(),
                accepted ? event.managementScores() : Map.of(), event.patches(), event.events());
    }

    /** The values by indicator-year; a later entry for the same slot replaces an earlier one. */
    public Map<ValueKey, BigDecimal> valuesByKey() {
        Map<ValueKey, BigDecimal> out = new LinkedHashMap<>();
        for (IndicatorValue v : values) {
            out.put(new ValueKey(v.indicator(), v.year()), v.value());
        }
        return out;
    }

    public Map<String, Patch> patchesById() {
        Map<String, Patch> out = new LinkedHashMap<>();
        patches.forEach(p -> out.put(p.patchId(), p));
        return out;
    }

    public Map<String, EnvironmentalEvent> eventsById() {
        Map<String, EnvironmentalEvent> out = new LinkedHashMap<>();
        events.forEach(e -> out.put(e.eventId(), e));
        return out;
    }

    Precedence contentPrecedence() {
        return new Precedence(submittedAt, submissionId);
    }

    Precedence reviewPrecedence() {
        return new Precedence(reviewedAt, submissionId);
    }
}
