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
 * the OVERDUE step speaks for it. Escalation steps are never skipped, however late the sweep runs. With working
 * days, steps that have come outside office time wait for the next office time (the caller stores it as the
 * instance's next look, so the wait survives a restart) and are raised then, once.
 */
public final class EscalationLadder {

    /** The steps to raise now, each with the deadline it belongs to, and when to look again. */
    public record Decision(List<Step> dueNow, Optional<Instant> nextStepAt) {
    }

    public static Decision evaluate(EscalationPolicy policy, Instant dueAt, Instant now) {
        return evaluate(policy, policy.steps(), dueAt, now);
    }

    /** The correction ladder of a submission returned with correction deadline {@code correctionDueAt}. */
    public static Decision evaluateCorrection(EscalationPolicy policy, Instant correctionDueAt, Instant now) {
        return evaluate(policy, policy.correctionSteps(), correctionDueAt, now);
    }

    private static Decision evaluate(EscalationPolicy policy, List<Step> steps, Instant dueAt, Instant now) {
        List<Step> due = new ArrayList<>();
        Instant next = null;
        for (Step step : steps) {
            Instant at = policy.at(step, dueAt);
            if (!at.isAfter(now)) {
                if (step.level() == Level.REMINDER && !now.isBefore(dueAt)) {
                    continue;
                }
                due.add(step);
            } else if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        if (!due.isEmpty() && !policy.mayRaiseAt(now)) {
            // outside office hours: nothing goes out now; look again when the office opens
            return new Decision(List.of(), Optional.of(policy.nextRaisingTime(now)));
        }
        return new Decision(due, Optional.ofNullable(next));
    }

    /** When the sweep should first look at an instance due at {@code dueAt}: its earliest step, if any. */
    public static Optional<Instant> firstStepAt(EscalationPolicy policy, Instant dueAt) {
        return policy.steps().stream().map(s -> policy.at(s, dueAt)).min(Instant::compareTo);
    }

    /** Every step of an instance with the time it fires (or fired): the task view's {@code schedule}. */
    public record Planned(Level level, Instant at, boolean correction) {
    }

    public static List<Planned> schedule(EscalationPolicy policy, Instant dueAt, Instant correctionDueAt) {
        List<Planned> out = new ArrayList<>();
        for (EscalationPolicy.Step s : policy.steps()) {
            Instant at = policy.at(s, dueAt);
            // a reminder that could only come at or after the deadline never fires (OVERDUE speaks for it)
            if (s.level() != Level.REMINDER || at.isBefore(dueAt)) {
                out.add(new Planned(s.level(), at, false));
            }
        }
        if (correctionDueAt != null) {
            policy.correctionSteps().forEach(s -> out.add(new Planned(s.level(), policy.at(s, correctionDueAt), true)));
        }
        out.sort(java.util.Comparator.comparing(Planned::at));
        return out;
    }

    private EscalationLadder() {
    }
}
