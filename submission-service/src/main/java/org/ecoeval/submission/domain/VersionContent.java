package org.ecoeval.submission.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The validated content of one submission version (stored as JSON in {@code submission_version}). {@code evidence}
 * holds every file of the version, those attached to a material included; {@code materials} says which files
 * stand for which material (empty in versions stored before materials existed).
 */
public record VersionContent(List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events,
        List<String> evidence, String note, Map<String, List<String>> materials) {

    @JsonCreator
    public VersionContent {
        values = values == null ? List.of() : List.copyOf(values);
        patches = patches == null ? List.of() : List.copyOf(patches);
        events = events == null ? List.of() : List.copyOf(events);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        materials = materials == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(materials));
    }

    public VersionContent(List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events,
            List<String> evidence, String note) {
        this(values, patches, events, evidence, note, null);
    }
}
