package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.ecoeval.platform.problem.Violation;
import org.junit.jupiter.api.Test;

/** The shipped calendar and office-time arithmetic, against docs/working-calendar.md. */
class WorkingCalendarTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkingCalendar CN = ShippedCalendar.calendar();

    static Instant at(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    @Test
    void the_shipped_data_holds_2024_to_2026_with_holidays_and_make_up_working_days() {
        assertThat(CN.yearsHeld()).containsExactly(2024, 2025, 2026);
        assertThat(CN.isWorkingDay(LocalDate.parse("2024-10-20"))).as("deadline 1 is a Sunday").isFalse();
        assertThat(CN.isWorkingDay(LocalDate.parse("2024-10-25"))).as("deadline 2 is a Friday").isTrue();
        assertThat(CN.isWorkingDay(LocalDate.parse("2024-10-12"))).as("make-up Saturday").isTrue();
        assertThat(CN.isWorkingDay(LocalDate.parse("2024-09-29"))).as("make-up Sunday").isTrue();
        for (int d = 1; d <= 7; d++) {
            assertThat(CN.isWorkingDay(LocalDate.of(2024, 10, d))).as("National Day 10-0" + d).isFalse();
        }
        assertThat(CN.isWorkingDay(LocalDate.parse("2025-10-08"))).isFalse();
        assertThat(CN.isWorkingDay(LocalDate.parse("2026-01-04"))).as("2026 make-up Sunday").isTrue();
        assertThat(CN.isWorkingDay(LocalDate.parse("2026-02-23"))).as("2026 Spring Festival Monday").isFalse();
    }

    @Test
    void a_year_the_calendar_does_not_hold_falls_back_to_monday_to_friday() {
        assertThat(CN.holds(2027)).isFalse();
        assertThat(CN.isWorkingDay(LocalDate.parse("2027-10-01"))).as("a Friday, unknown holiday").isTrue();
        assertThat(CN.isWorkingDay(LocalDate.parse("2027-10-02"))).isFalse();
    }

    @Test
    void a_moment_on_a_holiday_waits_for_the_next_working_morning() {
        assertThat(CN.officeTimeAtOrAfter(at("2024-10-01T10:00"), SHANGHAI)).isEqualTo(at("2024-10-08T08:30"));
        assertThat(CN.officeTimeAtOrAfter(at("2024-10-18T18:00"), SHANGHAI)).as("Friday evening")
                .isEqualTo(at("2024-10-21T08:30"));
        assertThat(CN.officeTimeAtOrAfter(at("2024-10-11T18:00"), SHANGHAI)).as("to the make-up Saturday")
                .isEqualTo(at("2024-10-12T08:30"));
        assertThat(CN.officeTimeAtOrAfter(at("2024-10-21T07:00"), SHANGHAI)).isEqualTo(at("2024-10-21T08:30"));
        assertThat(CN.officeTimeAtOrAfter(at("2024-10-21T09:15"), SHANGHAI)).isEqualTo(at("2024-10-21T09:15"));
        assertThat(CN.officeTimeAtOrAfter(at("2024-10-21T17:30"), SHANGHAI)).as("closing time is closed")
                .isEqualTo(at("2024-10-22T08:30"));
    }

    @Test
    void durations_count_working_days_keeping_the_time_of_day() {
        assertThat(CN.plusWorkingDays(at("2024-10-21T00:00"), Duration.ofDays(2), SHANGHAI))
                .isEqualTo(at("2024-10-23T00:00"));
        assertThat(CN.plusWorkingDays(at("2024-10-09T00:00"), Duration.ofDays(-2), SHANGHAI))
                .as("the National Day week does not count").isEqualTo(at("2024-09-30T00:00"));
        assertThat(CN.plusWorkingDays(at("2024-09-30T12:00"), Duration.ofDays(1), SHANGHAI))
                .isEqualTo(at("2024-10-08T12:00"));
        assertThat(CN.plusWorkingDays(at("2024-10-18T10:00"), Duration.parse("P1DT2H"), SHANGHAI))
                .isEqualTo(at("2024-10-21T12:00"));
        assertThat(CN.plusWorkingDays(at("2024-10-21T00:00"), Duration.ofDays(-1), SHANGHAI))
                .as("one working day before Sunday 24:00 is the start of Friday").isEqualTo(at("2024-10-18T00:00"));
        assertThat(CN.plusWorkingDays(at("2024-10-19T00:00"), Duration.ofDays(1), SHANGHAI))
                .as("one working day after Friday 24:00 is Monday 24:00").isEqualTo(at("2024-10-22T00:00"));
    }

    @Test
    void a_year_body_with_dates_outside_its_year_or_a_date_both_holiday_and_workday_is_refused_with_every_rule() {
        WorkingCalendar.Year body = new WorkingCalendar.Year(2027, "国办发明电〔2026〕",
                List.of(new WorkingCalendar.Day(LocalDate.parse("2027-10-01"), "国庆节"),
                        new WorkingCalendar.Day(LocalDate.parse("2028-01-01"), "元旦")),
                List.of(new WorkingCalendar.Day(LocalDate.parse("2027-10-01"), "调休"),
                        new WorkingCalendar.Day(LocalDate.parse("2026-12-27"), "调休")));
        assertThat(WorkingCalendar.Year.check(2027, body)).extracting(Violation::field, Violation::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("holidays[1].date", "in-year"),
                        org.assertj.core.groups.Tuple.tuple("workdays[1].date", "in-year"),
                        org.assertj.core.groups.Tuple.tuple("workdays[0].date", "holiday-and-workday"));
        assertThat(WorkingCalendar.Year.check(2028, body)).extracting(Violation::rule).contains("matches-path");
    }
}
