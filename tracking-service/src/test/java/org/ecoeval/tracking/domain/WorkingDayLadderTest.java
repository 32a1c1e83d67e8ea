package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;
import org.junit.jupiter.api.Test;

/** The ladder with tiers on the working calendar, deadlines on non-working days, recipients per tier (pure). */
class WorkingDayLadderTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkingCalendar CN = ShippedCalendar.calendar();
    static final List<Plan.Supervisor> SUPERVISORS = List.of(
            new Plan.Supervisor("领导小组办公室", "office@example.org", "https://hooks.example.org/office", null),
            new Plan.Supervisor("旗政府分管副旗长", "deputy@example.org", null, null),
            new Plan.Supervisor("旗委书记、旗长", "leaders@example.org", null, null));

    static Instant at(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    static Plan plan(String due, String dueOnNonWorkingDay, List<String> remindBefore) {
        Plan.Task task = new Plan.Task("FIN-INVEST", "FIN", "生态环境保护投入及支出凭证", null, List.of("GREEN.INVESTMENT"),
                null, null, due, null, new Plan.Owner("王某", "fin-clerk@example.org", null),
                List.of(new Plan.Material("BUDGET-REPORT", "预算收支报告", true, List.of("PDF"))));
        return new Plan(new Plan.County("150425", "克什克腾旗", new BigDecimal("20673"), "WINDBREAK_SAND_FIXATION"), 2024,
                2023, "mee-2022", "Asia/Shanghai", false,
                List.of(new Plan.Department("FIN", "旗财政局", "fin-head@example.org")), SUPERVISORS, List.of(task),
                new Plan.Escalation(remindBefore, null, true, List.of(
                        new Plan.LadderStep("PT0S", "OVERDUE", List.of("@owner", "@head")),
                        new Plan.LadderStep("P2D", "ESCALATED", List.of("领导小组办公室")),
                        new Plan.LadderStep("P5D", "ESCALATED", List.of("旗政府分管副旗长", "旗委书记、旗长"))), "P5D"),
                "CN", dueOnNonWorkingDay);
    }

    @Test
    void a_reminder_that_falls_on_2024_10_01_is_raised_on_the_next_working_morning_and_only_then() {
        // due 2024-10-10 24:00; seven working days before it is 2024-09-26, but the plan reaches the sweep on 10-01
        EscalationPolicy policy = EscalationPolicy.of(plan("2024-10-10", "KEEP", List.of("P7D")), CN);
        Instant due = at("2024-10-11T00:00");
        EscalationPolicy.Step reminder = policy.steps().get(0);
        assertThat(policy.at(reminder, due)).isEqualTo(at("2024-09-26T08:30"));

        EscalationLadder.Decision onHoliday = EscalationLadder.evaluate(policy, due, at("2024-10-01T10:00"));
        assertThat(onHoliday.dueNow()).isEmpty();
        assertThat(onHoliday.nextStepAt()).contains(at("2024-10-08T08:30"));
        assertThat(EscalationLadder.evaluate(policy, due, at("2024-10-08T08:29")).dueNow()).isEmpty();
        assertThat(EscalationLadder.evaluate(policy, due, at("2024-10-08T08:30")).dueNow())
                .extracting(EscalationPolicy.Step::level).containsExactly(Level.REMINDER);
    }

    @Test
    void ladder_durations_count_working_days_and_fire_at_office_time() {
        EscalationPolicy policy = EscalationPolicy.of(plan("2024-10-25", "KEEP", List.of("P1D")), CN);
        Instant due = at("2024-10-26T00:00"); // Friday 24:00
        List<EscalationLadder.Planned> schedule = EscalationLadder.schedule(policy, due, null);
        assertThat(schedule).extracting(EscalationLadder.Planned::level, EscalationLadder.Planned::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.REMINDER, at("2024-10-25T08:30")),
                org.assertj.core.groups.Tuple.tuple(Level.OVERDUE, at("2024-10-28T08:30")),
                org.assertj.core.groups.Tuple.tuple(Level.ESCALATED, at("2024-10-30T08:30")),
                org.assertj.core.groups.Tuple.tuple(Level.ESCALATED, at("2024-11-04T08:30")));
    }

    @Test
    void a_one_day_reminder_before_a_sunday_deadline_comes_on_friday_morning() {
        EscalationPolicy policy = EscalationPolicy.of(plan("2024-10-20", "KEEP", List.of("P3D", "P1D")), CN);
        Instant due = at("2024-10-21T00:00");
        assertThat(EscalationLadder.schedule(policy, due, null)).filteredOn(p -> p.level() == Level.REMINDER)
                .extracting(EscalationLadder.Planned::at)
                .containsExactly(at("2024-10-16T08:30"), at("2024-10-18T08:30"));
    }

    @Test
    void a_sunday_deadline_is_warned_about_when_kept_and_moved_to_monday_when_asked() {
        Plan keep = plan("2024-10-20", "KEEP", List.of("P1D"));
        List<TaskInstance> kept = DeadlineCalendar.expand(keep, CN);
        assertThat(kept.get(0).dueAt()).isEqualTo(at("2024-10-21T00:00"));
        assertThat(PlanWarnings.of(keep, kept, CN)).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo("tasks[0].due");
            assertThat(w.rule()).isEqualTo("non-working-day");
            assertThat(w.message()).contains("2024-10-20").contains("2024-10-21");
        });

        Plan move = plan("2024-10-20", "NEXT_WORKING_DAY", List.of("P1D"));
        List<TaskInstance> moved = DeadlineCalendar.expand(move, CN);
        assertThat(moved.get(0).dueAt()).as("end of Monday 2024-10-21").isEqualTo(at("2024-10-22T00:00"));
        assertThat(PlanWarnings.of(move, moved, CN)).isEmpty();
        // National Day: a deadline on 10-03 moves past the whole week, to 10-08
        assertThat(DeadlineCalendar.expand(plan("2024-10-03", "NEXT_WORKING_DAY", List.of()), CN).get(0).dueAt())
                .isEqualTo(at("2024-10-09T00:00"));
    }

    @Test
    void a_year_the_calendar_lacks_is_warned_about() {
        Plan p = plan("2024-10-20", "KEEP", List.of());
        WorkingCalendar only2025 = new WorkingCalendar(ShippedCalendar.years().subList(1, 2));
        assertThat(PlanWarnings.of(p, DeadlineCalendar.expand(p, only2025), only2025))
                .extracting(PlanWarnings.Warning::rule).contains("calendar-year-missing", "non-working-day");
    }

    @Test
    void each_tier_notifies_only_whom_it_names() {
        Plan p = plan("2024-10-25", "KEEP", List.of("P1D"));
        EscalationPolicy policy = EscalationPolicy.of(p, CN);
        List<EscalationPolicy.Step> steps = policy.steps();
        Plan.Department fin = p.departments().get(0);
        Plan.Task task = p.tasks().get(0);
        assertThat(AlertRecipients.resolve(p, fin, task, steps.get(0).recipients(), false).names())
                .as("reminder to the owner").containsExactly("fin-clerk@example.org");
        assertThat(AlertRecipients.resolve(p, fin, task, steps.get(1).recipients(), false).names())
                .as("OVERDUE to owner and head").containsExactly("fin-clerk@example.org", "fin-head@example.org");
        assertThat(AlertRecipients.resolve(p, fin, task, steps.get(2).recipients(), false).names())
                .as("the office, by mail and webhook").containsExactly("office@example.org", "webhook:领导小组办公室");
        assertThat(AlertRecipients.resolve(p, fin, task, steps.get(3).recipients(), false).names())
                .as("the deputy head and the leaders").containsExactly("deputy@example.org", "leaders@example.org");
    }

    @Test
    void the_older_escalate_after_keeps_its_meaning() {
        EscalationPolicy older = new EscalationPolicy(List.of(java.time.Duration.ofDays(1)),
                List.of(java.time.Duration.ZERO, java.time.Duration.ofDays(2)));
        Plan p = plan("2024-10-25", "KEEP", List.of());
        Plan.Department fin = new Plan.Department("FIN", "旗财政局", "fin-head@example.org");
        List<EscalationPolicy.Step> steps = older.steps();
        assertThat(AlertRecipients.resolve(p, fin, null, steps.get(0).recipients(), true).names())
                .as("a reminder without an owner reaches the head, and every webhook hears every step")
                .containsExactly("fin-head@example.org", "webhook:领导小组办公室");
        assertThat(AlertRecipients.resolve(p, fin, null, steps.get(2).recipients(), true).names())
                .containsExactly("office@example.org", "deputy@example.org", "leaders@example.org",
                        "webhook:领导小组办公室");
    }

    @Test
    void a_correction_deadline_counts_working_days_from_the_return_and_its_ladder_is_marked() {
        EscalationPolicy policy = EscalationPolicy.of(plan("2024-10-25", "KEEP", List.of("P1D")), CN);
        assertThat(policy.correctionDueAt(at("2024-09-27T10:00"))).contains(at("2024-10-10T10:00"));
        assertThat(policy.correctionSteps()).allMatch(EscalationPolicy.Step::correction)
                .extracting(EscalationPolicy.Step::level).containsExactly(Level.OVERDUE, Level.ESCALATED, Level.ESCALATED);
        assertThat(EscalationLadder.evaluateCorrection(policy, at("2024-10-10T10:00"), at("2024-10-10T10:00")).dueNow())
                .extracting(EscalationPolicy.Step::key).containsExactly("CORRECTION-OVERDUE-0-PT0S");
    }

    @Test
    void an_email_names_the_owner_the_task_the_missing_materials_and_the_deadline() {
        AlertMessages.Email mail = AlertMessages.email(new AlertMessages.Facts(Level.REMINDER, "150425-2024",
                "克什克腾旗", 2024, "FIN", "旗财政局", "FIN-INVEST", "生态环境保护投入及支出凭证", at("2024-10-21T00:00"),
                SHANGHAI, at("2024-10-18T08:30"), "王某", List.of("预算收支报告", "支出凭证"), null, false));
        assertThat(mail.body()).startsWith("王某同志：").contains("任务：生态环境保护投入及支出凭证（FIN-INVEST）",
                "截止时间：2024年10月20日 24:00（Asia/Shanghai）", "尚缺材料：预算收支报告；支出凭证");
        AlertMessages.Email returned = AlertMessages.email(new AlertMessages.Facts(Level.RETURNED, "150425-2024",
                "克什克腾旗", 2024, "FIN", "旗财政局", "FIN-INVEST", "凭证", at("2024-10-31T10:00"), SHANGHAI,
                at("2024-10-24T10:00"), "王某", List.of(), "预算报告缺人大批复页", true));
        assertThat(returned.subject()).contains("材料被退回");
        assertThat(returned.body()).contains("退回意见：预算报告缺人大批复页", "整改截止时间：2024年10月31日 10:00");
    }
}
