package org.ecoeval.tracking.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;

/**
 * The deadline calendar of a plan (pure). A {@code due} date means the end of that day in the plan's time
 * zone, i.e. 24:00 local = the start of the next day; an ISO date-time with an offset is taken as it is.
 * A {@code QUARTERLY} task becomes four instances {@code ID#Q1}..{@code ID#Q4}, each due at the end of its
 * quarter of the evaluation year (24:00 local on 31 March, 30 June, 30 September, 31 December).
 */
public final class DeadlineCalendar {
    public static final String QUARTERLY = "QUARTERLY";

    /** The instant a {@code due} text stands for, or empty when it is neither a date nor a date-time with offset. */
    public static Optional<Instant> dueInstant(String due, ZoneId zone) {
        if (due == null || due.isBlank()) {
            return Optional.empty();
        }
        String text = due.strip();
        try {
            return Optional.of(endOfDay(LocalDate.parse(text), zone));
        } catch (DateTimeParseException notADate) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException notADateTime) {
                return Optional.empty();
            }
        }
    }

    /** 24:00 of {@code day} in {@code zone}: the first instant of the following day. */
    public static Instant endOfDay(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The last day of quarter {@code q} (1–4) of {@code year}. */
    public static LocalDate quarterEnd(int year, int q) {
        if (q < 1 || q > 4) {
            throw new IllegalArgumentException("quarter must be 1..4: " + q);
        }
        return LocalDate.of(year, q * 3, 1).with(TemporalAdjusters.lastDayOfMonth());
    }

    public static Optional<ZoneId> zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(timeZone.strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Every task instance of a valid plan, in the plan's task order (quarters in order).
     *
     * @throws IllegalArgumentException if the plan's time zone or a one-off task's due cannot be read (a
     *             validated plan never does that)
     */
    public static List<TaskInstance> expand(Plan plan) {
        return expand(plan, null);
    }

    /**
     * Every task instance of a valid plan; with {@code dueOnNonWorkingDay: NEXT_WORKING_DAY} and a calendar, a
     * deadline whose day is not a working day moves to the same time of the next working day (a date's 24:00
     * to the end of that working day).
     */
    public static List<TaskInstance> expand(Plan plan, WorkingCalendar calendar) {
        List<TaskInstance> instances = expandAsWritten(plan);
        if (calendar == null || !Plan.DueOnNonWorkingDay.NEXT_WORKING_DAY.name().equals(plan.dueOnNonWorkingDay())) {
            return instances;
        }
        ZoneId zone = ZoneId.of(plan.timeZone());
        return instances.stream().map(i -> new TaskInstance(i.id(), i.taskId(), i.department(), i.title(),
                nextWorkingDeadline(i.dueAt(), zone, calendar))).toList();
    }

    /** The local day a deadline falls on: 24:00 belongs to the day it ends. */
    public static LocalDate deadlineDay(Instant dueAt, ZoneId zone) {
        return dueAt.minusNanos(1).atZone(zone).toLocalDate();
    }

    /** {@code dueAt}, or the same deadline moved to the next working day when its day is not one. */
    public static Instant nextWorkingDeadline(Instant dueAt, ZoneId zone, WorkingCalendar calendar) {
        LocalDate day = deadlineDay(dueAt, zone);
        LocalDate working = calendar.workingDayAtOrAfter(day);
        if (working.equals(day)) {
            return dueAt;
        }
        return dueAt.atZone(zone).plusDays(java.time.temporal.ChronoUnit.DAYS.between(day, working)).toInstant();
    }

    private static List<TaskInstance> expandAsWritten(Plan plan) {
        ZoneId zone = zone(plan.timeZone())
                .orElseThrow(() -> new IllegalArgumentException("unknown time zone " + plan.timeZone()));
        List<TaskInstance> out = new ArrayList<>();
        for (Plan.Task task : plan.tasks()) {
            if (QUARTERLY.equals(task.recurrence())) {
                for (int q = 1; q <= 4; q++) {
                    out.add(new TaskInstance(task.id() + "#Q" + q, task.id(), task.department(),
                            task.title() + "（" + plan.year() + "年第" + q + "季度）",
                            endOfDay(quarterEnd(plan.year(), q), zone)));
                }
            } else {
                Instant due = dueInstant(task.due(), zone)
                        .orElseThrow(() -> new IllegalArgumentException("cannot read due " + task.due()));
                out.add(new TaskInstance(task.id(), task.id(), task.department(), task.title(), due));
            }
        }
        return out;
    }

    private DeadlineCalendar() {
    }
}
