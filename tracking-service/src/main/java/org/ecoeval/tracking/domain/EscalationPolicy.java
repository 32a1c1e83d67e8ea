package org.ecoeval.tracking.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.Plan;

/**
 * A plan's reminder and escalation ladder (pure). {@code remindBefore} durations raise REMINDER (to the task's
 * owner) before the due time. The rungs after it come either from the older {@code escalateAfter}
 * ({@code [0]} raises OVERDUE to owner and head, the later steps ESCALATED to every supervisor, and every
 * supervisor's webhook hears every step, as before) or from the {@code ladder} with tiers, whose steps notify
 * exactly whom they name ({@code @owner}, {@code @head}, supervisors by name). With {@code workingDays} the
 * durations count working days of the {@link WorkingCalendar} and a step fires at office time only. A plan
 * without {@code escalation} raises nothing.
 */
public record EscalationPolicy(List<Duration> remindBefore, List<Rung> rungs, boolean everyWebhookHearsEveryStep,
        Duration correctionWithin, WorkingCalendar calendar, ZoneId zone) {

    public static final String OWNER = "@owner";
    public static final String HEAD = "@head";
    /** The older ladder's ESCALATED recipients: every supervisor. */
    public static final String ALL_SUPERVISORS = "@supervisors";

    public static final EscalationPolicy NONE = new EscalationPolicy(List.of(), List.of());

    /** A step after the due time: its level, offset and recipients. */
    public record Rung(Level level, Duration after, List<String> recipients) {
    }

    /**
     * One step of the ladder: its stable key (unique per task instance and due time), level, offset, index among
     * the steps after the due time (−1 for reminders), recipients, and whether it belongs to the correction
     * ladder of a returned submission.
     */
    public record Step(String key, Level level, Duration offset, int escalationIndex, List<String> recipients,
            boolean correction) {

        public Step(String key, Level level, Duration offset, int escalationIndex) {
            this(key, level, offset, escalationIndex, List.of(), false);
        }

        /** When this step nominally falls due for a task instance due at {@code dueAt}, in calendar time. */
        public Instant at(Instant dueAt) {
            return level == Level.REMINDER ? dueAt.minus(offset) : dueAt.plus(offset);
        }
    }

    /** The older form: reminders and {@code escalateAfter}, calendar time. */
    public EscalationPolicy(List<Duration> remindBefore, List<Duration> escalateAfter) {
        this(remindBefore, olderRungs(escalateAfter), true, null, null, null);
    }

    private static List<Rung> olderRungs(List<Duration> escalateAfter) {
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i < escalateAfter.size(); i++) {
            rungs.add(i == 0 ? new Rung(Level.OVERDUE, escalateAfter.get(i), List.of(OWNER, HEAD))
                    : new Rung(Level.ESCALATED, escalateAfter.get(i), List.of(ALL_SUPERVISORS)));
        }
        return rungs;
    }

    /** The policy of a validated plan; {@code calendar} is used when the plan counts working days. */
    public static EscalationPolicy of(Plan plan, WorkingCalendar calendar) {
        Plan.Escalation e = plan.escalation();
        if (e == null) {
            return NONE;
        }
        List<Duration> reminders = parseAll(e.remindBefore());
        List<Rung> rungs;
        boolean older = e.ladder() == null;
        if (older) {
            rungs = olderRungs(parseAll(e.escalateAfter()));
        } else {
            rungs = e.ladder().stream().map(s -> new Rung(Level.valueOf(s.level()), parseRequired(s.after()),
                    s.recipients() == null ? List.of() : List.copyOf(s.recipients()))).toList();
        }
        Duration correction = e.correctionWithin() == null ? null : parseRequired(e.correctionWithin());
        boolean working = e.countsWorkingDays();
        return new EscalationPolicy(reminders, rungs, older, correction, working ? calendar : null,
                working ? ZoneId.of(plan.timeZone()) : null);
    }

    /** The policy in calendar time, without working days (what the older plans had). */
    public static EscalationPolicy of(Plan plan) {
        return of(plan, null);
    }

    private static List<Duration> parseAll(List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        return texts.stream().map(EscalationPolicy::parseRequired).toList();
    }

    private static Duration parseRequired(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("bad duration " + text));
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

    public boolean countsWorkingDays() {
        return calendar != null;
    }

    /** Every step in the order it falls due: reminders (longest first), then the steps after the due time. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        remindBefore.stream().distinct().sorted(Comparator.reverseOrder())
                .forEach(d -> steps.add(new Step("REMINDER-" + d, Level.REMINDER, d, -1, List.of(OWNER), false)));
        for (int i = 0; i < rungs.size(); i++) {
            Rung r = rungs.get(i);
            steps.add(new Step(r.level() + "-" + i + "-" + r.after(), r.level(), r.after(), i, r.recipients(), false));
        }
        return steps;
    }

    /**
     * The steps that climb again after a returned submission's correction deadline (no reminders: the return
     * itself was the notice); empty without {@code correctionWithin}.
     */
    public List<Step> correctionSteps() {
        if (correctionWithin == null) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            Rung r = rungs.get(i);
            steps.add(new Step("CORRECTION-" + r.level() + "-" + i + "-" + r.after(), r.level(), r.after(), i,
                    r.recipients(), true));
        }
        return steps;
    }

    /**
     * When {@code step} fires for a deadline {@code dueAt}: its offset from the deadline (in working days when the
     * plan counts them), then, with working days, the next office time at or after that.
     */
    public Instant at(Step step, Instant dueAt) {
        if (calendar == null) {
            return step.at(dueAt);
        }
        Duration signed = step.level() == Level.REMINDER ? step.offset().negated() : step.offset();
        return calendar.officeTimeAtOrAfter(calendar.plusWorkingDays(dueAt, signed, zone), zone);
    }

    /** A returned submission's correction deadline, {@code correctionWithin} after the return; empty without one. */
    public Optional<Instant> correctionDueAt(Instant returnedAt) {
        if (correctionWithin == null) {
            return Optional.empty();
        }
        return Optional.of(calendar == null ? returnedAt.plus(correctionWithin)
                : calendar.plusWorkingDays(returnedAt, correctionWithin, zone));
    }

    /** Whether an alert may be raised at {@code now}: always in calendar time, else at office time only. */
    public boolean mayRaiseAt(Instant now) {
        return calendar == null || calendar.isOfficeTime(now, zone);
    }

    /** When alerts held back at {@code now} may go out. */
    public Instant nextRaisingTime(Instant now) {
        return calendar == null ? now : calendar.officeTimeAtOrAfter(now, zone);
    }

    /** The longest reminder lead time: an open task is DUE_SOON from {@code dueAt - dueSoonWindow()}. */
    public Duration dueSoonWindow() {
        return remindBefore.stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
