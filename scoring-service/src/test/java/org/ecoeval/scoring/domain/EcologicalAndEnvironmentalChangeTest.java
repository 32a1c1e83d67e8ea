package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.domain.Fixtures.C;
import static org.ecoeval.scoring.domain.Fixtures.E;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;
import static org.ecoeval.scoring.domain.Fixtures.dec;
import static org.ecoeval.scoring.domain.Fixtures.inputs;

import java.math.BigDecimal;
import java.math.MathContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcologicalAndEnvironmentalChangeTest {

    private static final String[] ALL_ENV = {"ENV.WATER.CLASS_III_RATIO", "ENV.WATER.QUALITY_INDEX",
            "ENV.AIR.GOOD_DAYS_RATIO", "ENV.AIR.COMPOSITE_INDEX", "ENV.SOIL.SAFE_POINT_RATIO"};

    // ---- ΔEQI: whole index or sub-indices ----

    @Test
    void eqi_value_present_in_both_years_gives_delta_eqi_and_overrides_the_sub_indices() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .values("EQI.VALUE", "56.2", "55")
                .values("EQI.PATTERN", "90", "10") // ignored
                .build());

        assertThat(r.technical().eqiBasis()).isEqualTo(ScoreResult.EqiBasis.WHOLE_INDEX);
        assertThat(r.technical().deltaEQI()).isEqualByComparingTo("1.2");
        assertThat(r.missing()).containsExactly(ALL_ENV);
        assertThat(r.parametersUsed()).doesNotContainKey(ParameterGroup.ECOLOGICAL_SUB_INDICES);
    }

    @Test
    void eqi_value_in_one_year_only_falls_back_to_the_sub_indices_and_reports_those_missing() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .value("EQI.VALUE", E, "60")
                .values("EQI.PATTERN", "61", "60")
                .values("EQI.STRESS", "18", "20")
                .value("EQI.FUNCTION", E, "52")
                .build());

        assertThat(r.technical().eqiBasis()).isEqualTo(ScoreResult.EqiBasis.SUB_INDICES);
        // 0.35·1 + 0.10·(−(18 − 20))
        assertThat(r.technical().deltaEQI()).isEqualByComparingTo("0.55");
        assertThat(r.missing()).startsWith("EQI.FUNCTION", "EQI.BIODIVERSITY").doesNotContain("EQI.VALUE");
        assertThat(r.complete()).isFalse();
        // the class of the evaluation year comes from the whole index given for it
        assertThat(r.eqi()).isEqualByComparingTo("60");
        assertThat(r.eqiClass()).isEqualTo("二类");
    }

    @Test
    void stress_enters_as_one_hundred_minus_the_index_so_less_stress_is_better() {
        ScoreResult r = ENGINE.fullRecompute(inputs().values("EQI.STRESS", "10", "30").build());

        assertThat(r.technical().deltaEQI()).isEqualByComparingTo("2"); // 0.10·((100 − 10) − (100 − 30))
        assertThat(r.technical().value()).isEqualByComparingTo("1.2");
    }

    @Test
    void with_no_ecological_data_all_four_sub_indices_are_missing_and_delta_eqi_is_zero() {
        ScoreResult r = ENGINE.fullRecompute(inputs().build());

        assertThat(r.technical().deltaEQI()).isEqualByComparingTo("0");
        assertThat(r.missing()).startsWith("EQI.PATTERN", "EQI.FUNCTION", "EQI.BIODIVERSITY", "EQI.STRESS")
                .hasSize(9);
        assertThat(r.eqi()).isNull();
        assertThat(r.eqiClass()).isNull();
        assertThat(r.grade()).isEqualTo("基本稳定");
    }

    @Test
    void a_complete_reading_lists_nothing_missing() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .values("EQI.VALUE", "71", "70")
                .values("ENV.WATER.CLASS_III_RATIO", "80", "80")
                .values("ENV.WATER.QUALITY_INDEX", "3", "3")
                .values("ENV.AIR.GOOD_DAYS_RATIO", "90", "90")
                .values("ENV.AIR.COMPOSITE_INDEX", "4", "4")
                .values("ENV.SOIL.SAFE_POINT_RATIO", "99", "99")
                .build());

        assertThat(r.complete()).isTrue();
        assertThat(r.missing()).isEmpty();
        assertThat(r.deltaEI()).isEqualByComparingTo("0.6");
    }

    @Test
    void a_result_without_any_assumed_parameter_does_not_report_assumed() {
        ScoreResult r = ENGINE.fullRecompute(inputs().values("EQI.VALUE", "71", "70").build());

        assertThat(r.parameterStatuses()).containsExactly(ParameterStatus.SEED, ParameterStatus.CONFIRMED,
                ParameterStatus.INFERRED);
    }

    // ---- normalisations ----

    @ParameterizedTest(name = "{0} = {1} normalises to {2}")
    @CsvSource({
            "ENV.WATER.QUALITY_INDEX,   0,    100",
            "ENV.WATER.QUALITY_INDEX,   7.5,  50",
            "ENV.WATER.QUALITY_INDEX,   3,    80",
            "ENV.WATER.QUALITY_INDEX,   15,   0",
            "ENV.WATER.QUALITY_INDEX,   22,   0",
            "ENV.WATER.QUALITY_INDEX,   30,   0",
            "ENV.AIR.COMPOSITE_INDEX,   0,    100",
            "ENV.AIR.COMPOSITE_INDEX,   4.2,  58",
            "ENV.AIR.COMPOSITE_INDEX,   10,   0",
            "ENV.AIR.COMPOSITE_INDEX,   20,   0",
            "ENV.WATER.CLASS_III_RATIO, 85.5, 85.5",
            "ENV.AIR.GOOD_DAYS_RATIO,   0,    0",
            "ENV.SOIL.SAFE_POINT_RATIO, 100,  100",
    })
    void environmental_indicators_are_normalised_to_0_100_higher_better(String code, String x, String normalised) {
        Normalisation n = normalisation(code);
        assertThat(n.apply(dec(x))).isEqualByComparingTo(normalised);
    }

    @Test
    void linear_decreasing_normalisation_divides_in_decimal128() {
        // 100·(15 − 1)/15 = 93.33… to 34 significant digits
        BigDecimal expected = dec("1400").divide(dec("15"), MathContext.DECIMAL128);
        assertThat(normalisation("ENV.WATER.QUALITY_INDEX").apply(dec("1"))).isEqualByComparingTo(expected);
        assertThat(expected.precision()).isEqualTo(34);
    }

    @Test
    void delta_env_weights_the_change_of_the_normalised_values() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .values("ENV.WATER.QUALITY_INDEX", "3", "6") // 80 vs 60
                .values("ENV.AIR.COMPOSITE_INDEX", "12", "11") // 0 vs 0: clamped both years
                .build());

        assertThat(r.technical().deltaEnv()).isEqualByComparingTo("4");
        assertThat(r.technical().value()).isEqualByComparingTo("1.6");
    }

    // ---- EQI class ----

    @ParameterizedTest(name = "EQI {0} is class {1}")
    @CsvSource({
            "100,    一类",
            "70,     一类",
            "69.995, 一类",
            "69.994, 二类",
            "69.99,  二类",
            "55,     二类",
            "54.99,  三类",
            "40,     三类",
            "39.99,  四类",
            "30,     四类",
            "29.99,  五类",
            "0,      五类",
    })
    void eqi_class_bands_are_read_from_the_eqi_rounded_to_two_decimals(String eqi, String eqiClass) {
        assertThat(ENGINE.eqiClass(dec(eqi))).isEqualTo(eqiClass);
        ScoreResult r = ENGINE.fullRecompute(inputs().value("EQI.VALUE", E, eqi).build());
        assertThat(r.eqiClass()).isEqualTo(eqiClass);
        assertThat(r.parametersUsed()).containsEntry(ParameterGroup.EQI_CLASS, ParameterStatus.INFERRED);
    }

    @Test
    void eqi_class_needs_the_whole_index_or_all_sub_indices_of_the_evaluation_year() {
        ScoreResult partial = ENGINE.fullRecompute(inputs()
                .value("EQI.PATTERN", E, "80").value("EQI.FUNCTION", E, "80").value("EQI.BIODIVERSITY", E, "80")
                .value("EQI.VALUE", C, "80")
                .build());
        assertThat(partial.eqiClass()).isNull();
        assertThat(partial.parametersUsed()).doesNotContainKey(ParameterGroup.EQI_CLASS);

        ScoreResult full = ENGINE.fullRecompute(inputs()
                .value("EQI.PATTERN", E, "80").value("EQI.FUNCTION", E, "80").value("EQI.BIODIVERSITY", E, "80")
                .value("EQI.STRESS", E, "20")
                .build());
        assertThat(full.eqi()).isEqualByComparingTo("80"); // 0.9·80 + 0.1·(100 − 20)
        assertThat(full.eqiClass()).isEqualTo("一类");
    }

    private static Normalisation normalisation(String code) {
        return Fixtures.MEE_2022.environmental().terms().stream().filter(t -> t.indicator().equals(code))
                .findFirst().orElseThrow().normalisation();
    }
}
