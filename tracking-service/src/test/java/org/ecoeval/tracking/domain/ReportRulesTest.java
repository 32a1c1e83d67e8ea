package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.tracking.domain.ReportSnapshot.HistoryView;
import org.ecoeval.tracking.domain.ReportSnapshot.SubmissionView;
import org.ecoeval.tracking.domain.ReportSnapshot.VersionView;
import org.ecoeval.tracking.domain.ReportState.Action;
import org.junit.jupiter.api.Test;

/** The report's state machine and the "as it stood at asOf" rule, without a framework. */
class ReportRulesTest {

    @Test
    void each_state_allows_only_its_next_steps() {
        assertThat(ReportState.DRAFT.allowed()).containsExactly(Action.SUBMIT);
        assertThat(ReportState.AWAITING_SIGN_OFF.allowed()).containsExactly(Action.SIGN_OFF, Action.RETURN);
        assertThat(ReportState.SIGNED.allowed()).containsExactly(Action.SENT);
        assertThat(ReportState.RETURNED.allowed()).isEmpty();
        assertThat(ReportState.SENT.allowed()).isEmpty();
        assertThat(ReportState.AWAITING_SIGN_OFF.after(Action.SIGN_OFF)).isEqualTo(ReportState.SIGNED);
        assertThat(ReportState.SIGNED.after(Action.SIGN_OFF)).isNull();
        assertThat(ReportState.AWAITING_SIGN_OFF.after(Action.RETURN)).isEqualTo(ReportState.RETURNED);
        assertThat(List.of(ReportState.values()).stream().filter(ReportState::packaged))
                .containsExactly(ReportState.SIGNED, ReportState.SENT);
        assertThat(Action.SIGN_OFF.role()).isEqualTo("leader");
        assertThat(Action.SUBMIT.role()).isEqualTo("bureau");
    }

    private static final Instant T = Instant.parse("2024-10-20T08:00:00Z");

    private static SubmissionView revisedAfterAcceptance() {
        return new SubmissionView("s-1", "150425-2024", "EEB", "EEB-ENV-QUALITY", "SUBMITTED", 2, false, T,
                List.of(new VersionView(1, "eeb", T, false, List.of(new IndicatorValue("ENV.AIR.GOOD_DAYS_RATIO", 2024,
                        new BigDecimal("90"))), List.of(), List.of(), List.of("e-1"), null, Map.of()),
                        new VersionView(2, "eeb", T.plusSeconds(7200), false, List.of(new IndicatorValue(
                                "ENV.AIR.GOOD_DAYS_RATIO", 2024, new BigDecimal("91"))), List.of(), List.of(),
                                List.of("e-2"), null, Map.of())),
                List.of(new HistoryView(T, "eeb", "department", "SUBMIT", 1, "SUBMITTED", null, null),
                        new HistoryView(T.plusSeconds(3600), "bureau", "bureau", "ACCEPT", 1, "ACCEPTED", "好",
                                Map.of("LIVING.SEWAGE", new BigDecimal("0.5"))),
                        new HistoryView(T.plusSeconds(7200), "eeb", "department", "REVISE", 2, "SUBMITTED", null,
                                null)));
    }

    @Test
    void a_submission_is_taken_as_it_stood_at_the_instant() {
        SubmissionView view = revisedAfterAcceptance();
        assertThat(ReportSnapshot.asOf(view, T.minusSeconds(1))).isEmpty();
        var submitted = ReportSnapshot.asOf(view, T.plusSeconds(60)).orElseThrow();
        assertThat(submitted.status()).isEqualTo("SUBMITTED");
        assertThat(submitted.acceptedVersion()).isNull();
        var accepted = ReportSnapshot.asOf(view, T.plusSeconds(3600)).orElseThrow();
        assertThat(accepted.status()).isEqualTo("ACCEPTED");
        assertThat(accepted.version()).isEqualTo(1);
        assertThat(accepted.values()).extracting(IndicatorValue::value).containsExactly(new BigDecimal("90"));
        assertThat(accepted.managementScores()).containsEntry("LIVING.SEWAGE", new BigDecimal("0.5"));
        assertThat(accepted.history()).hasSize(2);
        // the revision after acceptance reopens it: no accepted value any more, version 2's content
        var revised = ReportSnapshot.asOf(view, T.plusSeconds(7200)).orElseThrow();
        assertThat(revised.status()).isEqualTo("SUBMITTED");
        assertThat(revised.version()).isEqualTo(2);
        assertThat(revised.evidence()).containsExactly("e-2");
        assertThat(revised.accepted()).isFalse();
    }
}
