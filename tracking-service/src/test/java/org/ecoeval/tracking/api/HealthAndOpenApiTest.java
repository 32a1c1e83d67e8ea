package org.ecoeval.tracking.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthAndOpenApiTest {

    // readiness (PostgreSQL, Kafka) is on the management port now: ManagementInterfaceTest

    @Test
    void the_openapi_document_lists_the_endpoints() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/evaluations/{evaluationId}/plan"))
                .body(containsString("/api/v1/evaluations/{evaluationId}/tasks"));
    }

    @Test
    void the_bench_noop_answers_an_authorised_caller_with_nothing_and_refuses_the_others() {
        given().auth().oauth2(org.ecoeval.infra.TestTokens.county("bureau", "150425")).get("/api/v1/bench/noop")
                .then().statusCode(204);
        given().get("/api/v1/bench/noop").then().statusCode(401);
        given().auth().oauth2(org.ecoeval.infra.TestTokens.unit("department", "FIN", "150425"))
                .get("/api/v1/bench/noop").then().statusCode(403);
    }
}
