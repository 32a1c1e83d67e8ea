package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;
import static org.ecoeval.scoring.domain.Fixtures.inputs;

import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradingTest {

    @ParameterizedTest(name = "ΔEI {0} rounds to {1}: {2} ({3})")
    @CsvSource({
            "8,       8.00,  明显变好, 变好",
            "4,       4.00,  明显变好, 变好",
            "3.995,   4.00,  明显变好, 变好",
            "3.994,   3.99,  一般变好, 变好",
            "2,       2.00,  一般变好, 变好",
            "1.995,   2.00,  一般变好, 变好",
            "1.994,   1.99,  轻微变好, 变好",
            "1,       1.00,  轻微变好, 变好",
            "0.995,   1.00,  轻微变好, 变好",
            "0.994,   0.99,  基本稳定, 基本稳定",
            "0,       0.00,  基本稳定, 基本稳定",
            "-0.994,  -0.99, 基本稳定, 基本稳定",
            "-0.995,  -1.00, 轻微变差, 变差",
            "-1,      -1.00, 轻微变差, 变差",
            "-1.994,  -1.99, 轻微变差, 变差",
            "-1.995,  -2.00, 一般变差, 变差",
            "-2,      -2.00, 一般变差, 变差",
            "-2.005,  -2.01, 一般变差, 变差",
            "-3.994,  -3.99, 一般变差, 变差",
            "-3.995,  -4.00, 明显变差, 变差",
            "-4,      -4.00, 明显变差, 变差",
            "-8,      -8.00, 明显变差, 变差",
    })
    void grade_is_read_from_delta_ei_rounded_half_up_to_two_decimals_on_both_sides_of_every_boundary(String deltaEI,
            String rounded, String grade, String rollup) {
        ScoreResult r = Fixtures.resultWithDeltaEI(deltaEI);

        assertThat(r.deltaEIRounded().toPlainString()).isEqualTo(rounded);
        assertThat(r.grade()).isEqualTo(grade);
        assertThat(r.rollup()).isEqualTo(rollup);
        assertThat(ENGINE.grade(Fixtures.dec(deltaEI))).isEqualTo(grade);
    }

    @Test
    void half_up_rounds_negative_ties_away_from_zero() {
        assertThat(Fixtures.resultWithDeltaEI("-0.995").deltaEIRounded().toPlainString()).isEqualTo("-1.00");
        assertThat(Fixtures.resultWithDeltaEI("-1.485").deltaEIRounded().toPlainString()).isEqualTo("-1.49");
    }

    @Test
    void an_extraordinary_emergency_vetoes_and_forces_markedly_worse_whatever_the_rest() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .values("EQI.VALUE", "80", "70")
                .patch("10", PatchDirection.IMPROVED, true)
                .emergency(Severity.EXTRAORDINARY)
                .build());

        assertThat(r.veto()).isTrue();
        assertThat(r.bandGrade()).isEqualTo("明显变好"); // 0.6·10 + 0.35 − 1.0 = 5.35
        assertThat(r.deltaEI()).isEqualByComparingTo("5.35");
        assertThat(r.grade()).isEqualTo("明显变差");
        assertThat(r.rollup()).isEqualTo("变差");
        assertThat(r.events().value()).isEqualByComparingTo("-1.0");
        assertThat(r.events().vetoEvents()).isEqualTo(1);
    }

    @Test
    void no_other_event_vetoes() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .emergency(Severity.MAJOR).emergency(Severity.LARGE).emergency(Severity.GENERAL).ecologicalProblem()
                .build());

        assertThat(r.veto()).isFalse();
        assertThat(r.grade()).isEqualTo("轻微变差"); // clamp(−0.6 − 0.3 − 0.1 − 0.2) = −1.0
        assertThat(r.events().vetoEvents()).isZero();
    }
}
