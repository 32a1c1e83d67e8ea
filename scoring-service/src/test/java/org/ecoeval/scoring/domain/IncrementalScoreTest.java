package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ecoeval.scoring.domain.Fixtures.C;
import static org.ecoeval.scoring.domain.Fixtures.E;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;
import static org.ecoeval.scoring.domain.Fixtures.at;
import static org.ecoeval.scoring.domain.Fixtures.dec;
import static org.ecoeval.scoring.domain.Fixtures.submission;
import static org.ecoeval.scoring.domain.Fixtures.value;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.junit.jupiter.api.Test;

class IncrementalScoreTest {

    private final IncrementalScore score = new IncrementalScore(ENGINE, E, C);

    @Test
    void a_newer_version_replaces_the_older_one_and_withdraws_what_it_no_longer_carries() {
        score.apply(submission("s", 1, 1, List.of(value("EQI.VALUE", E, "60"), value("EQI.VALUE", C, "50"))));
        assertThat(score.result().technical().deltaEQI()).isEqualByComparingTo("10");

        score.apply(submission("s", 2, 2, List.of(value("EQI.VALUE", E, "52"))));

        assertThat(score.result().technical().eqiBasis()).isEqualTo(ScoreResult.EqiBasis.SUB_INDICES);
        assertThat(score.inputs().values()).containsOnlyKeys(new ValueKey("EQI.VALUE", E));
        assertThat(score.result()).isEqualTo(score.fullRecompute());
    }

    @Test
    void an_older_version_arriving_after_a_newer_one_is_ignored() {
        score.apply(submission("s", 2, 2, List.of(value("EQI.VALUE", E, "60"), value("EQI.VALUE", C, "50"))));

        boolean applied = score.apply(submission("s", 1, 1, List.of(value("EQI.VALUE", E, "10"),
                value("EQI.VALUE", C, "50"))));

        assertThat(applied).isFalse();
        assertThat(score.result().technical().deltaEQI()).isEqualByComparingTo("10");
    }

    @Test
    void redelivering_the_same_version_changes_nothing() {
        SubmissionInputs s = submission("s", 1, 1, List.of(value("EQI.VALUE", E, "60"), value("EQI.VALUE", C, "50")));
        score.apply(s);
        ScoreResult before = score.result();

        score.apply(s);
        score.apply(s);

        assertThat(score.result()).isEqualTo(before);
        assertThat(score.submissions()).hasSize(1);
    }

    @Test
    void a_returned_submission_stops_counting_until_a_newer_version_is_submitted() {
        score.apply(submission("s", 1, 1, List.of(value("EQI.VALUE", E, "60"), value("EQI.VALUE", C, "50"))));

        assertThat(score.remove("s", 1)).isTrue();
        assertThat(score.result().technical().deltaEQI()).isEqualByComparingTo("0");

        // a redelivery of the returned version does not bring it back
        assertThat(score.apply(submission("s", 1, 1, List.of(value("EQI.VALUE", E, "60"))))).isFalse();
        assertThat(score.submissions()).isEmpty();

        // the resubmission does
        assertThat(score.apply(submission("s", 2, 3, List.of(value("EQI.VALUE", E, "61"),
                value("EQI.VALUE", C, "50"))))).isTrue();
        assertThat(score.result().technical().deltaEQI()).isEqualByComparingTo("11");
    }

    @Test
    void a_late_return_of_an_older_version_does_not_withdraw_a_newer_one() {
        score.apply(submission("s", 2, 2, List.of(value("EQI.VALUE", E, "60"), value("EQI.VALUE", C, "50"))));

        assertThat(score.remove("s", 1)).isFalse();
        assertThat(score.result().technical().deltaEQI()).isEqualByComparingTo("10");
    }

    @Test
    void when_two_submissions_give_the_same_indicator_year_the_latest_submitted_wins_whatever_the_arrival_order() {
        SubmissionInputs early = submission("a", 1, 1, List.of(value("EQI.VALUE", E, "60")));
        SubmissionInputs late = submission("b", 1, 2, List.of(value("EQI.VALUE", E, "65")));
        IncrementalScore other = new IncrementalScore(ENGINE, E, C);

        score.apply(early);
        score.apply(late);
        other.apply(late);
        other.apply(early);

        assertThat(score.inputs().value("EQI.VALUE", E)).isEqualByComparingTo("65");
        assertThat(other.result()).isEqualTo(score.result());

        score.remove("b", 1);
        assertThat(score.inputs().value("EQI.VALUE", E)).isEqualByComparingTo("60");
    }

