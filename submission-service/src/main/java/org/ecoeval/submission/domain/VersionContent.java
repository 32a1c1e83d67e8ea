package org.ecoeval.submission.domain;

import java.util.List;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;

/** The validated content of one submission version (stored as JSON in {@code submission_version}). */
public record VersionContent(List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events,
        List<String> evidence, String note) {

    public VersionContent {
        values = values == null ? List.of() : List.copyOf(values);
        patches = patches == null ? List.of() : List.copyOf(patches);
        events = events == null ? List.of() : List.copyOf(events);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
