package org.ecoeval.tracking.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.tracking.domain.EscalationPolicy.Step;

/**
 * Which steps of the ladder fall due for an open task instance at a given moment (pure). Whether a step was
 * already raised is the store's business (one row per instance, step and due time); this only says what is
 * due and when to look again. A reminder whose deadline has already passed is obsolete and is not raised:
 * the OVERDUE step speaks for it. Escalation steps are never skipped, however late the sweep runs.
 */
public final class EscalationLadder {

    public record Decision(List<Step> dueNow, Optional<Instant> nextStepAt) {
    }

    public static Decision evaluate(EscalationPolicy policy, Instant dueAt, Instant now) {
        List<Step> due = new ArrayList<>();
        Instant next = null;
        for (Step step : policy.steps()) {
            Instant at = step.at(dueAt);
            if (!at.isAfter(now)) {
                if (step.level() == Level.REMINDER && !now.isBefore(dueAt)) {
                    continue;
                }
                due.add(step);
            } else if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return new Decision(due, Optional.ofNullable(next));
    }

    /** When the sweep should first look at an instance due at {@code dueAt}: its earliest step, if any. */
    public static Optional<Instant> firstStepAt(EscalationPolicy policy, Instant dueAt) {
        return policy.steps().stream().map(s -> s.at(dueAt)).min(Instant::compareTo);
    }

    private EscalationLadder() {
    }
}
