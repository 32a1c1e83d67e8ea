package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;

/**
 * The counting inputs of one reading, already resolved to one value per slot: values per (indicator, year),
 * management item scores, patches (unique ids, verified or not) and events (unique ids). The input of
 * {@link DeltaEiEngine#fullRecompute(ScoreInputs)}; {@link #resolve} builds it from the submissions that count.
 */
public record ScoreInputs(int evaluationYear, int comparisonYear, Map<ValueKey, BigDecimal> values,
        Map<String, BigDecimal> managementScores, List<Patch> patches, List<EnvironmentalEvent> events) {

    public ScoreInputs {
        InputRules.requireYears(evaluationYear, comparisonYear);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        managementScores = Collections.unmodifiableMap(new LinkedHashMap<>(managementScores));
        patches = List.copyOf(patches);
        events = List.copyOf(events);
        for (Map.Entry<ValueKey, BigDecimal> v : values.entrySet()) {
            InputRules.requireValue(v.getKey().indicator(), v.getValue());
            InputRules.requireYear(v.getKey().indicator(), v.getKey().year(), evaluationYear, comparisonYear);
        }
        managementScores.forEach(InputRules::requireScore);
        Set<String> ids = new HashSet<>();
        for (Patch p : patches) {
            InputRules.requirePatch(p);
            if (!ids.add(p.patchId())) {
                throw new IllegalArgumentException("patch " + p.patchId() + " given twice");
            }
        }
        ids.clear();
        for (EnvironmentalEvent e : events) {
            InputRules.requireEvent(e);
            if (!ids.add(e.eventId())) {
                throw new IllegalArgumentException("event " + e.eventId() + " given twice");
            }
        }
    }

    /**
     * The inputs that the given submissions produce: one submission per id (the highest version), and for each
     * slot the candidate of highest precedence (see {@link SubmissionInputs}). This is the reference
     * ("full recomputation") path; {@link IncrementalScore} maintains the same resolution incrementally.
     */
    public static ScoreInputs resolve(int evaluationYear, int comparisonYear, Collection<SubmissionInputs> submissions) {
        Map<String, SubmissionInputs> latest = new LinkedHashMap<>();
        for (SubmissionInputs s : submissions) {
            latest.merge(s.submissionId(), s, (a, b) -> b.version() >= a.version() ? b : a);
        }
        Map<ValueKey, Candidate<BigDecimal>> values = new LinkedHashMap<>();
        Map<String, Candidate<BigDecimal>> scores = new LinkedHashMap<>();
        Map<String, Candidate<Patch>> patches = new LinkedHashMap<>();
        Map<String, Candidate<EnvironmentalEvent>> events = new LinkedHashMap<>();
        for (SubmissionInputs s : latest.values()) {
            Precedence content = s.contentPrecedence();
            s.valuesByKey().forEach((k, v) -> offer(values, k, content, v));
            s.managementScores().forEach((k, v) -> offer(scores, k, s.reviewPrecedence(), v));
            s.patchesById().forEach((k, v) -> offer(patches, k, content, v));
            s.eventsById().forEach((k, v) -> offer(events, k, content, v));
        }
        Map<ValueKey, BigDecimal> resolvedValues = new LinkedHashMap<>();
        values.forEach((k, c) -> resolvedValues.put(k, c.value()));
        Map<String, BigDecimal> resolvedScores = new LinkedHashMap<>();
        scores.forEach((k, c) -> resolvedScores.put(k, c.value()));
        return new ScoreInputs(evaluationYear, comparisonYear, resolvedValues, resolvedScores,
                patches.values().stream().map(Candidate::value).toList(),
                events.values().stream().map(Candidate::value).toList());
    }

    private record Candidate<V>(Precedence precedence, V value) {
    }

    private static <K, V> void offer(Map<K, Candidate<V>> slots, K key, Precedence p, V value) {
        Candidate<V> current = slots.get(key);
        if (current == null || p.compareTo(current.precedence()) > 0) {
            slots.put(key, new Candidate<>(p, value));
        }
    }

    public BigDecimal value(String indicator, int year) {
        return values.get(new ValueKey(indicator, year));
    }

    public static Builder builder(int evaluationYear, int comparisonYear) {
        return new Builder(evaluationYear, comparisonYear);
    }

    /** Convenience for tests and tools; decimal numbers are given as text. */
    public static final class Builder {
        private final int evaluationYear;
        private final int comparisonYear;
        private final Map<ValueKey, BigDecimal> values = new LinkedHashMap<>();
        private final Map<String, BigDecimal> scores = new LinkedHashMap<>();
        private final List<Patch> patches = new ArrayList<>();
        private final List<EnvironmentalEvent> events = new ArrayList<>();

        private Builder(int evaluationYear, int comparisonYear) {
            this.evaluationYear = evaluationYear;
            this.comparisonYear = comparisonYear;
        }

        public Builder value(String indicator, int year, String value) {
            values.put(new ValueKey(indicator, year), new BigDecimal(value));
            return this;
        }

        /** The same indicator in the evaluation and the comparison year. */
        public Builder values(String indicator, String evaluationValue, String comparisonValue) {
            return value(indicator, evaluationYear, evaluationValue).value(indicator, comparisonYear, comparisonValue);
        }

        public Builder score(String item, String score) {
            scores.put(item, new BigDecimal(score));
            return this;
        }

        public Builder patch(String areaKm2, PatchDirection direction, boolean verified) {
            patches.add(new Patch("P-" + (patches.size() + 1), new BigDecimal(areaKm2), direction, "test", verified));
            return this;
        }

        public Builder emergency(Severity severity) {
            events.add(new EnvironmentalEvent("E-" + (events.size() + 1), EventKind.ENVIRONMENTAL_EMERGENCY,
                    severity, LocalDate.of(evaluationYear, 6, 1)));
            return this;
        }

        public Builder ecologicalProblem() {
            events.add(new EnvironmentalEvent("E-" + (events.size() + 1), EventKind.ECOLOGICAL_PROBLEM, null,
                    LocalDate.of(evaluationYear, 6, 1)));
            return this;
        }

        public ScoreInputs build() {
            return new ScoreInputs(evaluationYear, comparisonYear, values, scores, patches, events);
        }
    }
}
