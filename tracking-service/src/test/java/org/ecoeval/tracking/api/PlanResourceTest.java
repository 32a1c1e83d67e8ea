package org.ecoeval.tracking.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.TestPlans;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PlanResourceTest {

    private static String url(String evaluationId) {
        return "/api/v1/evaluations/" + evaluationId + "/plan";
    }

    @Test
    void registering_a_plan_answers_201_then_200_with_the_next_version() {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        String bureau = TestTokens.county("bureau", county);
        Map<String, Object> plan = TestPlans.plan(county, 2024, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20")));

        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan).put(url(evaluation))
                .then().statusCode(201).body("evaluationId", equalTo(evaluation)).body("version", equalTo(1));

        // the same plan again (a client retry) changes nothing
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan).put(url(evaluation))
                .then().statusCode(200).body("version", equalTo(1));

        plan.put("tasks", List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-25")));
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan).put(url(evaluation))
                .then().statusCode(200).body("evaluationId", equalTo(evaluation)).body("version", equalTo(2));

        given().auth().oauth2(TestTokens.unit("department", "FIN", county)).get(url(evaluation))
                .then().statusCode(200).body("version", equalTo(2))
                .body("plan.tasks[0].due", equalTo("2024-10-25"))
                .body("instances[0].dueAt", equalTo("2024-10-25T16:00:00Z"));
    }

    @Test
    void an_invalid_plan_is_refused_with_every_violation_at_once() {
        String county = TestPlans.freshCounty();
        Map<String, Object> plan = TestPlans.plan(county, 2024, new ArrayList<>(List.of(
                TestPlans.task("FIN-INVEST", "FIN", "2024-10-20"),
                TestPlans.task("FIN-INVEST", "NOPE", "2024-13-40"),
                TestPlans.task("EEB-X", "EEB", "2031-01-01"))));
        Map<String, Object> badIndicators = TestPlans.task("EEB-Y", "EEB", "2024-10-20");
        badIndicators.put("indicators", List.of("EQI.NOPE"));
        badIndicators.put("managementItems", List.of("GREEN.NOPE"));
        ((List<Map<String, Object>>) plan.get("tasks")).add(badIndicators);
        plan.put("methodology", "mee-1999");
        plan.put("timeZone", "Mars/Olympus");
        plan.put("escalation", Map.of("remindBefore", List.of("three days"), "escalateAfter", List.of("PT0S", "-P1D")));
        plan.put("county", Map.of("code", "150425", "name", "x", "functionType", "DESERT"));

        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put(url(county + "-2024"))
                .then().statusCode(422).contentType("application/problem+json")
                .body("violations.field", hasItems("tasks[1].id", "tasks[1].department", "methodology", "timeZone",
                        "tasks[3].indicators[0]", "tasks[3].managementItems[0]", "escalation.remindBefore[0]",
                        "escalation.escalateAfter[1]", "county.code", "county.functionType"))
                .body("violations.rule", hasItems("unique", "unknown-department", "unknown-methodology", "time-zone",
                        "unknown-indicator", "unknown-management-item", "duration", "non-negative",
                        "matches-evaluation", "one-of"));

        // with a valid time zone, bad and out-of-range due dates are named too
        plan.put("timeZone", "Asia/Shanghai");
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put(url(county + "-2024"))
                .then().statusCode(422)
                .body("violations.findAll { it.field == 'tasks[1].due' }.rule", hasItem("due-format"))
                .body("violations.findAll { it.field == 'tasks[2].due' }.rule", hasItem("due-range"));

        given().auth().oauth2(TestTokens.county("bureau", county)).get(url(county + "-2024")).then().statusCode(404);
    }

    @Test
    void another_countys_bureau_sees_404_and_a_department_cannot_register() {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        Map<String, Object> plan = TestPlans.plan(county, 2024, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20")));
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put(url(evaluation)).then().statusCode(201);

        given().auth().oauth2(TestTokens.county("bureau", "150425")).get(url(evaluation))
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.county("bureau", "150425")).contentType(ContentType.JSON).body(plan)
                .put(url(evaluation)).then().statusCode(404);
        given().auth().oauth2(TestTokens.unit("department", "FIN", county)).contentType(ContentType.JSON).body(plan)
                .put(url(evaluation)).then().statusCode(403);
        given().get(url(evaluation)).then().statusCode(401);
        given().auth().oauth2(TestTokens.provincialAdmin()).get(url(evaluation)).then().statusCode(200);
        given().auth().oauth2(TestTokens.county("supervisor", county)).get(url(evaluation)).then().statusCode(200);
    }

    @Test
    void webhook_secrets_are_write_only() {
        String county = TestPlans.freshCounty();
        Map<String, Object> plan = TestPlans.plan(county, 2024, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20")));
        Map<String, Object> supervisor = new LinkedHashMap<>();
        supervisor.put("name", "旗长");
        supervisor.put("webhookUrl", "https://hooks.example.org/ecoeval");
        supervisor.put("webhookSecret", "s3cr3t-value");
        plan.put("supervisors", List.of(supervisor));
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put(url(county + "-2024")).then().statusCode(201)
                .body(not(containsString("s3cr3t-value")));
        given().auth().oauth2(TestTokens.county("bureau", county)).get(url(county + "-2024"))
                .then().statusCode(200).body("plan.supervisors[0].webhookUrl", equalTo("https://hooks.example.org/ecoeval"))
                .body("plan.supervisors[0].webhookSecret", nullValue())
                .body(not(containsString("s3cr3t-value")));
    }

    @Test
    void a_plan_in_yaml_registers_like_json() {
        String county = TestPlans.freshCounty();
        String yaml = """
                county: {code: "%s", name: 测试旗, areaKm2: 1000, functionType: BIODIVERSITY}
                year: 2024
                methodology: mee-2022
                timeZone: Asia/Shanghai
                departments:
                  - {code: GOV, name: 旗政府办, headEmail: gov@example.org}
                tasks:
                  - id: GOV-MINUTES
                    department: GOV
                    title: 生态环境保护工作会议纪要
                    managementItems: [ORGANISATION.LEADERSHIP]
                    due: 2024-03-31
                    recurrence: QUARTERLY
                escalation:
                  remindBefore: [P3D]
                  escalateAfter: [PT0S, P2D]
                """.formatted(county);
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType("application/yaml")
                .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put(url(county + "-2024"))
                .then().statusCode(201).body("version", equalTo(1))
                .body("instances.id", equalTo(List.of("GOV-MINUTES#Q1", "GOV-MINUTES#Q2", "GOV-MINUTES#Q3", "GOV-MINUTES#Q4")))
                .body("instances[0].dueAt", equalTo("2024-03-31T16:00:00Z"));

        given().auth().oauth2(TestTokens.county("bureau", county)).contentType("application/yaml")
                .body("tasks: [unclosed".getBytes(java.nio.charset.StandardCharsets.UTF_8)).put(url(county + "-2024"))
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].rule", equalTo("yaml"));
    }

    @Test
    void the_hexigten_2024_plan_file_loads_unchanged() throws Exception {
        String body = Files.readString(ProjectLayout.root().resolve("deploy/local/plans/150425-2024.json"));
        given().auth().oauth2(TestTokens.provincialAdmin()).contentType(ContentType.JSON).body(body)
                .put(url("150425-2024"))
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)))
                .body("evaluationId", equalTo("150425-2024"))
                .body("plan.departments", hasSize(17))
                .body("instances", hasSize(24 + 3))
                .body("instances.find { it.id == 'EEB-REPORT' }.dueAt", equalTo("2024-10-25T16:00:00Z"))
                .body("instances.find { it.id == 'GOV-MINUTES#Q4' }.dueAt", equalTo("2024-12-31T16:00:00Z"));
    }
}
