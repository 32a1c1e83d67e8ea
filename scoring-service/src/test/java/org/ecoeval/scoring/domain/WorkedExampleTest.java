package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.domain.Fixtures.C;
import static org.ecoeval.scoring.domain.Fixtures.E;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;
import static org.ecoeval.scoring.domain.Fixtures.at;
import static org.ecoeval.scoring.domain.Fixtures.dec;
import static org.ecoeval.scoring.domain.Fixtures.emergency;
import static org.ecoeval.scoring.domain.Fixtures.patch;
import static org.ecoeval.scoring.domain.Fixtures.value;

import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.junit.jupiter.api.Test;

class WorkedExampleTest {

    @Test
    void worked_example_gives_exactly_1_485_graded_slightly_better() {
        ScoreResult r = ENGINE.fullRecompute(Fixtures.workedExample());

        assertThat(r.deltaEI()).isEqualByComparingTo("1.485");
        assertThat(r.deltaEI().toPlainString()).isEqualTo("1.485");
        assertThat(r.deltaEIRounded().toPlainString()).isEqualTo("1.49");
        assertThat(r.grade()).isEqualTo("轻微变好");
        assertThat(r.bandGrade()).isEqualTo("轻微变好");
        assertThat(r.rollup()).isEqualTo("变好");
        assertThat(r.veto()).isFalse();
    }

    @Test
    void worked_example_components_are_those_of_methodology_md() {
        ScoreResult r = ENGINE.fullRecompute(Fixtures.workedExample());

        assertThat(r.technical().eqiBasis()).isEqualTo(ScoreResult.EqiBasis.SUB_INDICES);
        assertThat(r.technical().deltaEQI()).isEqualByComparingTo("1.25");
        assertThat(r.technical().deltaEnv()).isEqualByComparingTo("1.4");
        assertThat(r.technical().value()).isEqualByComparingTo("1.31");
        assertThat(r.management().value()).isEqualByComparingTo("0.075");
        assertThat(r.management().categories()).containsExactly(
                Map.entry("PROTECT", dec("0.375")), Map.entry("POLLUTION", dec("0")), Map.entry("GREEN", dec("0")),
                Map.entry("LIVING", dec("-0.125")), Map.entry("ORGANISATION", dec("0")));
        assertThat(r.remoteSensing().value()).isEqualByComparingTo("0.2");
        assertThat(r.remoteSensing().countedPatches()).isEqualTo(1);
        assertThat(r.remoteSensing().patches()).isEqualTo(2);
        assertThat(r.events().value()).isEqualByComparingTo("-0.1");
    }

    @Test
    void worked_example_is_incomplete_missing_the_three_env_codes() {
        ScoreResult r = ENGINE.fullRecompute(Fixtures.workedExample());

        assertThat(r.complete()).isFalse();
        assertThat(r.missing()).containsExactly("ENV.WATER.QUALITY_INDEX", "ENV.AIR.COMPOSITE_INDEX",
                "ENV.SOIL.SAFE_POINT_RATIO");
    }

    @Test
    void worked_example_reports_the_eqi_class_of_the_evaluation_year_from_its_sub_indices() {
        // 0.35·61 + 0.35·52 + 0.20·40 + 0.10·(100 − 18) = 55.75
        ScoreResult r = ENGINE.fullRecompute(Fixtures.workedExample());

        assertThat(r.eqi()).isEqualByComparingTo("55.75");
        assertThat(r.eqiClass()).isEqualTo("二类");
    }

    @Test
    void worked_example_depends_on_parameters_of_every_status() {
        ScoreResult r = ENGINE.fullRecompute(Fixtures.workedExample());

        assertThat(r.parameterStatuses()).containsExactly(ParameterStatus.SEED, ParameterStatus.CONFIRMED,
                ParameterStatus.INFERRED, ParameterStatus.ASSUMED);
        assertThat(r.parameterStatusLabels()).containsExactly("seed", "confirmed", "inferred", "assumed");
        assertThat(r.parametersUsed()).containsEntry(ParameterGroup.TECHNICAL, ParameterStatus.SEED)
                .containsEntry(ParameterGroup.MANAGEMENT_MAPPING, ParameterStatus.ASSUMED)
                .containsEntry(ParameterGroup.MANAGEMENT_RANGE, ParameterStatus.SEED)
                .containsEntry(ParameterGroup.GRADE_BANDS, ParameterStatus.INFERRED)
                .containsEntry(ParameterGroup.ROLLUP_NAMES, ParameterStatus.CONFIRMED);
    }

    @Test
    void binary_floating_point_would_grade_the_worked_example_wrongly() {
        // why no double may appear in the engine: the same sum in double falls below 1.485
        double doubleSum = 0.6 * 1.25 + 0.4 * 1.4 + 0.075 + 0.2 - 0.1;
        assertThat(doubleSum).isLessThan(1.485);
        assertThat(ENGINE.fullRecompute(Fixtures.workedExample()).deltaEIRounded()).isEqualByComparingTo("1.49");
    }

    @Test
    void worked_example_split_over_submissions_and_applied_incrementally_gives_the_same_result() {
        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        score.apply(new SubmissionInputs("forest", 1, at(1), null,
                List.of(value("EQI.PATTERN", E, "61"), value("EQI.PATTERN", C, "60"), value("EQI.FUNCTION", E, "52"),
                        value("EQI.FUNCTION", C, "50"), value("EQI.BIODIVERSITY", E, "40"),
                        value("EQI.BIODIVERSITY", C, "40"), value("EQI.STRESS", E, "18"), value("EQI.STRESS", C, "20")),
                Map.of(), List.of(), List.of()));
        score.apply(new SubmissionInputs("water-air", 1, at(2), null,
                List.of(value("ENV.WATER.CLASS_III_RATIO", E, "85"), value("ENV.WATER.CLASS_III_RATIO", C, "80"),
                        value("ENV.AIR.GOOD_DAYS_RATIO", E, "90"), value("ENV.AIR.GOOD_DAYS_RATIO", C, "88")),
                Map.of(), List.of(), List.of()));
        score.apply(new SubmissionInputs("restoration", 1, at(3), at(10), List.of(),
                Map.of("PROTECT.RESTORATION", dec("1"), "PROTECT.RED_LINE", dec("0.5")), List.of(), List.of()));
        score.apply(new SubmissionInputs("sewage", 1, at(4), at(11), List.of(), Map.of("LIVING.SEWAGE", dec("-0.5")),
                List.of(), List.of()));
        score.apply(new SubmissionInputs("patches", 1, at(5), null, List.of(), Map.of(),
                List.of(patch("P-1", "2", PatchDirection.IMPROVED, true),
                        patch("P-2", "5", PatchDirection.DEGRADED, false)),
                List.of()));
        score.apply(new SubmissionInputs("events", 1, at(6), null, List.of(), Map.of(), List.of(),
                List.of(emergency("E-1", Severity.GENERAL))));

        ScoreResult incremental = score.result();
        assertThat(incremental).isEqualTo(ENGINE.fullRecompute(Fixtures.workedExample()));
        assertThat(incremental).isEqualTo(score.fullRecompute());
        assertThat(incremental.deltaEI()).isEqualByComparingTo("1.485");
    }
}
