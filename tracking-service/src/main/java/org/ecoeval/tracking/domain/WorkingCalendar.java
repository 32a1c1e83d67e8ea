package org.ecoeval.tracking.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.ecoeval.platform.problem.Violation;

/**
 * Mainland China's working calendar (pure; docs/working-calendar.md): a date is a working day when it is
 * Monday–Friday and not a statutory holiday, or when it is a named make-up working day (调休上班). A year the
 * calendar does not hold falls back to Monday–Friday; {@link #holds(int)} says whether that happened, so that
 * callers can warn. Office hours are 08:30–17:30 of a working day in the plan's time zone.
 */
public final class WorkingCalendar {
    public static final LocalTime OFFICE_OPENS = LocalTime.of(8, 30);
    public static final LocalTime OFFICE_CLOSES = LocalTime.of(17, 30);
    /** A bound on the search for a working day: no notice gives more than a few weeks off in a row. */
    private static final int MAX_DAYS_OFF = 60;

    /** A named date of a year's notice. */
    public record Day(LocalDate date, String name) {
    }

    /** One year of the State Council's notice: its holidays (放假) and make-up working days (调休上班). */
    public record Year(int year, String source, List<Day> holidays, List<Day> workdays) {

        public Year {
            holidays = holidays == null ? List.of() : List.copyOf(holidays);
            workdays = workdays == null ? List.of() : List.copyOf(workdays);
        }

        /** Every rule a year's data must keep: dates inside the year, none both holiday and workday, no repeats. */
        public static List<Violation> check(int year, Year body) {
            List<Violation> out = new ArrayList<>();
            if (body == null) {
                out.add(new Violation("$", "required", "a calendar body is required"));
                return out;
            }
            if (body.year() != year) {
                out.add(new Violation("year", "matches-path", "year " + body.year() + " differs from the path's " + year));
            }
            Set<LocalDate> holidays = checkDays(year, "holidays", body.holidays(), out);
            Set<LocalDate> workdays = checkDays(year, "workdays", body.workdays(), out);
            for (int i = 0; i < body.workdays().size(); i++) {
                Day d = body.workdays().get(i);
                if (d != null && d.date() != null && holidays.contains(d.date())) {
                    out.add(new Violation("workdays[" + i + "].date", "holiday-and-workday",
                            d.date() + " cannot be both a holiday and a working day"));
                }
            }
            return out;
        }

        private static Set<LocalDate> checkDays(int year, String field, List<Day> days, List<Violation> out) {
            Set<LocalDate> seen = new HashSet<>();
            for (int i = 0; i < days.size(); i++) {
                String at = field + "[" + i + "]";
                Day d = days.get(i);
                if (d == null || d.date() == null) {
                    out.add(new Violation(at + ".date", "required", "a date is required"));
                    continue;
                }
                if (d.date().getYear() != year) {
                    out.add(new Violation(at + ".date", "in-year", d.date() + " lies outside " + year));
                }
                if (!seen.add(d.date())) {
                    out.add(new Violation(at + ".date", "unique", d.date() + " is listed more than once"));
                }
            }
            return seen;
        }
    }

    private final Map<Integer, Year> years;
    private final Set<LocalDate> holidays = new HashSet<>();
    private final Set<LocalDate> workdays = new HashSet<>();

    public WorkingCalendar(List<Year> years) {
        this.years = new TreeMap<>();
        for (Year y : years) {
            this.years.put(y.year(), y);
            y.holidays().forEach(d -> holidays.add(d.date()));
            y.workdays().forEach(d -> workdays.add(d.date()));
        }
    }

    /** A calendar that holds no year: Monday–Friday throughout. */
    public static WorkingCalendar mondayToFriday() {
        return new WorkingCalendar(List.of());
    }

    public boolean holds(int year) {
        return years.containsKey(year);
    }

    public Optional<Year> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    public List<Integer> yearsHeld() {
        return List.copyOf(years.keySet());
    }

    public boolean isWorkingDay(LocalDate date) {
        if (workdays.contains(date)) {
            return true;
        }
        if (holidays.contains(date)) {
            return false;
        }
        DayOfWeek d = date.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
    }

    /** {@code date} itself if it is a working day, else the next one. */
    public LocalDate workingDayAtOrAfter(LocalDate date) {
        LocalDate d = date;
        for (int i = 0; i < MAX_DAYS_OFF && !isWorkingDay(d); i++) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** Whether {@code at} falls within office hours (08:30 inclusive to 17:30 exclusive) of a working day. */
    public boolean isOfficeTime(Instant at, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        LocalTime t = local.toLocalTime();
        return isWorkingDay(local.toLocalDate()) && !t.isBefore(OFFICE_OPENS) && t.isBefore(OFFICE_CLOSES);
    }

    /**
     * {@code at} if it is office time, else the next opening of the office: 08:30 of the same day when it is a
     * working day and before 08:30, otherwise 08:30 of the next working day.
     */
    public Instant officeTimeAtOrAfter(Instant at, ZoneId zone) {
        if (isOfficeTime(at, zone)) {
            return at;
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        LocalDate day = local.toLocalDate();
        if (!(isWorkingDay(day) && local.toLocalTime().isBefore(OFFICE_OPENS))) {
            day = workingDayAtOrAfter(day.plusDays(1));
        }
        return ZonedDateTime.of(day, OFFICE_OPENS, zone).toInstant();
    }

    /**
     * {@code at} moved by {@code duration} counting working days: the whole days of the duration step over
     * working days (the time of day kept), the rest (hours, minutes) is added as it is; negative durations step
     * back. Midnight counts as 24:00 of the day before, as deadlines are written, and a day counts when it is a
     * working day passed over: {@code P1D} after Friday 24:00 is Monday 24:00, {@code P1D} before Sunday 24:00 is
     * Thursday 24:00 (the start of Friday, the last working day), and {@code P2D} before 2024-10-08 24:00 is
     * 2024-09-29 24:00 (the National Day week is not counted; 09-29 is a make-up working day).
     */
    public Instant plusWorkingDays(Instant at, Duration duration, ZoneId zone) {
        boolean back = duration.isNegative();
        Duration abs = duration.abs();
        long days = abs.toDays();
        Duration rest = abs.minusDays(days);
        ZonedDateTime t = at.atZone(zone);
        boolean midnight = t.toLocalTime().equals(LocalTime.MIDNIGHT);
        LocalDate day = midnight ? t.toLocalDate().minusDays(1) : t.toLocalDate();
        for (long i = 0; i < days; i++) {
            if (back && midnight) {
                // from the end of `day` back over it: only a working day counts as one traversed
                for (int guard = 0; guard < MAX_DAYS_OFF && !isWorkingDay(day); guard++) {
                    day = day.minusDays(1);
                }
                day = day.minusDays(1);
                continue;
            }
            day = back ? day.minusDays(1) : day.plusDays(1);
            for (int guard = 0; guard < MAX_DAYS_OFF && !isWorkingDay(day); guard++) {
                day = back ? day.minusDays(1) : day.plusDays(1);
            }
        }
        ZonedDateTime moved = midnight ? day.plusDays(1).atStartOfDay(zone) : ZonedDateTime.of(day, t.toLocalTime(), zone);
        return (back ? moved.minus(rest) : moved.plus(rest)).toInstant();
    }
}
