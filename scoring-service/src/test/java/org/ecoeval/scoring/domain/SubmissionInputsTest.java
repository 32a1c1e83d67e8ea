package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.junit.jupiter.api.Test;

/** What a cached evaluation keeps per stored submission: as little as the engine needs. */
class SubmissionInputsTest {
    private static final Instant SUBMITTED = Instant.parse("2027-03-01T08:00:00Z");

    @Test
    void a_value_keeps_the_catalogues_indicator_code_not_the_copy_it_was_parsed_with() {
        String parsed = new String("EQI.PATTERN".toCharArray()); // as a JSON parser makes one per value
        SubmissionInputs inputs = new SubmissionInputs("s", 1, SUBMITTED, null,
                List.of(new IndicatorValue(parsed, 2027, new BigDecimal("61.5"))), null, null, null);

        assertThat(inputs.values().get(0).indicator())
                .isSameAs(IndicatorCatalogue.indicator("EQI.PATTERN").orElseThrow().code());
        assertThat(inputs.values()).containsExactly(new IndicatorValue("EQI.PATTERN", 2027, new BigDecimal("61.5")));
    }

    @Test
    void values_already_carrying_the_catalogues_code_are_kept_as_they_are() {
        IndicatorValue value = new IndicatorValue(IndicatorCatalogue.indicator("EQI.STRESS").orElseThrow().code(), 2026,
                new BigDecimal("12"));
        SubmissionInputs inputs = new SubmissionInputs("s", 1, SUBMITTED, null, List.of(value), null, null, null);

        assertThat(inputs.values().get(0)).isSameAs(value);
    }

    @Test
    void inputs_without_management_scores_share_the_one_empty_map() {
        SubmissionInputs none = new SubmissionInputs("a", 1, SUBMITTED, null, List.of(), null, null, null);
        SubmissionInputs empty = new SubmissionInputs("b", 1, SUBMITTED, null, List.of(), Map.of(), null, null);

        assertThat(none.managementScores()).isEmpty();
        assertThat(empty.managementScores()).isSameAs(none.managementScores());
    }

    @Test
    void a_value_of_an_unknown_indicator_or_outside_its_range_is_refused() {
        assertThatThrownBy(() -> new SubmissionInputs("s", 1, SUBMITTED, null,
                List.of(new IndicatorValue("EQI.NO_SUCH", 2027, BigDecimal.ONE)), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown indicator EQI.NO_SUCH");
        assertThatThrownBy(() -> new SubmissionInputs("s", 1, SUBMITTED, null,
                List.of(new IndicatorValue("EQI.PATTERN", 2027, new BigDecimal("100.5"))), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
}
