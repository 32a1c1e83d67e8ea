package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.domain.Fixtures.C;
import static org.ecoeval.scoring.domain.Fixtures.E;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;
import static org.ecoeval.scoring.domain.Fixtures.MEE_2022;
import static org.ecoeval.scoring.domain.Fixtures.at;
import static org.ecoeval.scoring.domain.Fixtures.dec;
import static org.ecoeval.scoring.domain.Fixtures.emergency;
import static org.ecoeval.scoring.domain.Fixtures.inputs;
import static org.ecoeval.scoring.domain.Fixtures.patch;
import static org.ecoeval.scoring.domain.Fixtures.problem;

import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.ManagementItem;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManagementRemoteSensingAndEventTermsTest {

    // ---- management ----

    @Test
    void management_category_is_the_mean_of_its_items_an_unscored_item_counting_zero() {
        ScoreResult r = ENGINE.fullRecompute(inputs()
                .score("ORGANISATION.LEADERSHIP", "1")
                .score("GREEN.INVESTMENT", "0.5")
                .build());

        assertThat(r.management().categories().get("ORGANISATION")).isEqualByComparingTo("0.5"); // (1 + 0)/2
        assertThat(r.management().categories().get("GREEN")).isEqualByComparingTo("0.125"); // 0.5/4
        // 1.5·0.2·(0.5 + 0.125)
        assertThat(r.management().value()).isEqualByComparingTo("0.1875");
        assertThat(r.management().scoredItems()).isEqualTo(2);
    }

    @Test
    void management_at_every_item_excellent_reaches_exactly_plus_1_5_and_at_every_failure_minus_1_5() {
        ScoreInputs.Builder best = inputs();
        ScoreInputs.Builder worst = inputs();
        for (ManagementItem item : IndicatorCatalogue.managementItems()) {
            best.score(item.code(), "1");
            worst.score(item.code(), "-1");
        }
        assertThat(ENGINE.fullRecompute(best.build()).management().value()).isEqualByComparingTo("1.5");
        assertThat(ENGINE.fullRecompute(worst.build()).management().value()).isEqualByComparingTo("-1.5");
    }

    @Test
    void management_is_clamped_to_plus_minus_1_5_on_the_weighted_sum() {
        // with mee-2022's own mapping the clamp cannot bind; a steeper scale shows it does
        Methodology steep = withManagementScale("3");
        DeltaEiEngine engine = new DeltaEiEngine(steep);
        ScoreInputs.Builder best = inputs();
        ScoreInputs.Builder worst = inputs();
        for (ManagementItem item : IndicatorCatalogue.managementItems()) {
            best.score(item.code(), "1");
            worst.score(item.code(), "-1");
        }
        ScoreResult high = engine.fullRecompute(best.build());
        assertThat(high.management().raw()).isEqualByComparingTo("3");
        assertThat(high.management().value()).isEqualByComparingTo("1.5");
        ScoreResult low = engine.fullRecompute(worst.build());
        assertThat(low.management().raw()).isEqualByComparingTo("-3");
        assertThat(low.management().value()).isEqualByComparingTo("-1.5");
    }

    // ---- remote sensing ----

    @ParameterizedTest(name = "{0} km² {1} verified={2} contributes {3}")
    @CsvSource({
            "2,    IMPROVED, true,  0.2",
            "3.4,  IMPROVED, true,  0.34",
            "3.5,  IMPROVED, true,  0.35",
            "3.6,  IMPROVED, true,  0.35",
            "100,  IMPROVED, true,  0.35",
            "0.01, DEGRADED, true,  -0.001",
            "10,   DEGRADED, true,  -0.35",
            "5,    DEGRADED, false, 0",
            "50,   IMPROVED, false, 0",
    })
    void each_verified_patch_contributes_a_tenth_per_km2_capped_at_0_35_and_unverified_ones_nothing(String area,
            PatchDirection direction, boolean verified, String contribution) {
        ScoreResult r = ENGINE.fullRecompute(inputs().patch(area, direction, verified).build());

        assertThat(r.remoteSensing().value()).isEqualByComparingTo(contribution);
    }

    @Test
    void remote_sensing_is_clamped_to_plus_minus_0_7() {
        ScoreResult up = ENGINE.fullRecompute(inputs().patch("10", PatchDirection.IMPROVED, true)
                .patch("10", PatchDirection.IMPROVED, true).patch("10", PatchDirection.IMPROVED, true).build());
        assertThat(up.remoteSensing().raw()).isEqualByComparingTo("1.05");
        assertThat(up.remoteSensing().value()).isEqualByComparingTo("0.7");

        ScoreResult down = ENGINE.fullRecompute(inputs().patch("4", PatchDirection.DEGRADED, true)
                .patch("4", PatchDirection.DEGRADED, true).patch("4", PatchDirection.DEGRADED, true).build());
        assertThat(down.remoteSensing().value()).isEqualByComparingTo("-0.7");
    }

    @Test
    void remote_sensing_clamps_the_sum_not_each_step_so_a_later_degraded_patch_offsets_the_raw_excess() {
        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        score.apply(patches("s1", 1, patch("P-1", "10", PatchDirection.IMPROVED, true),
                patch("P-2", "10", PatchDirection.IMPROVED, true), patch("P-3", "10", PatchDirection.IMPROVED, true)));
        assertThat(score.result().remoteSensing().value()).isEqualByComparingTo("0.7");

        score.apply(patches("s2", 2, patch("P-4", "10", PatchDirection.DEGRADED, true)));

        // raw 1.05 − 0.35 = 0.70 (clamping each step would have given 0.7 − 0.35 = 0.35)
        assertThat(score.result().remoteSensing().value()).isEqualByComparingTo("0.7");
        assertThat(score.result()).isEqualTo(score.fullRecompute());

        score.apply(patches("s3", 3, patch("P-5", "10", PatchDirection.DEGRADED, true)));
        assertThat(score.result().remoteSensing().value()).isEqualByComparingTo("0.35");
    }

    @Test
    void a_patch_id_given_by_two_submissions_counts_once_the_latest_submitted_winning() {
        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        score.apply(patches("survey", 1, patch("P-7", "2", PatchDirection.IMPROVED, true)));
        score.apply(patches("correction", 2, patch("P-7", "3", PatchDirection.IMPROVED, true)));

        assertThat(score.result().remoteSensing().value()).isEqualByComparingTo("0.3");
        assertThat(score.result().remoteSensing().patches()).isEqualTo(1);

        score.remove("correction", 1);
        assertThat(score.result().remoteSensing().value()).isEqualByComparingTo("0.2");
        assertThat(score.result()).isEqualTo(score.fullRecompute());
    }

    // ---- events ----

    @ParameterizedTest(name = "{0} deducts {1}")
    @CsvSource({
            "EXTRAORDINARY, -1.0",
            "MAJOR,         -0.6",
            "LARGE,         -0.3",
            "GENERAL,       -0.1",
    })
    void each_emergency_deducts_by_severity(Severity severity, String deduction) {
        assertThat(ENGINE.fullRecompute(inputs().emergency(severity).build()).events().value())
                .isEqualByComparingTo(deduction);
    }

    @Test
    void an_ecological_problem_deducts_0_2_whatever_severity_it_carries() {
        assertThat(ENGINE.eventDeduction(problem("X"))).isEqualByComparingTo("-0.2");
        assertThat(ENGINE.eventDeduction(new org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent("Y",
                org.ecoeval.contracts.SubmissionContent.EventKind.ECOLOGICAL_PROBLEM, Severity.EXTRAORDINARY,
                null))).isEqualByComparingTo("-0.2");
        assertThat(ENGINE.vetoes(problem("X"))).isFalse();
    }

    @Test
    void events_are_clamped_to_minus_one_and_never_add() {
        ScoreResult r = ENGINE.fullRecompute(inputs().emergency(Severity.MAJOR).emergency(Severity.MAJOR).build());
        assertThat(r.events().raw()).isEqualByComparingTo("-1.2");
        assertThat(r.events().value()).isEqualByComparingTo("-1.0");

        ScoreResult none = ENGINE.fullRecompute(inputs().build());
        assertThat(none.events().value()).isEqualByComparingTo("0");
        assertThat(none.events().count()).isZero();
    }

    @Test
    void removing_an_event_restores_the_unclamped_sum_below_the_clamp() {
        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        score.apply(events("a", emergency("E-1", Severity.MAJOR)));
        score.apply(events("b", emergency("E-2", Severity.MAJOR)));
        score.apply(events("c", problem("E-3")));
        assertThat(score.result().events().value()).isEqualByComparingTo("-1.0");

        score.remove("b", 1);

        assertThat(score.result().events().value()).isEqualByComparingTo("-0.8");
        assertThat(score.result()).isEqualTo(score.fullRecompute());
    }

    @Test
    void veto_is_lifted_when_the_extraordinary_event_stops_counting() {
        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        score.apply(events("a", emergency("E-1", Severity.EXTRAORDINARY)));
        assertThat(score.result().veto()).isTrue();
        assertThat(score.result().grade()).isEqualTo("明显变差");

        score.apply(new SubmissionInputs("a", 2, at(5), null, List.of(), Map.of(), List.of(),
                List.of(emergency("E-1", Severity.GENERAL))));

        assertThat(score.result().veto()).isFalse();
        assertThat(score.result().grade()).isEqualTo("基本稳定");
    }

    // ---- helpers ----

    private static SubmissionInputs patches(String id, long at, org.ecoeval.contracts.SubmissionContent.Patch... p) {
        return new SubmissionInputs(id, 1, at(at), null, List.of(), Map.of(), List.of(p), List.of());
    }

    private static SubmissionInputs events(String id, org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent e) {
        return new SubmissionInputs(id, 1, at(1), null, List.of(), Map.of(), List.of(), List.of(e));
    }

    private static Methodology withManagementScale(String scale) {
        Methodology m = MEE_2022;
        Methodology.Management mg = m.management();
        return new Methodology(m.version() + "-steep", m.ecological(), m.environmental(), m.technical(),
                new Methodology.Management(dec(scale), mg.unscoredItemScore(), mg.categoryWeights(), mg.range()),
                m.remoteSensing(), m.events(), m.grading(), m.eqiClasses(), m.statuses());
    }
}
