package org.ecoeval.tracking.domain;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.Plan;

/**
 * A plan's reminder and escalation ladder (pure): {@code remindBefore} durations raise REMINDER before the
 * due time; {@code escalateAfter[0]} raises OVERDUE (to the unit head) and the later steps ESCALATED (to the
 * supervisors), each that long after the due time. A plan without {@code escalation} raises nothing.
 */
public record EscalationPolicy(List<Duration> remindBefore, List<Duration> escalateAfter) {

    public static final EscalationPolicy NONE = new EscalationPolicy(List.of(), List.of());

    /** One rung of the ladder: its stable key (unique per task instance and due time), level and offset. */
    public record Step(String key, Level level, Duration offset, int escalationIndex) {
        /** When this step falls due for a task instance due at {@code dueAt}. */
        public java.time.Instant at(java.time.Instant dueAt) {
            return level == Level.REMINDER ? dueAt.minus(offset) : dueAt.plus(offset);
        }
    }

    /** The policy of a validated plan. */
    public static EscalationPolicy of(Plan plan) {
        if (plan.escalation() == null) {
            return NONE;
        }
        return new EscalationPolicy(parseAll(plan.escalation().remindBefore()),
                parseAll(plan.escalation().escalateAfter()));
    }

    private static List<Duration> parseAll(List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        return texts.stream().map(t -> parse(t).orElseThrow(() -> new IllegalArgumentException("bad duration " + t)))
                .toList();
    }

    /** An ISO-8601 duration ({@code P3D}, {@code PT0S}, {@code PT36H}); empty when unreadable. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Every step in the order it falls due: reminders (longest first), then escalation steps. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        remindBefore.stream().distinct().sorted(Comparator.reverseOrder())
                .forEach(d -> steps.add(new Step("REMINDER-" + d, Level.REMINDER, d, -1)));
        for (int i = 0; i < escalateAfter.size(); i++) {
            Duration d = escalateAfter.get(i);
            Level level = i == 0 ? Level.OVERDUE : Level.ESCALATED;
            steps.add(new Step(level + "-" + i + "-" + d, level, d, i));
        }
        return steps;
    }

    /** The longest reminder lead time: an open task is DUE_SOON from {@code dueAt - dueSoonWindow()}. */
    public Duration dueSoonWindow() {
        return remindBefore.stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
