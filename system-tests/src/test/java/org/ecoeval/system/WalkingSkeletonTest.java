package org.ecoeval.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.infra.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The thinnest real path through all three services, each a separate process: the plan registered with
 * tracking-service reaches the others through eco.plans; a department's submission is validated against
 * it, stored and published through the outbox; tracking-service and scoring-service both apply it.
 * Every assertion reads real state over REST.
 */
class WalkingSkeletonTest {
    /**
     * The Hexigten 2024 plan file registered under a county code of its own, so that other system tests
     * using the real 150425-2024 evaluation in the same JVM cannot change what this test counts.
     */
    private static final String COUNTY = "150499";
    private static final String EVALUATION = COUNTY + "-2024";
    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void a_plan_and_a_submission_flow_through_all_three_services() throws Exception {
        String bureau = TestTokens.county("bureau", COUNTY);
        String forest = TestTokens.unit("department", "FOREST", COUNTY);
        String plan = Files.readString(ProjectLayout.root().resolve("deploy/local/plans/150425-2024.json"))
                .replaceFirst("\"code\":\\s*\"150425\"", "\"code\": \"" + COUNTY + "\"");
        assertThat(plan).contains("\"" + COUNTY + "\"");

        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                .put(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan")
                .then().statusCode(anyOf(is(201), is(200))).body("version", notNullValue());

        // An out-of-range value is refused with the field and rule named, once the plan has arrived.
        Map<String, Object> invalid = Map.of("task", "FOREST-DATA",
                "values", List.of(Map.of("indicator", "EQI.PATTERN", "year", 2024, "value", 161.0)));
        await("submission-service knows the plan").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(forest).contentType(ContentType.JSON).body(invalid)
                        .post(system.submission.api() + "/evaluations/" + EVALUATION + "/submissions")
                        .then().statusCode(422).contentType("application/problem+json")
                        .body("violations.field", hasItem("values[0].value")));

        // the plan names FOREST-DATA's materials: each required one gets its evidence file
        Map<String, Object> materials = new java.util.LinkedHashMap<>();
        for (String code : List.of("LAND-COVER-DATA", "RESERVE-PLANS", "RESTORATION-PLAN", "RESTORATION-PROJECTS",
                "WORK-SUMMARY")) {
            byte[] pdf = ("%PDF-1.4\n% FOREST-DATA " + code + " " + java.util.UUID.randomUUID() + "\n%%EOF\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String id = given().auth().oauth2(forest).multiPart("file", code.toLowerCase() + ".pdf", pdf, "application/pdf")
                    .post(system.submission.api() + "/evaluations/" + EVALUATION + "/evidence")
                    .then().statusCode(201).extract().path("id");
            materials.put(code, List.of(id));
        }
        Map<String, Object> submission = Map.of("task", "FOREST-DATA",
                "values", List.of(Map.of("indicator", "EQI.PATTERN", "year", 2024, "value", 61.0),
                        Map.of("indicator", "EQI.PATTERN", "year", 2023, "value", 60.0)),
                "materials", materials,
                "note", "林草局 2024 年生态格局数据");
        Response created = given().auth().oauth2(forest).contentType(ContentType.JSON).body(submission)
                .post(system.submission.api() + "/evaluations/" + EVALUATION + "/submissions");
        created.then().statusCode(201).body("version", equalTo(1)).body("status", equalTo("SUBMITTED"));
        String submissionId = created.path("id");

        given().auth().oauth2(forest).get(system.submission.api() + "/submissions/" + submissionId)
                .then().statusCode(200).body("status", equalTo("SUBMITTED"));

        await("tracking-service shows the task submitted").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(bureau).queryParam("department", "FOREST")
                        .get(system.tracking.api() + "/evaluations/" + EVALUATION + "/tasks")
                        .then().statusCode(200)
                        .body("find { it.taskId == 'FOREST-DATA' }.state", equalTo("SUBMITTED")));

        await("scoring-service applied the event").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(bureau).get(system.scoring.api() + "/evaluations/" + EVALUATION + "/score")
                        .then().statusCode(200).body("basis.eventCount", equalTo(1)));
    }

    @Test
    void every_service_reports_ready_and_refuses_requests_without_a_token() {
        for (ServiceProcess service : List.of(system.submission, system.scoring, system.tracking)) {
            given().get(service.managementUrl() + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().get(service.baseUrl() + "/q/openapi").then().statusCode(200);
        }
        given().get(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan").then().statusCode(401);
        given().get(system.scoring.api() + "/evaluations/" + EVALUATION + "/score").then().statusCode(401);
        given().get(system.submission.api() + "/evaluations/" + EVALUATION + "/submissions").then().statusCode(401);
    }
}
