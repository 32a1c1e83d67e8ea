package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class SubmissionIntakeTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);
    static final String FIN = TestTokens.unit("department", "FIN", TestTokens.COUNTY);
    static final String BUREAU = TestTokens.county("bureau", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    String evaluationWithPlan(boolean headApproval, Instant due) {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, headApproval, due);
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    static Map<String, Object> forestBody(int year) {
        return Map.of("task", "FOREST-DATA", "values", List.of(
                Map.of("indicator", "EQI.PATTERN", "year", year, "value", 61.0),
                Map.of("indicator", "EQI.PATTERN", "year", year - 1, "value", 60.0)),
                "note", "林草局 2024 年数据");
    }

    @Test
    void a_valid_submission_is_stored_answered_201_and_published_to_eco_submissions() throws Exception {
        String evaluation = evaluationWithPlan(false, TestPlans.inAMonth());
        int year = TestPlans.yearOf(evaluation);

        var response = given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forestBody(year))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201)
                .body("id", notNullValue()).body("version", equalTo(1)).body("status", equalTo("SUBMITTED"))
                .body("late", equalTo(false)).body("submittedAt", notNullValue())
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/v1/submissions/" + id);

        List<ConsumerRecord<String, String>> records = TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1);
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(record.key()).isEqualTo(evaluation);
        assertThat(TestKafka.header(record, CloudEventHeaders.TYPE)).contains("SubmissionSubmitted");
        assertThat(TestKafka.header(record, CloudEventHeaders.SOURCE)).contains("/submission-service");
        assertThat(TestKafka.header(record, CloudEventHeaders.SPEC_VERSION)).contains("1.0");
        assertThat(TestKafka.header(record, CloudEventHeaders.TIME)).isPresent();
        SubmissionEvent event = TestPlans.JSON.readValue(record.value(), SubmissionEvent.class);
        assertThat(TestKafka.header(record, CloudEventHeaders.ID)).contains(event.eventId());
        assertThat(event.type()).isEqualTo(SubmissionEvent.Type.SubmissionSubmitted);
        assertThat(event.submissionId()).isEqualTo(id);
        assertThat(event.version()).isEqualTo(1);
        assertThat(event.department()).isEqualTo("FOREST");
        assertThat(event.task()).isEqualTo("FOREST-DATA");
        assertThat(event.values()).hasSize(2);
        assertThat(event.values().get(0).value()).isEqualByComparingTo("61.0");
        assertThat(event.late()).isFalse();

        given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("department", equalTo("FOREST")).body("task", equalTo("FOREST-DATA"))
                .body("status", equalTo("SUBMITTED")).body("versions.size()", equalTo(1))
                .body("versions[0].values[0].indicator", equalTo("EQI.PATTERN"))
                .body("versions[0].note", equalTo("林草局 2024 年数据"))
                .body("history[0].action", equalTo("SUBMITTED"))
                .body("history[0].actor", equalTo("department-FOREST"));
        given().auth().oauth2(BUREAU).get("/api/v1/submissions/{id}", id).then().statusCode(200);
        given().auth().oauth2(TestTokens.county("supervisor", TestTokens.COUNTY))
                .get("/api/v1/submissions/{id}", id).then().statusCode(200);
        given().auth().oauth2(TestTokens.provincialAdmin()).get("/api/v1/submissions/{id}", id).then()
                .statusCode(200);
        // the Banner's leaders read everything of their county, and nothing of another
        String leader = TestTokens.county("leader", TestTokens.COUNTY);
        given().auth().oauth2(leader).get("/api/v1/submissions/{id}", id).then().statusCode(200);
        given().auth().oauth2(TestTokens.county("leader", "999999")).get("/api/v1/submissions/{id}", id).then()
                .statusCode(404);
    }

    @Test
    void submitting_after_the_due_time_marks_the_submission_late() throws Exception {
        String evaluation = evaluationWithPlan(false, TestPlans.yesterday());
        String id = given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).body("late", equalTo(true)).extract().path("id");
        SubmissionEvent event = TestPlans.JSON.readValue(
                TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1).get(0).value(), SubmissionEvent.class);
        assertThat(event.late()).isTrue();
    }

    @Test
    void with_head_approval_required_a_submission_awaits_approval() {
        String evaluation = evaluationWithPlan(true, TestPlans.inAMonth());
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).body("status", equalTo("AWAITING_APPROVAL"));
    }

    @Test
    void every_violation_of_a_submission_is_listed_in_one_problem() {
        String evaluation = evaluationWithPlan(false, TestPlans.inAMonth());
        int year = TestPlans.yearOf(evaluation);
        Map<String, Object> body = Map.of("task", "FOREST-DATA",
                "values", List.of(
                        Map.of("indicator", "EQI.PATTERN", "year", year, "value", 61.0),
                        Map.of("indicator", "EQI.FUNCTION", "year", year, "value", 101),
                        Map.of("indicator", "ENV.AIR.GOOD_DAYS_RATIO", "year", year, "value", 90),
                        Map.of("indicator", "EQI.PATTERN", "year", year - 5, "value", 50),
                        Map.of("indicator", "EQI.PATTERN", "year", year, "value", 62),
                        Map.of("indicator", "NO.SUCH", "year", year, "value", 1)),
                "patches", List.of(Map.of("patchId", "P-1", "areaKm2", 2.0, "direction", "IMPROVED",
                        "changeType", "restoration", "verified", true)),
                "events", List.of(Map.of("eventId", "E-1", "kind", "ENVIRONMENTAL_EMERGENCY",
                        "severity", "GENERAL", "occurredOn", year + "-06-02")),
                "evidence", List.of("00000000-0000-0000-0000-000000000000"));

        JsonPath problem = given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(body)
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("violations.field", hasItems("values[1].value", "values[2].indicator", "values[3].year",
                        "values[4]", "values[5].indicator", "patches", "events", "evidence[0]"))
                .extract().jsonPath();
        Map<String, String> rules = new java.util.HashMap<>();
        problem.getList("violations", Map.class).forEach(v -> rules.put((String) v.get("field"), (String) v.get("rule")));
        assertThat(rules).containsEntry("values[1].value", "range")
                .containsEntry("values[2].indicator", "task-indicator")
                .containsEntry("values[3].year", "year")
                .containsEntry("values[4]", "duplicate")
                .containsEntry("values[5].indicator", "unknown-indicator")
                .containsEntry("patches", "not-allowed")
                .containsEntry("events", "not-allowed")
                .containsEntry("evidence[0]", "evidence");
        assertThat(problem.getList("violations")).hasSize(8);
    }

    @Test
    void a_json_body_over_the_limit_is_refused_before_it_is_read() {
        String evaluation = evaluationWithPlan(false, TestPlans.inAMonth());
        given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(Map.of("task", "FOREST-DATA", "note", "备".repeat(1024 * 1024)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(413).contentType("application/problem+json")
                .body("violations[0].field", equalTo("$")).body("violations[0].rule", equalTo("max-size"));
    }

    @Test
    void a_task_of_another_unit_or_an_unknown_task_is_refused() {
        String evaluation = evaluationWithPlan(false, TestPlans.inAMonth());
        given().auth().oauth2(FIN).contentType(ContentType.JSON).body(forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).body("violations[0].field", equalTo("task"))
                .body("violations[0].rule", equalTo("own-unit"));
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(Map.of("task", "NO-SUCH-TASK"))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).body("violations[0].field", equalTo("task"))
                .body("violations[0].rule", equalTo("unknown-task"));
    }

    @Test
    void an_unknown_evaluation_or_another_countys_evaluation_is_not_found() {
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forestBody(2099))
                .post("/api/v1/evaluations/{e}/submissions", TestTokens.COUNTY + "-2099")
                .then().statusCode(404).contentType("application/problem+json");
        String evaluation = evaluationWithPlan(false, TestPlans.inAMonth());
        String otherCounty = TestTokens.unit("department", "FOREST", "150426");
        given().auth().oauth2(otherCounty).contentType(ContentType.JSON)
                .body(forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(404);
    }

    @Test
    void another_unit_cannot_read_a_submission_and_a_bureau_cannot_submit() {
        String evaluation = evaluationWithPlan(false, TestPlans.inAMonth());
        String id = given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).extract().path("id");

        given().auth().oauth2(FIN).get("/api/v1/submissions/{id}", id).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("not found"));
        given().auth().oauth2(TestTokens.county("bureau", "150426")).get("/api/v1/submissions/{id}", id)
                .then().statusCode(404);
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(403);
        given().get("/api/v1/submissions/{id}", id).then().statusCode(401);
    }
}
