package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
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

@QuarkusTest
class SubmissionLifecycleTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);
    static final String FOREST_HEAD = TestTokens.unit("unit-head", "FOREST", TestTokens.COUNTY);
    static final String FIN = TestTokens.unit("department", "FIN", TestTokens.COUNTY);
    static final String FIN_HEAD = TestTokens.unit("unit-head", "FIN", TestTokens.COUNTY);
    static final String BUREAU = TestTokens.county("bureau", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    String evaluationWithPlan(boolean headApproval) {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, headApproval, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    static Map<String, Object> forest(int year, double pattern) {
        return Map.of("task", "FOREST-DATA", "values", List.of(
                Map.of("indicator", "EQI.PATTERN", "year", year, "value", pattern)));
    }

    static String submit(String token, String evaluation, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201).extract().path("id");
    }

    static List<String> eventTypes(String submissionId, int count) {
        return TestKafka.awaitContaining(Topics.SUBMISSIONS, submissionId, count).stream()
                .map(r -> TestKafka.header(r, CloudEventHeaders.TYPE).orElseThrow()).toList();
    }

    static List<SubmissionEvent> events(String submissionId, int count) throws Exception {
        List<SubmissionEvent> out = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : TestKafka.awaitContaining(Topics.SUBMISSIONS, submissionId, count)) {
            out.add(TestPlans.JSON.readValue(r.value(), SubmissionEvent.class));
        }
        return out;
    }

    @Test
    void a_returned_submission_resubmitted_as_version_2_produces_the_right_events_in_order() throws Exception {
        String evaluation = evaluationWithPlan(false);
        int year = TestPlans.yearOf(evaluation);
        String id = submit(FOREST, evaluation, forest(year, 61));

        given().auth().oauth2(BUREAU).contentType(ContentType.JSON)
                .body(Map.of("decision", "RETURN", "comment", "格局指数与监测站数据不符"))
                .post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(200).body("status", equalTo("RETURNED")).body("version", equalTo(1));

        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forest(year, 62.5))
                .put("/api/v1/submissions/{id}", id)
                .then().statusCode(200).body("version", equalTo(2)).body("status", equalTo("SUBMITTED"));

        given().auth().oauth2(BUREAU).contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT", "comment", "ok"))
                .post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));

        List<SubmissionEvent> events = events(id, 4);
        assertThat(events).extracting(SubmissionEvent::type).containsExactly(
                SubmissionEvent.Type.SubmissionSubmitted, SubmissionEvent.Type.SubmissionReturned,
                SubmissionEvent.Type.SubmissionSubmitted, SubmissionEvent.Type.SubmissionAccepted);
        assertThat(events).extracting(SubmissionEvent::version).containsExactly(1, 1, 2, 2);
        assertThat(events).extracting(SubmissionEvent::status).extracting(Enum::name)
                .containsExactly("SUBMITTED", "RETURNED", "SUBMITTED", "ACCEPTED");
        assertThat(events.get(2).values().get(0).value()).isEqualByComparingTo("62.5");
        assertThat(events.get(3).values().get(0).value()).isEqualByComparingTo("62.5");
        assertThat(eventTypes(id, 4)).containsExactly("SubmissionSubmitted", "SubmissionReturned",
                "SubmissionSubmitted", "SubmissionAccepted");

        given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().statusCode(200)
                .body("version", equalTo(2)).body("status", equalTo("ACCEPTED"))
                .body("versions.version", equalTo(List.of(1, 2)))
                .body("versions[0].values[0].value", equalTo(61.0f))
                .body("versions[1].values[0].value", equalTo(62.5f))
                .body("history.action", equalTo(List.of("SUBMITTED", "RETURNED", "REVISED", "ACCEPTED")))
                .body("history.actor", equalTo(List.of("department-FOREST", "bureau-150425", "department-FOREST",
                        "bureau-150425")))
                .body("history[1].comment", equalTo("格局指数与监测站数据不符"));
    }

    @Test
    void an_accepted_submission_is_final() {
        String evaluation = evaluationWithPlan(false);
        int year = TestPlans.yearOf(evaluation);
        String id = submit(FOREST, evaluation, forest(year, 61));
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/submissions/{id}/review", id).then().statusCode(200);
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forest(year, 63))
                .put("/api/v1/submissions/{id}", id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(Map.of("decision", "RETURN", "comment", "x"))
                .post("/api/v1/submissions/{id}/review", id).then().statusCode(409);
    }

    @Test
    void a_new_version_may_follow_a_submitted_one_and_is_validated_like_the_first() {
        String evaluation = evaluationWithPlan(false);
        int year = TestPlans.yearOf(evaluation);
        String id = submit(FOREST, evaluation, forest(year, 61));
        given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(Map.of("task", "LAND-DATA", "values", List.of(
                        Map.of("indicator", "EQI.PATTERN", "year", year, "value", 160))))
                .put("/api/v1/submissions/{id}", id)
                .then().statusCode(422)
                .body("violations.field", hasItems("task", "values[0].value"))
                .body("violations.rule", hasItems("immutable", "range"));
        given().auth().oauth2(FOREST_HEAD).contentType(ContentType.JSON)
                .body(Map.of("values", List.of(Map.of("indicator", "EQI.FUNCTION", "year", year, "value", 52))))
                .put("/api/v1/submissions/{id}", id)
                .then().statusCode(200).body("version", equalTo(2));
        // another unit's submission is not there for it
        given().auth().oauth2(FIN).contentType(ContentType.JSON).body(forest(year, 61))
                .put("/api/v1/submissions/{id}", id).then().statusCode(404);
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(forest(year, 61))
                .put("/api/v1/submissions/{id}", id).then().statusCode(403);
    }

    @Test
    void a_second_submission_for_the_same_task_instance_is_a_conflict() {
        String evaluation = evaluationWithPlan(false);
        String first = submit(FOREST, evaluation, forest(TestPlans.yearOf(evaluation), 61));
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forest(TestPlans.yearOf(evaluation), 62))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(409).body("type", equalTo("https://ecoeval.org/problems/submission-exists"))
                .body("detail", org.hamcrest.Matchers.containsString(first));
    }

    @Test
    void concurrent_first_submissions_of_one_task_make_one_submission_and_the_others_conflict() throws Exception {
        String evaluation = evaluationWithPlan(false);
        int year = TestPlans.yearOf(evaluation);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<io.restassured.response.Response> answers = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Callable<io.restassured.response.Response>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int value = 61 + i;
                calls.add(() -> given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(forest(year, value))
                        .post("/api/v1/evaluations/{e}/submissions", evaluation));
            }
            for (var f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = answers.stream().map(io.restassured.response.Response::statusCode).toList();
        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        String id = answers.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow().path("id");
        assertThat(answers.stream().filter(r -> r.statusCode() == 409).map(r -> r.<String>path("detail")))
                .allSatisfy(detail -> assertThat(detail).contains(id));
        given().auth().oauth2(FOREST).get("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(200).body("totalItems", equalTo(1));
    }

    @Test
    void the_unit_head_approves_when_the_plan_requires_it_and_only_then_is_it_submitted() throws Exception {
        String evaluation = evaluationWithPlan(true);
        int year = TestPlans.yearOf(evaluation);
        String id = submit(FOREST, evaluation, forest(year, 61));

        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/submissions/{id}/review", id).then().statusCode(409);
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(Map.of("approve", true))
                .post("/api/v1/submissions/{id}/approval", id).then().statusCode(403);
        given().auth().oauth2(FIN_HEAD).contentType(ContentType.JSON).body(Map.of("approve", true))
                .post("/api/v1/submissions/{id}/approval", id).then().statusCode(404);
        given().auth().oauth2(FOREST_HEAD).contentType(ContentType.JSON).body(Map.of("approve", false))
                .post("/api/v1/submissions/{id}/approval", id).then().statusCode(422)
                .body("violations[0].field", equalTo("comment"));

        given().auth().oauth2(FOREST_HEAD).contentType(ContentType.JSON)
                .body(Map.of("approve", true, "comment", "数据已核"))
                .post("/api/v1/submissions/{id}/approval", id)
                .then().statusCode(200).body("status", equalTo("SUBMITTED"));
        given().auth().oauth2(FOREST_HEAD).contentType(ContentType.JSON).body(Map.of("approve", true))
                .post("/api/v1/submissions/{id}/approval", id).then().statusCode(409);

        List<SubmissionEvent> events = events(id, 2);
        assertThat(events).extracting(SubmissionEvent::type).containsExactly(
                SubmissionEvent.Type.SubmissionSubmitted, SubmissionEvent.Type.SubmissionApproved);
        assertThat(events).extracting(e -> e.status().name()).containsExactly("AWAITING_APPROVAL", "SUBMITTED");
        given().auth().oauth2(BUREAU).get("/api/v1/submissions/{id}", id).then()
                .body("history[1].action", equalTo("APPROVED")).body("history[1].role", equalTo("unit-head"))
                .body("history[1].comment", equalTo("数据已核"));
    }

    @Test
    void a_unit_head_rejection_returns_the_submission_to_the_department() throws Exception {
        String evaluation = evaluationWithPlan(true);
        String id = submit(FOREST, evaluation, forest(TestPlans.yearOf(evaluation), 61));
        given().auth().oauth2(FOREST_HEAD).contentType(ContentType.JSON)
                .body(Map.of("approve", false, "comment", "请补充凭证"))
                .post("/api/v1/submissions/{id}/approval", id)
                .then().statusCode(200).body("status", equalTo("RETURNED"));
        assertThat(eventTypes(id, 2)).containsExactly("SubmissionSubmitted", "SubmissionReturned");
    }

    @Test
    void approval_is_refused_when_the_plan_does_not_ask_for_it() {
        String evaluation = evaluationWithPlan(false);
        String id = submit(FOREST, evaluation, forest(TestPlans.yearOf(evaluation), 61));
        given().auth().oauth2(FOREST_HEAD).contentType(ContentType.JSON).body(Map.of("approve", true))
                .post("/api/v1/submissions/{id}/approval", id).then().statusCode(409);
    }

    @Test
    void acceptance_scores_only_the_tasks_management_items_within_minus_one_to_one() throws Exception {
        String evaluation = evaluationWithPlan(false);
        String id = submit(FIN, evaluation, Map.of("task", "FIN-INVEST", "note", "投入凭证"));
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT", "managementScores",
                        Map.of("GREEN.INVESTMENT", 1.5, "PROTECT.RED_LINE", 0.5, "NO.SUCH", 0)))
                .post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(422)
                .body("violations.field", hasItems("managementScores.GREEN.INVESTMENT",
                        "managementScores.PROTECT.RED_LINE", "managementScores.NO.SUCH"))
                .body("violations.rule", hasItems("range", "task-item", "unknown-item"));
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON)
                .body(Map.of("decision", "RETURN", "comment", "x", "managementScores", Map.of("GREEN.INVESTMENT", 1)))
                .post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(422).body("violations[0].rule", equalTo("not-allowed"));
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(Map.of("decision", "MAYBE"))
                .post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(422).body("violations[0].field", equalTo("decision"));
        given().auth().oauth2(FIN_HEAD).contentType(ContentType.JSON).body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/submissions/{id}/review", id).then().statusCode(403);
        given().auth().oauth2(TestTokens.county("bureau", "150426")).contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT")).post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(404);

        given().auth().oauth2(BUREAU).contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT", "comment", "凭证齐全", "managementScores",
                        Map.of("GREEN.INVESTMENT", -0.5)))
                .post("/api/v1/submissions/{id}/review", id)
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        List<SubmissionEvent> events = events(id, 2);
        assertThat(events.get(1).type()).isEqualTo(SubmissionEvent.Type.SubmissionAccepted);
        assertThat(events.get(1).managementScores()).containsOnlyKeys("GREEN.INVESTMENT");
        assertThat(events.get(1).managementScores().get("GREEN.INVESTMENT")).isEqualByComparingTo("-0.5");
        assertThat(events.get(0).managementScores()).isNull();
        given().auth().oauth2(FIN).get("/api/v1/submissions/{id}", id).then()
                .body("managementScores.'GREEN.INVESTMENT'", equalTo(-0.5f));
    }

    @Test
    void a_recurring_tasks_instance_takes_its_own_submission() {
        String evaluation = evaluationWithPlan(false);
        String gov = TestTokens.unit("department", "GOV", TestTokens.COUNTY);
        String q1 = submit(gov, evaluation, Map.of("task", "GOV-MINUTES#Q1", "note", "一季度会议纪要"));
        String q2 = submit(gov, evaluation, Map.of("task", "GOV-MINUTES#Q2", "note", "二季度会议纪要"));
        assertThat(q1).isNotEqualTo(q2);
        given().auth().oauth2(gov).contentType(ContentType.JSON).body(Map.of("task", "GOV-MINUTES"))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).body("violations[0].rule", equalTo("unknown-task"));
    }

    @Test
    void patches_and_events_follow_their_field_rules() {
        String evaluation = evaluationWithPlan(false);
        int year = TestPlans.yearOf(evaluation);
        String eeb = TestTokens.unit("department", "EEB", TestTokens.COUNTY);
        given().auth().oauth2(eeb).contentType(ContentType.JSON)
                .body(Map.of("task", "EEB-PATCHES", "patches", List.of(
                        Map.of("patchId", "P-7", "areaKm2", 2.0, "direction", "IMPROVED", "changeType", "restoration",
                                "verified", true),
                        Map.of("patchId", "P-7", "areaKm2", 0, "direction", "SIDEWAYS", "changeType", "x"))))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422)
                .body("violations.field", hasItems("patches[1].patchId", "patches[1].areaKm2", "patches[1].direction",
                        "patches[1].verified"))
                .body("violations.rule", hasItems("duplicate", "positive", "enum", "required"));
        given().auth().oauth2(eeb).contentType(ContentType.JSON)
                .body(Map.of("task", "EEB-EVENTS", "events", List.of(
                        Map.of("eventId", "E-1", "kind", "ENVIRONMENTAL_EMERGENCY", "occurredOn", year + "-06-02"),
                        Map.of("eventId", "E-2", "kind", "ECOLOGICAL_PROBLEM", "severity", "MAJOR",
                                "occurredOn", (year - 1) + "-06-02"),
                        Map.of("eventId", "E-3", "kind", "FIRE", "occurredOn", "2 June"))))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422)
                .body("violations.field", hasItems("events[0].severity", "events[1].severity", "events[1].occurredOn",
                        "events[2].kind", "events[2].occurredOn"));
        given().auth().oauth2(eeb).contentType(ContentType.JSON)
                .body(Map.of("task", "EEB-EVENTS", "events", List.of(
                        Map.of("eventId", "E-1", "kind", "ENVIRONMENTAL_EMERGENCY", "severity", "GENERAL",
                                "occurredOn", year + "-06-02"),
                        Map.of("eventId", "E-2", "kind", "ECOLOGICAL_PROBLEM", "occurredOn", year + "-07-01"))))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201);
    }
}
