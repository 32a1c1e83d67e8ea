package org.ecoeval.scoring.domain;

import java.math.BigDecimal;

import org.ecoeval.contracts.Indicator;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.Patch;

/** The checks every input passes before it can touch a score (all throw {@link IllegalArgumentException}). */
final class InputRules {

    /** Checks a value against its indicator's range; returns the catalogue's indicator. */
    static Indicator requireValue(String indicator, BigDecimal value) {
        Indicator ind = IndicatorCatalogue.indicator(indicator)
                .orElseThrow(() -> new IllegalArgumentException("unknown indicator " + indicator));
        if (value == null) {
            throw new IllegalArgumentException("no value for " + indicator);
        }
        if (!ind.admits(value)) {
            throw new IllegalArgumentException(indicator + " value " + value + " outside [" + ind.min() + ", "
                    + ind.max() + "]");
        }
        return ind;
    }

    static void requireScore(String item, BigDecimal score) {
        if (IndicatorCatalogue.managementItem(item).isEmpty()) {
            throw new IllegalArgumentException("unknown management item " + item);
        }
        if (score == null || score.compareTo(IndicatorCatalogue.MANAGEMENT_SCORE_MIN) < 0
                || score.compareTo(IndicatorCatalogue.MANAGEMENT_SCORE_MAX) > 0) {
            throw new IllegalArgumentException("management score of " + item + " must be in [-1, 1], was " + score);
        }
    }

    static void requirePatch(Patch p) {
        if (p == null || p.patchId() == null || p.direction() == null || p.areaKm2() == null
                || p.areaKm2().signum() <= 0) {
            throw new IllegalArgumentException("a patch needs an id, a direction and an area > 0: " + p);
        }
    }

    static void requireEvent(EnvironmentalEvent e) {
        if (e == null || e.eventId() == null || e.kind() == null) {
            throw new IllegalArgumentException("an event needs an id and a kind: " + e);
        }
        if (e.kind() == EventKind.ENVIRONMENTAL_EMERGENCY && e.severity() == null) {
            throw new IllegalArgumentException("environmental emergency " + e.eventId() + " has no severity");
        }
    }

    static void requireYear(String indicator, int year, int evaluationYear, int comparisonYear) {
        if (year != evaluationYear && year != comparisonYear) {
            throw new IllegalArgumentException(indicator + " value for " + year + ": only " + evaluationYear
                    + " (evaluation) and " + comparisonYear + " (comparison) count");
        }
    }

    static void requireYears(int evaluationYear, int comparisonYear) {
        if (evaluationYear == comparisonYear) {
            throw new IllegalArgumentException("evaluation and comparison year are both " + evaluationYear);
        }
    }

    private InputRules() {
    }
}
