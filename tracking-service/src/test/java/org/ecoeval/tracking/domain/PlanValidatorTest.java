package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.platform.problem.Violation;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PlanValidatorTest {

    private static Plan hexigten() throws Exception {
        return new ObjectMapper().findAndRegisterModules().readValue(
                Files.readString(ProjectLayout.root().resolve("deploy/local/plans/150425-2024.json")), Plan.class);
    }

    private static Plan withTasks(Plan p, List<Plan.Task> tasks) {
        return new Plan(p.county(), p.year(), p.comparisonYear(), p.methodology(), p.timeZone(), p.requireHeadApproval(),
                p.departments(), p.supervisors(), tasks, p.escalation());
    }

    private static List<String> rules(List<Violation> violations, String field) {
        return violations.stream().filter(v -> v.field().equals(field)).map(Violation::rule).toList();
    }

    @Test
    void the_hexigten_2024_plan_is_valid() throws Exception {
        assertThat(PlanValidator.validate("150425-2024", hexigten())).isEmpty();
    }

    @Test
    void the_plan_must_match_the_evaluation_id() throws Exception {
        List<Violation> v = PlanValidator.validate("150426-2025", hexigten());
        assertThat(rules(v, "county.code")).containsExactly("matches-evaluation");
        assertThat(rules(v, "year")).containsExactly("matches-evaluation");
        assertThat(rules(PlanValidator.validate("15042-2024", hexigten()), "evaluationId")).containsExactly("format");
    }

    @Test
    void a_due_date_must_lie_within_the_evaluation_year_plus_or_minus_one() throws Exception {
        Plan p = hexigten();
        List<Violation> v = PlanValidator.validate("150425-2024", withTasks(p, List.of(
                new Plan.Task("A", "FIN", "a", null, null, null, null, "2022-12-31", null),
                new Plan.Task("B", "FIN", "b", null, null, null, null, "2023-01-01", null),
                new Plan.Task("C", "FIN", "c", null, null, null, null, "2025-12-31", null),
                new Plan.Task("D", "FIN", "d", null, null, null, null, "2026-01-01", null),
                new Plan.Task("E", "FIN", "e", null, null, null, null, "2025-12-31T23:00:00+08:00", null))));
        assertThat(rules(v, "tasks[0].due")).containsExactly("due-range");
        assertThat(rules(v, "tasks[1].due")).isEmpty();
        assertThat(rules(v, "tasks[2].due")).isEmpty();
        assertThat(rules(v, "tasks[3].due")).containsExactly("due-range");
        assertThat(rules(v, "tasks[4].due")).isEmpty();
    }

    @Test
    void every_task_rule_is_reported_at_once() throws Exception {
        Plan p = hexigten();
        List<Violation> v = PlanValidator.validate("150425-2024", withTasks(p, List.of(
                new Plan.Task("A", "FIN", "a", List.of("EQI.VALUE", "EQI.VALUE"), null, null, null, "2024-10-20", null),
                new Plan.Task("A", null, null, null, null, null, null, null, "MONTHLY"),
                new Plan.Task("B#1", "XYZ", "b", null, List.of("NOPE"), null, null, "tomorrow", null),
                new Plan.Task("GOV-MINUTES", "GOV", "纪要", null, null, null, null, null, "QUARTERLY"))));
        assertThat(rules(v, "tasks[0].indicators[1]")).containsExactly("unique");
        assertThat(rules(v, "tasks[1].id")).containsExactly("unique");
        assertThat(rules(v, "tasks[1].department")).containsExactly("required");
        assertThat(rules(v, "tasks[1].title")).containsExactly("required");
        assertThat(rules(v, "tasks[1].recurrence")).containsExactly("one-of");
        assertThat(rules(v, "tasks[1].due")).containsExactly("required");
        assertThat(rules(v, "tasks[2].id")).containsExactly("format");
        assertThat(rules(v, "tasks[2].department")).containsExactly("unknown-department");
        assertThat(rules(v, "tasks[2].managementItems[0]")).containsExactly("unknown-management-item");
        assertThat(rules(v, "tasks[2].due")).containsExactly("due-format");
        // a quarterly task needs no due: its instances fall due at the quarter ends
        assertThat(v).noneMatch(x -> x.field().startsWith("tasks[3]"));
    }

    @Test
    void departments_supervisors_and_escalation_are_checked() throws Exception {
        Plan p = hexigten();
        Plan bad = new Plan(p.county(), 2024, 2024, p.methodology(), "Asia/Shanghai", false,
                List.of(new Plan.Department("FIN", "财政", "not-an-email"), new Plan.Department("FIN", null, null)),
                List.of(new Plan.Supervisor("x", null, null, null), new Plan.Supervisor("y", null, "ftp://a", "k")),
                List.of(new Plan.Task("A", "FIN", "a", null, null, null, null, "2024-10-20", null)),
                new Plan.Escalation(List.of("P1D", "P1D"), List.of("P2D", "P1D", "P1W")));
        List<Violation> v = PlanValidator.validate("150425-2024", bad);
        assertThat(rules(v, "comparisonYear")).containsExactly("before-year");
        assertThat(rules(v, "departments[0].headEmail")).containsExactly("email");
        assertThat(rules(v, "departments[1].code")).containsExactly("unique");
        assertThat(rules(v, "departments[1].name")).containsExactly("required");
        assertThat(rules(v, "supervisors[0]")).containsExactly("contact");
        assertThat(rules(v, "supervisors[1].webhookUrl")).containsExactly("url");
        assertThat(rules(v, "escalation.remindBefore[1]")).containsExactly("unique");
        assertThat(rules(v, "escalation.escalateAfter[1]")).containsExactly("ascending");
        assertThat(rules(v, "escalation.escalateAfter[2]")).containsExactly("duration");
    }

    @Test
    void a_missing_body_or_missing_fields_are_named() {
        assertThat(rules(PlanValidator.validate("150425-2024", null), "$")).containsExactly("required");
        List<Violation> v = PlanValidator.validate("150425-2024",
                new Plan(null, null, null, null, null, null, null, null, null, null));
        assertThat(v).extracting(Violation::field)
                .contains("county", "year", "methodology", "timeZone", "departments", "tasks");
    }
}
