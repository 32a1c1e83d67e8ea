package org.ecoeval.tracking.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;

/**
 * What a plan may say but probably should not (pure): a deadline on a non-working day kept as it is, and a year
 * the working calendar does not hold (its days fall back to Monday–Friday). Only for plans that use the
 * calendar ({@code calendar}, {@code dueOnNonWorkingDay} or {@code escalation.workingDays}).
 */
public final class PlanWarnings {

    public record Warning(String path, String rule, String message) {
    }

    public static boolean usesCalendar(Plan plan) {
        return plan.calendar() != null || plan.dueOnNonWorkingDay() != null
                || plan.escalation() != null && plan.escalation().countsWorkingDays();
    }

    /** @param instances the plan's instances as expanded with {@code calendar} */
    public static List<Warning> of(Plan plan, List<TaskInstance> instances, WorkingCalendar calendar) {
        List<Warning> out = new ArrayList<>();
        if (!usesCalendar(plan)) {
            return out;
        }
        ZoneId zone = ZoneId.of(plan.timeZone());
        Set<Integer> missing = new TreeSet<>();
        if (!calendar.holds(plan.year())) {
            missing.add(plan.year());
        }
        boolean keep = !Plan.DueOnNonWorkingDay.NEXT_WORKING_DAY.name().equals(plan.dueOnNonWorkingDay());
        for (TaskInstance i : instances) {
            LocalDate day = DeadlineCalendar.deadlineDay(i.dueAt(), zone);
            if (!calendar.holds(day.getYear())) {
                missing.add(day.getYear());
            }
            if (keep && !calendar.isWorkingDay(day)) {
                out.add(new Warning(path(plan, i), "non-working-day", "the deadline of " + i.id() + " falls on "
                        + day + " (" + day.getDayOfWeek() + "), not a working day; it is kept as it is "
                        + "(dueOnNonWorkingDay: KEEP). NEXT_WORKING_DAY would move it to "
                        + calendar.workingDayAtOrAfter(day)));
            }
        }
        for (int year : missing) {
            out.add(new Warning("calendar", "calendar-year-missing", "the working calendar does not hold " + year
                    + "; its days count Monday–Friday until an administrator loads the year (PUT /api/v1/calendar/"
                    + year + ")"));
        }
        return out;
    }

    private static String path(Plan plan, TaskInstance instance) {
        for (int i = 0; i < plan.tasks().size(); i++) {
            if (plan.tasks().get(i).id().equals(instance.taskId())) {
                return "tasks[" + i + "].due";
            }
        }
        return "tasks";
    }

    private PlanWarnings() {
    }
}
