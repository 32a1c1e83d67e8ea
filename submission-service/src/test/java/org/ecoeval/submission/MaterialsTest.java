package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Evidence per material (architecture.md, "Submissions: evidence per material"): a task with required materials
 * refuses a submission lacking one, on POST and on PUT, one violation per missing material; files must be the
 * unit's own, referenced once and of a type the material allows; what is accepted reaches eco.submissions.
 */
@QuarkusTest
class MaterialsTest {
    static final String FIN = TestTokens.unit("department", "FIN", TestTokens.COUNTY);
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);
    static final String BUREAU = TestTokens.county("bureau", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    /** The test plan with FIN-INVEST naming a budget report (PDF or OFD), vouchers (any type) and an optional summary. */
    String evaluationWithMaterials() {
        String evaluation = TestPlans.freshEvaluation();
        Plan base = TestPlans.plan(evaluation, false);
        List<Plan.Task> tasks = new ArrayList<>();
        for (Plan.Task t : base.tasks()) {
            tasks.add(!t.id().equals("FIN-INVEST") ? t : new Plan.Task(t.id(), t.department(), t.title(),
                    t.indicators(), t.managementItems(), t.patches(), t.events(), t.due(), t.recurrence(),
                    new Plan.Owner("王某", "fin-clerk@example.org", null), List.of(
                            new Plan.Material("BUDGET-REPORT", "经旗人大审议通过的年度财政预算收支报告", true,
                                    List.of("PDF", "OFD")),
                            new Plan.Material("VOUCHERS", "生态环境保护支出凭证", null, null),
                            new Plan.Material("SUMMARY", "生态环境保护投入情况总结", false, null))));
        }
        Plan plan = base.withTasks(tasks);
        TestPlans.publishRaw(evaluation, new PlanPublished(UUID.randomUUID().toString(), evaluation, 1, plan,
                TestPlans.instances(plan, TestPlans.inAMonth()), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    static String upload(String token, String evaluation, String name, byte[] content) throws Exception {
        return JsonPath.from(Multipart.upload(token, evaluation, name, content).body()).getString("id");
    }

    static Map<String, String> rules(JsonPath problem) {
        Map<String, String> rules = new HashMap<>();
        problem.getList("violations", Map.class).forEach(v -> rules.put((String) v.get("field"), (String) v.get("rule")));
        return rules;
    }

    @Test
    void a_submission_lacking_required_materials_is_refused_with_one_violation_per_missing_material() {
        String evaluation = evaluationWithMaterials();
        JsonPath problem = given().auth().oauth2(FIN).contentType(ContentType.JSON)
                .body(Map.of("task", "FIN-INVEST", "note", "no files at all"))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).contentType("application/problem+json").extract().jsonPath();
        assertThat(rules(problem)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "materials.BUDGET-REPORT", "material-missing", "materials.VOUCHERS", "material-missing"));
        given().auth().oauth2(FIN).get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("totalItems", equalTo(0));
    }

    @Test
    void unknown_material_wrong_type_another_units_file_and_a_file_twice_are_all_listed() throws Exception {
        String evaluation = evaluationWithMaterials();
        String png = upload(FIN, evaluation, "budget.png", Multipart.png());
        String voucher = upload(FIN, evaluation, "voucher.pdf", Multipart.pdf("voucher " + UUID.randomUUID()));
        String forestFile = upload(FOREST, evaluation, "forest.pdf", Multipart.pdf("forest " + UUID.randomUUID()));
        Map<String, Object> materials = new LinkedHashMap<>();
        materials.put("BUDGET-REPORT", List.of(png));
        materials.put("VOUCHERS", List.of(voucher, forestFile));
        materials.put("SUMMARY", List.of(voucher));
        materials.put("NO-SUCH", List.of(voucher));
        JsonPath problem = given().auth().oauth2(FIN).contentType(ContentType.JSON)
                .body(Map.of("task", "FIN-INVEST", "materials", materials))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).extract().jsonPath();
        assertThat(rules(problem)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "materials.BUDGET-REPORT", "material-type",
                "materials.VOUCHERS[1]", "evidence",
                "materials.SUMMARY[0]", "duplicate",
                "materials.NO-SUCH", "unknown-material"));
        assertThat(problem.getString("violations.find { it.rule == 'material-type' }.message")).contains("PNG")
                .contains("[PDF, OFD]");
    }

    @Test
    void a_submission_with_every_required_material_is_accepted_and_its_materials_reach_the_event_and_the_view()
            throws Exception {
        String evaluation = evaluationWithMaterials();
        String report = upload(FIN, evaluation, "budget.pdf", Multipart.pdf("budget " + UUID.randomUUID()));
        String voucher = upload(FIN, evaluation, "voucher.jpg", Multipart.jpeg());
        String other = upload(FIN, evaluation, "other.pdf", Multipart.pdf("other " + UUID.randomUUID()));
        String id = given().auth().oauth2(FIN).contentType(ContentType.JSON)
                .body(Map.of("task", "FIN-INVEST", "evidence", List.of(other),
                        "materials", Map.of("BUDGET-REPORT", List.of(report), "VOUCHERS", List.of(voucher))))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).extract().path("id");

        SubmissionEvent event = TestPlans.JSON.readValue(
                TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1).get(0).value(), SubmissionEvent.class);
        assertThat(event.materials()).containsOnly(Map.entry("BUDGET-REPORT", List.of(report)),
                Map.entry("VOUCHERS", List.of(voucher)));
        JsonPath view = given().auth().oauth2(BUREAU).get("/api/v1/submissions/{id}", id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(view.getList("versions[0].evidence", String.class)).startsWith(other)
                .containsExactlyInAnyOrder(other, report, voucher);
        assertThat(view.getList("versions[0].materials.BUDGET-REPORT", String.class)).containsExactly(report);

        // a new version is complete on its own: leaving out the vouchers is refused on PUT too
        JsonPath problem = given().auth().oauth2(FIN).contentType(ContentType.JSON)
                .body(Map.of("materials", Map.of("BUDGET-REPORT", List.of(report))))
                .put("/api/v1/submissions/{id}", id)
                .then().statusCode(422).extract().jsonPath();
        assertThat(rules(problem)).containsExactlyEntriesOf(Map.of("materials.VOUCHERS", "material-missing"));
        given().auth().oauth2(FIN).contentType(ContentType.JSON)
                .body(Map.of("materials", Map.of("BUDGET-REPORT", List.of(report), "VOUCHERS", List.of(voucher))))
                .put("/api/v1/submissions/{id}", id)
                .then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void a_returned_submission_carries_the_bureaus_comment_on_its_event() throws Exception {
        String evaluation = evaluationWithMaterials();
        String report = upload(FIN, evaluation, "budget.pdf", Multipart.pdf("budget " + UUID.randomUUID()));
        String voucher = upload(FIN, evaluation, "voucher.pdf", Multipart.pdf("voucher " + UUID.randomUUID()));
        String id = given().auth().oauth2(FIN).contentType(ContentType.JSON)
                .body(Map.of("task", "FIN-INVEST",
                        "materials", Map.of("BUDGET-REPORT", List.of(report), "VOUCHERS", List.of(voucher))))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201).extract().path("id");
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON)
                .body(Map.of("decision", "RETURN", "comment", "预算报告缺人大批复页"))
                .post("/api/v1/submissions/{id}/review", id).then().statusCode(200);
        SubmissionEvent returned = TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 2).stream()
                .map(r -> read(r.value())).filter(e -> e.type() == SubmissionEvent.Type.SubmissionReturned)
                .findFirst().orElseThrow();
        assertThat(returned.comment()).isEqualTo("预算报告缺人大批复页");
        assertThat(returned.materials()).containsKeys("BUDGET-REPORT", "VOUCHERS");
    }

    static SubmissionEvent read(String json) {
        try {
            return TestPlans.JSON.readValue(json, SubmissionEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
