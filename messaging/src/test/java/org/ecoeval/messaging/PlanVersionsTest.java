package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.TaskInstance;
import org.junit.jupiter.api.Test;

/** The one check of a PlanPublished record, for every service that keeps a copy of the plans. */
class PlanVersionsTest {

    private static Plan plan(Integer year, Integer comparisonYear, String methodology) {
        return new Plan(new Plan.County("150425", "克什克腾旗", new BigDecimal("20673"), "WINDBREAK_SAND_FIXATION"),
                year, comparisonYear, methodology, "Asia/Shanghai", false, List.of(), List.of(), List.of(), null);
    }

    private static PlanPublished event(String evaluationId, int version, Plan plan, List<TaskInstance> instances) {
        return new PlanPublished("e-1", evaluationId, version, plan, instances, Instant.now());
    }

    @Test
    void a_complete_plan_record_keeps() {
        assertThat(PlanVersions.problems(event("150425-2024", 1, plan(2024, 2023, "mee-2022"), List.of()))).isEmpty();
    }

    @Test
    void each_broken_rule_is_named() {
        assertThat(PlanVersions.problems(event("150425", 0, null, null))).containsExactly(
                "evaluationId is not {county}-{year}: 150425", "planVersion must be at least 1", "plan is missing",
                "instances are missing");
        assertThat(PlanVersions.problems(event("150425-2024", 1, plan(2023, null, null), List.of())))
                .containsExactly("plan.year 2023 is not the evaluation's year");
        assertThat(PlanVersions.problems(event("150425-2024", 1, plan(2024, 2024, "mee-1999"), List.of())))
                .containsExactly("plan.comparisonYear equals the evaluation year", "unknown methodology mee-1999");
        assertThat(PlanVersions.problems(event("150425-2024", 1, plan(null, null, null),
                java.util.Arrays.asList((TaskInstance) null)))).containsExactly("plan.year is missing",
                        "every instance needs id, department and dueAt");
    }

    @Test
    void a_record_without_an_event_id_is_named_by_its_evaluation_and_version() {
        assertThat(PlanVersions.eventKey(new PlanPublished(null, "150425-2024", 3, null, null, null)))
                .isEqualTo("150425-2024@3");
        assertThat(PlanVersions.eventKey(event("150425-2024", 3, null, null))).isEqualTo("e-1");
    }
}
