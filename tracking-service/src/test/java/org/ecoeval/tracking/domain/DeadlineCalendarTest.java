package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;
import org.junit.jupiter.api.Test;

class DeadlineCalendarTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Plan plan(List<Plan.Task> tasks) {
        return new Plan(new Plan.County("150425", "克什克腾旗", null, "WINDBREAK_SAND_FIXATION"), 2024, 2023,
                "mee-2022", "Asia/Shanghai", false, List.of(new Plan.Department("GOV", "旗政府办", null)), List.of(),
                tasks, null);
    }

    @Test
    void a_due_date_ends_at_24_00_asia_shanghai() {
        Instant due = DeadlineCalendar.dueInstant("2024-10-20", SHANGHAI).orElseThrow();
        assertThat(due).isEqualTo(Instant.parse("2024-10-20T16:00:00Z"));
        // 23:59:59.999 local on the day is still in time; 24:00 is the deadline itself
        assertThat(Instant.parse("2024-10-20T15:59:59.999Z")).isBefore(due);
        assertThat(due.atZone(SHANGHAI).toLocalDate()).isEqualTo(LocalDate.of(2024, 10, 21));
        assertThat(due.atZone(SHANGHAI).toLocalTime().toString()).isEqualTo("00:00");
    }

    @Test
    void a_date_time_with_offset_is_taken_as_it_is() {
        assertThat(DeadlineCalendar.dueInstant("2024-10-20T18:00:00+08:00", SHANGHAI))
                .contains(Instant.parse("2024-10-20T10:00:00Z"));
        assertThat(DeadlineCalendar.dueInstant("2024-10-20T10:00:00Z", SHANGHAI))
                .contains(Instant.parse("2024-10-20T10:00:00Z"));
        assertThat(DeadlineCalendar.dueInstant("2024-10-20T18:00:00", SHANGHAI)).isEmpty();
        assertThat(DeadlineCalendar.dueInstant("20 Oct", SHANGHAI)).isEmpty();
    }

    @Test
    void the_same_date_ends_at_a_different_instant_in_another_zone() {
        assertThat(DeadlineCalendar.dueInstant("2024-10-20", ZoneId.of("Europe/Berlin")))
                .contains(Instant.parse("2024-10-20T22:00:00Z"));
    }

    @Test
    void quarterly_tasks_expand_to_four_instances_due_at_the_quarter_ends() {
        List<TaskInstance> instances = DeadlineCalendar.expand(plan(List.of(
                new Plan.Task("GOV-MINUTES", "GOV", "会议纪要", null, List.of("ORGANISATION.LEADERSHIP"), null, null,
                        "2024-03-31", "QUARTERLY"),
                new Plan.Task("GOV-PLAN", "GOV", "实施方案", null, null, null, null, "2024-10-20", null))));
        assertThat(instances).extracting(TaskInstance::id)
                .containsExactly("GOV-MINUTES#Q1", "GOV-MINUTES#Q2", "GOV-MINUTES#Q3", "GOV-MINUTES#Q4", "GOV-PLAN");
        assertThat(instances).extracting(TaskInstance::dueAt).containsExactly(
                Instant.parse("2024-03-31T16:00:00Z"), Instant.parse("2024-06-30T16:00:00Z"),
                Instant.parse("2024-09-30T16:00:00Z"), Instant.parse("2024-12-31T16:00:00Z"),
                Instant.parse("2024-10-20T16:00:00Z"));
        assertThat(instances.get(1).taskId()).isEqualTo("GOV-MINUTES");
        assertThat(instances.get(1).department()).isEqualTo("GOV");
        assertThat(instances.get(1).title()).contains("第2季度");
    }

    @Test
    void quarter_ends_of_a_leap_year() {
        assertThat(DeadlineCalendar.quarterEnd(2024, 1)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(DeadlineCalendar.quarterEnd(2024, 2)).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(DeadlineCalendar.quarterEnd(2024, 3)).isEqualTo(LocalDate.of(2024, 9, 30));
        assertThat(DeadlineCalendar.quarterEnd(2024, 4)).isEqualTo(LocalDate.of(2024, 12, 31));
    }
}