    @Test
    void equal_submission_times_are_decided_by_the_greater_submission_id() {
        score.apply(submission("b", 1, 1, List.of(value("EQI.VALUE", E, "65"))));
        score.apply(submission("a", 1, 1, List.of(value("EQI.VALUE", E, "60"))));

        assertThat(score.inputs().value("EQI.VALUE", E)).isEqualByComparingTo("65");
    }

    @Test
    void the_latest_accepted_review_of_a_management_item_wins() {
        score.apply(new SubmissionInputs("later-submitted", 1, at(5), at(20), List.of(),
                Map.of("GREEN.INVESTMENT", dec("1")), List.of(), List.of()));
        score.apply(new SubmissionInputs("earlier-submitted", 1, at(1), at(30), List.of(),
                Map.of("GREEN.INVESTMENT", dec("-1")), List.of(), List.of()));

        assertThat(score.inputs().managementScores()).containsEntry("GREEN.INVESTMENT", dec("-1"));
        assertThat(score.result().management().categories().get("GREEN")).isEqualByComparingTo("-0.25");
        assertThat(score.result()).isEqualTo(score.fullRecompute());
    }

    @Test
    void a_value_for_another_year_is_refused_without_touching_the_state() {
        score.apply(submission("s", 1, 1, List.of(value("EQI.VALUE", E, "60"))));
        ScoreResult before = score.result();

        assertThatThrownBy(() -> score.apply(submission("s", 2, 2, List.of(value("EQI.VALUE", E, "70"),
                value("EQI.VALUE", 2019, "50"))))).isInstanceOf(IllegalArgumentException.class);

        assertThat(score.result()).isEqualTo(before);
    }

    @Test
    void out_of_range_inputs_are_refused() {
        assertThatThrownBy(() -> submission("s", 1, 1, List.of(value("ENV.AIR.COMPOSITE_INDEX", E, "20.5"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubmissionInputs("s", 1, at(1), null, List.of(),
                Map.of("GREEN.INVESTMENT", dec("1.01")), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubmissionInputs("s", 1, at(1), null, List.of(),
                Map.of("GREEN.UNKNOWN", dec("1")), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> submission("s", 1, 1, List.of(value("EQI.NOPE", E, "1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void submission_inputs_take_management_scores_only_from_an_acceptance() {
        Instant submitted = at(1);
        Instant accepted = at(9);
        SubmissionEvent acceptance = new SubmissionEvent("ev-2", SubmissionEvent.Type.SubmissionAccepted, "s", 1,
                "150425-2024", "FIN", "FIN-INVEST", SubmissionStatus.ACCEPTED, List.of(), List.of(), List.of(),
                Map.of("GREEN.INVESTMENT", new BigDecimal("0.5")), accepted, submitted, false);
        SubmissionEvent submission = new SubmissionEvent("ev-1", SubmissionEvent.Type.SubmissionSubmitted, "s", 1,
                "150425-2024", "FIN", "FIN-INVEST", SubmissionStatus.SUBMITTED, null, null, null, null, submitted,
                submitted, false);

        SubmissionInputs fromAcceptance = SubmissionInputs.of(acceptance);
        SubmissionInputs fromSubmission = SubmissionInputs.of(submission);

        assertThat(fromAcceptance.managementScores()).containsEntry("GREEN.INVESTMENT", dec("0.5"));
        assertThat(fromAcceptance.reviewedAt()).isEqualTo(accepted);
        assertThat(fromAcceptance.submittedAt()).isEqualTo(submitted);
        assertThat(fromSubmission.managementScores()).isEmpty();
        assertThat(fromSubmission.values()).isEmpty();
    }

    @Test
    void terms_stay_small_however_many_submissions_count() {
        for (int i = 0; i < 500; i++) {
            score.apply(submission("s" + i, 1, i, List.of(value("EQI.VALUE", E, String.valueOf(i % 100)),
                    value("ENV.AIR.GOOD_DAYS_RATIO", C, "50"))));
        }
        ScoreTerms terms = score.terms();

        assertThat(terms.values()).hasSize(2);
        assertThat(score.inputs().value("EQI.VALUE", E)).isEqualByComparingTo("99"); // s499 is the latest
        assertThat(score.result()).isEqualTo(score.fullRecompute());
    }
}
