package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.platform.problem.Violation;
import org.junit.jupiter.api.Test;

/** Materials, owners, the ladder with tiers and corrections: every broken rule is listed at once. */
class PlanRulesOfDecember2026Test {

    static Plan base(List<Plan.Material> materials, Plan.Owner owner, Plan.Escalation escalation) {
        Plan p = WorkingDayLadderTest.plan("2024-10-25", "KEEP", List.of("P1D"));
        Plan.Task t = p.tasks().get(0);
        Plan.Task task = new Plan.Task(t.id(), t.department(), t.title(), t.indicators(), t.managementItems(),
                t.patches(), t.events(), t.due(), t.recurrence(), owner, materials);
        return new Plan(p.county(), p.year(), p.comparisonYear(), p.methodology(), p.timeZone(), p.requireHeadApproval(),
                p.departments(), p.supervisors(), List.of(task), escalation, p.calendar(), p.dueOnNonWorkingDay());
    }

    @Test
    void a_plan_with_materials_owner_tiers_and_correction_is_valid() {
        Plan p = WorkingDayLadderTest.plan("2024-10-25", "KEEP", List.of("P1D"));
        assertThat(PlanValidator.validate("150425-2024", p)).isEmpty();
    }

    @Test
    void duplicate_material_codes_unknown_types_a_bad_ladder_and_a_negative_correction_are_all_listed() {
        Plan p = base(List.of(new Plan.Material("BUDGET", "预算报告", true, List.of("PDF", "TIFF")),
                new Plan.Material("BUDGET", "预算批复", null, null), new Plan.Material(null, null, null, null)),
                new Plan.Owner(null, "not-an-address", null),
                new Plan.Escalation(List.of("P1D"), null, true, List.of(
                        new Plan.LadderStep("P2D", "ESCALATED", List.of("领导小组办公室")),
                        new Plan.LadderStep("PT0S", "OVERDUE", List.of("@owner", "旗长办公室")),
                        new Plan.LadderStep("P5D", "REMINDER", List.of())), "-P1D"));
        List<Violation> v = PlanValidator.validate("150425-2024", p);
        assertThat(v).extracting(Violation::field, Violation::rule).containsExactlyInAnyOrder(
                tuple("tasks[0].materials[0].types[1]", "unknown-type"),
                tuple("tasks[0].materials[1].code", "unique"),
                tuple("tasks[0].materials[2].code", "required"),
                tuple("tasks[0].materials[2].name", "required"),
                tuple("tasks[0].owner.name", "required"),
                tuple("tasks[0].owner.email", "email"),
                tuple("escalation.ladder[1].after", "ascending"),
                tuple("escalation.ladder[1].notify[1]", "unknown-supervisor"),
                tuple("escalation.ladder[2].level", "one-of"),
                tuple("escalation.ladder[2].notify", "required"),
                tuple("escalation.correctionWithin", "positive"));
    }

    @Test
    void an_unknown_calendar_or_due_policy_is_refused() {
        Plan p = WorkingDayLadderTest.plan("2024-10-25", "LATER", List.of());
        Plan wrong = new Plan(p.county(), p.year(), p.comparisonYear(), p.methodology(), p.timeZone(),
                p.requireHeadApproval(), p.departments(), p.supervisors(), p.tasks(), p.escalation(), "US", "LATER");
        assertThat(PlanValidator.validate("150425-2024", wrong)).extracting(Violation::field)
                .containsExactlyInAnyOrder("calendar", "dueOnNonWorkingDay");
    }

    @Test
    void a_unit_caller_sees_no_supervisor_contacts_and_no_other_units_contacts() {
        Plan p = WorkingDayLadderTest.plan("2024-10-25", "KEEP", List.of());
        Plan.Task other = new Plan.Task("EEB-REPORT", "EEB", "自查报告", null, null, null, null, "2024-10-25", null,
                new Plan.Owner("李某", "eeb-clerk@example.org", "0476-0000000"), null);
        Plan both = new Plan(p.county(), p.year(), p.comparisonYear(), p.methodology(), p.timeZone(),
                p.requireHeadApproval(), List.of(p.departments().get(0),
                        new Plan.Department("EEB", "分局", "eeb-head@example.org")), p.supervisors(),
                List.of(p.tasks().get(0), other), p.escalation(), p.calendar(), p.dueOnNonWorkingDay());
        Plan seen = PlanPrivacy.forUnit(both, "FIN");
        assertThat(seen.supervisors()).allMatch(s -> s.email() == null && s.webhookUrl() == null && s.name() != null);
        assertThat(seen.departments()).extracting(Plan.Department::headEmail).containsExactly("fin-head@example.org",
                null);
        assertThat(seen.tasks().get(0).owner().email()).isEqualTo("fin-clerk@example.org");
        assertThat(seen.tasks().get(1).owner()).isEqualTo(new Plan.Owner("李某", null, null));
        assertThat(seen.escalation()).isEqualTo(both.escalation());
    }
}
