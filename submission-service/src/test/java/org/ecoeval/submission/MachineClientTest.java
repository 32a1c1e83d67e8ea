package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A department system authenticates as a machine (client-credentials token of the client that
 * {@code ecoeval client add} registers) and is held to the same rules as the unit's clerk.
 */
@QuarkusTest
class MachineClientTest {
    @Inject
    PlanBook plans;

    @Test
    void a_department_systems_token_submits_and_reads_its_own_unit_as_a_clerk_would() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        String machine = TestTokens.machine("FOREST", TestTokens.COUNTY);

        String id = given().auth().oauth2(machine).contentType(ContentType.JSON).body(Map.of("task", "FOREST-DATA"))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201).extract().path("id");
        given().auth().oauth2(machine).get("/api/v1/submissions/{id}", id).then().statusCode(200)
                .body("department", equalTo("FOREST"));
        given().auth().oauth2(machine).get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        // the same rules: another unit's task is not its to submit, another county is not revealed
        given().auth().oauth2(machine).contentType(ContentType.JSON).body(Map.of("task", "GOV-MINUTES#Q1"))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(422)
                .body("violations[0].rule", equalTo("own-unit"));
        given().auth().oauth2(TestTokens.machine("FOREST", "150426"))
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(404);
    }

    @Test
    void a_token_issued_for_another_audience_is_refused() {
        given().auth().oauth2(TestTokens.forAudience("another-system", "department", "FOREST", TestTokens.COUNTY))
                .get("/api/v1/evaluations/{e}/submissions", TestTokens.COUNTY + "-2024").then().statusCode(401);
    }
}
