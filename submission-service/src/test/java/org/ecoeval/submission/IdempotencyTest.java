package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class IdempotencyTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);
    static final String FOREST_HEAD = TestTokens.unit("unit-head", "FOREST", TestTokens.COUNTY);
    static final String LAND = TestTokens.unit("department", "LAND", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    String evaluationWithPlan() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    static Map<String, Object> body(int year, double value) {
        return Map.of("task", "FOREST-DATA", "values", List.of(Map.of("indicator", "EQI.PATTERN", "year", year,
                "value", value)));
    }

    static Response post(String token, String key, String evaluation, Object body) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/evaluations/{e}/submissions", evaluation);
    }

    static long submissionsOf(String evaluation) {
        return QuarkusTransaction.requiringNew().call(() -> org.ecoeval.submission.domain.Submission
                .count("evaluationId", evaluation));
    }

    @Test
    void a_post_retried_with_the_same_idempotency_key_makes_one_submission_and_one_event() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String key = UUID.randomUUID().toString();

        Response first = post(FOREST, key, evaluation, body(year, 61));
        first.then().statusCode(201);
        // a retry from a script (same unit, another user of it) replays the first answer
        Response retry = post(FOREST_HEAD, key, evaluation, body(year, 61));
        retry.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(retry.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(retry.jsonPath().getString("submittedAt")).isEqualTo(first.jsonPath().getString("submittedAt"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(submissionsOf(evaluation)).isEqualTo(1);

        String id = first.jsonPath().getString("id");
        // one event: wait for it, then for a later marker, and count again
        TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1);
        String marker = given().auth().oauth2(LAND).contentType(ContentType.JSON)
                .body(Map.of("task", "LAND-DATA")).post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).extract().path("id");
        TestKafka.awaitContaining(Topics.SUBMISSIONS, marker, 1);
        assertThat(TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1)).hasSize(1);
    }

    @Test
    void the_same_key_with_a_different_body_is_422() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String key = UUID.randomUUID().toString();
        post(FOREST, key, evaluation, body(year, 61)).then().statusCode(201);
        post(FOREST, key, evaluation, body(year, 62)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("Idempotency-Key"))
                .body("violations[0].rule", equalTo("idempotency-key-reuse"));
        assertThat(submissionsOf(evaluation)).isEqualTo(1);
    }

    @Test
    void keys_are_kept_per_unit() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String key = UUID.randomUUID().toString();
        post(FOREST, key, evaluation, body(year, 61)).then().statusCode(201);
        // the same key from another unit is another request altogether
        post(LAND, key, evaluation, Map.of("task", "LAND-DATA")).then().statusCode(201);
        assertThat(submissionsOf(evaluation)).isEqualTo(2);
    }

    @Test
    void concurrent_retries_with_one_key_make_one_submission() throws Exception {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> post(FOREST, key, evaluation, body(year, 61)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                assertThat(r.statusCode()).isEqualTo(201);
                ids.add(r.jsonPath().getString("id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(submissionsOf(evaluation)).isEqualTo(1);
    }

    @Test
    void a_rejected_request_stores_nothing_under_its_key() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String key = UUID.randomUUID().toString();
        post(FOREST, key, evaluation, body(year, 161)).then().statusCode(422)
                .body("violations[0].rule", equalTo("range"));
        // the client corrects its body and retries with the same key: nothing was kept for the failed attempt
        post(FOREST, key, evaluation, body(year, 61)).then().statusCode(201);
        assertThat(submissionsOf(evaluation)).isEqualTo(1);
    }

    @Test
    void idempotency_keys_are_honoured_by_new_versions_and_reviews_too() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String id = post(FOREST, UUID.randomUUID().toString(), evaluation, body(year, 61)).then().statusCode(201)
                .extract().path("id");
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(FOREST).header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(body(year, 63)).put("/api/v1/submissions/{id}", id)
                    .then().statusCode(200).body("version", equalTo(2));
        }
        String bureau = TestTokens.county("bureau", TestTokens.COUNTY);
        String reviewKey = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(bureau).header("Idempotency-Key", reviewKey).contentType(ContentType.JSON)
                    .body(Map.of("decision", "ACCEPT")).post("/api/v1/submissions/{id}/review", id)
                    .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        }
        given().auth().oauth2(FOREST).header("Idempotency-Key", "not a valid key").contentType(ContentType.JSON)
                .body(body(year, 63)).put("/api/v1/submissions/{id}", id)
                .then().statusCode(400).body("violations[0].field", equalTo("Idempotency-Key"));
    }
}
