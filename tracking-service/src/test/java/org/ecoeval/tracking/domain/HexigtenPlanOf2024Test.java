package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.Plan;
import org.ecoeval.infra.ProjectLayout;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** deploy/local/plans/150425-2024.json as the county's plan names it (docs/responsibilities.md). */
class HexigtenPlanOf2024Test {

    static Plan hexigten() throws Exception {
        return new ObjectMapper().findAndRegisterModules().readValue(
                Files.readString(ProjectLayout.root().resolve("deploy/local/plans/150425-2024.json")), Plan.class);
    }

    @Test
    void every_task_names_its_owner_and_materials_and_the_finance_bureau_its_six_documents() throws Exception {
        Plan plan = hexigten();
        assertThat(PlanValidator.validate("150425-2024", plan)).isEmpty();
        assertThat(plan.tasks()).allSatisfy(t -> {
            assertThat(t.owner()).isNotNull();
            assertThat(t.owner().email()).endsWith("@hexigten.example.org");
            assertThat(t.materials()).isNotEmpty();
        });
        Plan.Task fin = plan.tasks().stream().filter(t -> t.id().equals("FIN-INVEST")).findFirst().orElseThrow();
        assertThat(fin.materials()).extracting(Plan.Material::code).containsExactly("TRANSFER-PAYMENTS",
                "BUDGET-REPORT", "BUDGET-APPROVALS", "SPENDING-VOUCHERS", "EVALUATION-FUNDING", "INVESTMENT-SUMMARY");
        assertThat(fin.materials()).allMatch(Plan.Material::isRequired);
    }

    @Test
    void the_seven_units_that_owe_a_work_summary_are_asked_for_one() throws Exception {
        List<String> units = hexigten().tasks().stream()
                .filter(t -> t.materials().stream().anyMatch(m -> m.code().equals("WORK-SUMMARY")))
                .map(Plan.Task::department).distinct().sorted().toList();
        assertThat(units).containsExactly("AGRI", "CITY", "EEB", "FOREST", "HOUSE", "LAND", "WATER");
    }

    @Test
    void working_days_the_leading_groups_tiers_and_a_correction_deadline() throws Exception {
        Plan plan = hexigten();
        assertThat(plan.calendar()).isEqualTo("CN");
        assertThat(plan.escalation().countsWorkingDays()).isTrue();
        assertThat(plan.escalation().correctionWithin()).isEqualTo("P5D");
        assertThat(plan.escalation().ladder()).extracting(Plan.LadderStep::level)
                .containsExactly("OVERDUE", "ESCALATED", "ESCALATED", "ESCALATED");
        assertThat(plan.escalation().ladder()).extracting(s -> s.recipients().get(0)).containsExactly("@owner",
                "领导小组办公室（市生态环境局克旗分局）", "旗政府分管副旗长", "领导小组组长（旗委书记、旗长）");
        EscalationPolicy policy = EscalationPolicy.of(plan, ShippedCalendar.calendar());
        assertThat(policy.steps()).extracting(EscalationPolicy.Step::level).containsExactly(Level.REMINDER,
                Level.REMINDER, Level.OVERDUE, Level.ESCALATED, Level.ESCALATED, Level.ESCALATED);
    }

    @Test
    void registration_warns_of_the_sunday_deadlines_it_keeps() throws Exception {
        Plan plan = hexigten();
        WorkingCalendar cn = ShippedCalendar.calendar();
        List<PlanWarnings.Warning> warnings = PlanWarnings.of(plan, DeadlineCalendar.expand(plan, cn), cn);
        // deadline 1 (2024-10-20) of 22 tasks, and the minutes of Q1 (03-31) and Q2 (06-30)
        assertThat(warnings).allMatch(w -> w.rule().equals("non-working-day"));
        assertThat(warnings.stream().filter(w -> w.message().contains("2024-10-20"))).hasSize(22);
        assertThat(warnings.stream().filter(w -> w.message().contains("2024-03-31")
                || w.message().contains("2024-06-30"))).hasSize(2);
    }
}
