package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecoeval.scoring.domain.ImpactAnalysis.Item;
import org.ecoeval.scoring.domain.ImpactAnalysis.Owner;
import org.ecoeval.scoring.domain.ImpactAnalysis.State;
import org.junit.jupiter.api.Test;

/**
 * What to chase first, against hand computations on the worked example of methodology.md (ΔEI = 1.485 with
 * ΔEQI 1.25, ΔEnv 1.4, management 0.075, remote sensing 0.2, events −0.1).
 */
class ImpactAnalysisTest {
    static final ImpactAnalysis IMPACT = new ImpactAnalysis(ENGINE);

    static ScoreInputs without(ScoreInputs in, String indicator, int year) {
        Map<ValueKey, BigDecimal> values = new LinkedHashMap<>(in.values());
        values.remove(new ValueKey(indicator, year));
        return new ScoreInputs(in.evaluationYear(), in.comparisonYear(), values, in.managementScores(), in.patches(),
                in.events());
    }

    static Item item(ImpactAnalysis.Impact impact, String input) {
        return impact.items().stream().filter(i -> i.input().equals(input)).findFirst().orElseThrow();
    }

    @Test
    void a_missing_evaluation_year_pattern_swings_0_6_times_0_35_times_100() {
        // without PATTERN 2024: ΔEQI = 0.35·2 + 0.2 = 0.9, ΔEI′ = 0.54 + 0.56 = 1.1, ΔEI = 1.1 + 0.175 = 1.275
        // at P = 0: ΔEQI = 0.35·(0 − 60) + 0.9 = −20.1, ΔEI = 0.6·(−20.1) + 0.56 + 0.175 = −11.325
        // at P = 100: ΔEQI = 0.35·40 + 0.9 = 14.9, ΔEI = 8.94 + 0.56 + 0.175 = 9.675
        ScoreInputs inputs = without(Fixtures.workedExample(), "EQI.PATTERN", Fixtures.E);
        ImpactAnalysis.Impact impact = IMPACT.analyse(inputs, inputs,
                Map.of("EQI.PATTERN", List.of(new Owner("FOREST", "FOREST-DATA"))), Map.of());
        assertThat(impact.deltaEI()).isEqualByComparingTo("1.275");
        Item pattern = item(impact, "EQI.PATTERN@" + Fixtures.E);
        assertThat(pattern.state()).isEqualTo(State.MISSING);
        assertThat(pattern.low()).isEqualByComparingTo("-11.325");
        assertThat(pattern.high()).isEqualByComparingTo("9.675");
        assertThat(pattern.swing()).isEqualByComparingTo("21");
        assertThat(pattern.owners()).containsExactly(new Owner("FOREST", "FOREST-DATA"));
        assertThat(impact.items().get(0)).as("the largest swing comes first").isEqualTo(pattern);
    }

    @Test
    void a_comparison_year_stress_value_is_lower_better_twice_so_its_low_comes_from_the_bottom() {
        // without STRESS 2023: ΔEQI = 0.35 + 0.7 = 1.05, ΔEI = 0.63 + 0.56 + 0.175 = 1.365
        // S(c) = 0: ΔEQI = 1.05 − 0.1·18 = −0.75, ΔEI = −0.45 + 0.735 = 0.285
        // S(c) = 100: ΔEQI = 1.05 + 0.1·82 = 9.25, ΔEI = 5.55 + 0.735 = 6.285
        ScoreInputs inputs = without(Fixtures.workedExample(), "EQI.STRESS", Fixtures.C);
        Item stress = item(IMPACT.analyse(inputs, inputs, Map.of(), Map.of()), "EQI.STRESS@" + Fixtures.C);
        assertThat(stress.low()).isEqualByComparingTo("0.285");
        assertThat(stress.high()).isEqualByComparingTo("6.285");
        assertThat(stress.swing()).isEqualByComparingTo("6");
    }

    @Test
    void an_unscored_management_item_swings_a_twentieth_of_the_category_range() {
        // GREEN = g/4; EM′管理 = 1.5·0.2·(0.375 + g/4 − 0.125): g = −1 → 0, g = +1 → 0.15
        ImpactAnalysis.Impact impact = IMPACT.analyse(Fixtures.workedExample(), Fixtures.workedExample(), Map.of(),
                Map.of("GREEN.INVESTMENT", List.of(new Owner("FIN", "FIN-INVEST"))));
        Item investment = item(impact, "GREEN.INVESTMENT");
        assertThat(investment.low()).isEqualByComparingTo("1.41");
        assertThat(investment.high()).isEqualByComparingTo("1.56");
        assertThat(investment.swing()).isEqualByComparingTo("0.15");
        assertThat(investment.owners()).containsExactly(new Owner("FIN", "FIN-INVEST"));
        assertThat(impact.items()).noneMatch(i -> i.input().equals("PROTECT.RESTORATION"))
                .as("accepted inputs are not chased");
    }

    @Test
    void a_value_whose_other_year_is_missing_too_moves_nothing_yet() {
        Item water = item(IMPACT.analyse(Fixtures.workedExample(), Fixtures.workedExample(), Map.of(), Map.of()),
                "ENV.WATER.QUALITY_INDEX@" + Fixtures.E);
        assertThat(water.swing()).isEqualByComparingTo("0");
        assertThat(water.low()).isEqualByComparingTo("1.485");
    }

    @Test
    void a_value_not_yet_accepted_is_provisional_and_accepted_ones_are_left_out() {
        ScoreInputs reading = Fixtures.workedExample();
        ScoreInputs accepted = without(reading, "EQI.FUNCTION", Fixtures.E);
        ImpactAnalysis.Impact impact = IMPACT.analyse(reading, accepted, Map.of(), Map.of());
        Item function = item(impact, "EQI.FUNCTION@" + Fixtures.E);
        assertThat(function.state()).isEqualTo(State.PROVISIONAL);
        // F(e) over 0..100 with F(c) = 50: swing 0.6·0.35·100 = 21
        assertThat(function.swing()).isEqualByComparingTo("21");
        assertThat(impact.items()).noneMatch(i -> i.input().equals("EQI.PATTERN@" + Fixtures.E));
        assertThat(impact.items()).isSortedAccordingTo(
                java.util.Comparator.comparing(Item::swing).reversed().thenComparing(Item::input));
    }
}
