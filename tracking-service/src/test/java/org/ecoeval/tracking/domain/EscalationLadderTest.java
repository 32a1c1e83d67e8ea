package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.ecoeval.contracts.AlertRaised.Level;
import org.junit.jupiter.api.Test;

class EscalationLadderTest {
    private static final Instant DUE = Instant.parse("2024-10-20T16:00:00Z");
    private static final EscalationPolicy POLICY = new EscalationPolicy(
            List.of(Duration.ofDays(1), Duration.ofDays(3)), List.of(Duration.ZERO, Duration.ofDays(2), Duration.ofDays(5)));

    private static List<String> dueAt(Instant now) {
        return EscalationLadder.evaluate(POLICY, DUE, now).dueNow().stream().map(EscalationPolicy.Step::key).toList();
    }

    @Test
    void steps_come_in_order_reminders_longest_first() {
        assertThat(POLICY.steps()).extracting(EscalationPolicy.Step::level).containsExactly(Level.REMINDER,
                Level.REMINDER, Level.OVERDUE, Level.ESCALATED, Level.ESCALATED);
        assertThat(POLICY.steps()).extracting(EscalationPolicy.Step::key).containsExactly("REMINDER-PT72H",
                "REMINDER-PT24H", "OVERDUE-0-PT0S", "ESCALATED-1-PT48H", "ESCALATED-2-PT120H");
        assertThat(POLICY.dueSoonWindow()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void what_is_due_and_when_to_look_again() {
        Instant early = DUE.minus(Duration.ofDays(4));
        assertThat(dueAt(early)).isEmpty();
        assertThat(EscalationLadder.evaluate(POLICY, DUE, early).nextStepAt()).contains(DUE.minus(Duration.ofDays(3)));

        assertThat(dueAt(DUE.minus(Duration.ofDays(3)))).containsExactly("REMINDER-PT72H");
        assertThat(dueAt(DUE.minus(Duration.ofHours(2)))).containsExactly("REMINDER-PT72H", "REMINDER-PT24H");
        assertThat(EscalationLadder.evaluate(POLICY, DUE, DUE.minusSeconds(1)).nextStepAt()).contains(DUE);
    }

    @Test
    void reminders_are_obsolete_once_the_deadline_has_passed_but_escalation_steps_are_never_skipped() {
        assertThat(dueAt(DUE)).containsExactly("OVERDUE-0-PT0S");
        assertThat(dueAt(DUE.plus(Duration.ofDays(6)))).containsExactly("OVERDUE-0-PT0S", "ESCALATED-1-PT48H",
                "ESCALATED-2-PT120H");
        assertThat(EscalationLadder.evaluate(POLICY, DUE, DUE.plus(Duration.ofDays(6))).nextStepAt()).isEmpty();
    }

    @Test
    void no_policy_no_steps() {
        assertThat(EscalationLadder.evaluate(EscalationPolicy.NONE, DUE, DUE.plusSeconds(1)).dueNow()).isEmpty();
        assertThat(EscalationLadder.firstStepAt(EscalationPolicy.NONE, DUE)).isEmpty();
        assertThat(EscalationLadder.firstStepAt(POLICY, DUE)).contains(DUE.minus(Duration.ofDays(3)));
    }
}
