package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SubmissionListTest {
    static final String BUREAU = TestTokens.county("bureau", TestTokens.COUNTY);
    static final String GOV = TestTokens.unit("department", "GOV", TestTokens.COUNTY);
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    @Test
    void the_list_is_paged_filtered_in_a_stable_order_and_a_unit_sees_only_its_own() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        List<String> gov = new ArrayList<>();
        for (int q = 1; q <= 4; q++) {
            gov.add(given().auth().oauth2(GOV).contentType(ContentType.JSON)
                    .body(Map.of("task", "GOV-MINUTES#Q" + q)).post("/api/v1/evaluations/{e}/submissions", evaluation)
                    .then().statusCode(201).extract().path("id"));
        }
        String forest = given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(Map.of("task", "FOREST-DATA")).post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(BUREAU).contentType(ContentType.JSON).body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/submissions/{id}/review", gov.get(1)).then().statusCode(200);

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            var r = given().auth().oauth2(BUREAU).queryParam("page", page).queryParam("pageSize", 2)
                    .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                    .body("totalItems", equalTo(5)).body("totalPages", equalTo(3)).body("pageSize", equalTo(2))
                    .extract().jsonPath();
            paged.addAll(r.getList("items.id"));
        }
        List<String> all = new ArrayList<>(gov);
        all.add(forest);
        assertThat(paged).containsExactlyElementsOf(all);

        given().auth().oauth2(BUREAU).queryParam("department", "GOV").queryParam("status", "ACCEPTED")
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("items.id", equalTo(List.of(gov.get(1))));
        given().auth().oauth2(BUREAU).queryParam("task", "FOREST-DATA")
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("items.id", equalTo(List.of(forest)));
        given().auth().oauth2(FOREST).get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("items.id", equalTo(List.of(forest)));
        given().auth().oauth2(FOREST).queryParam("department", "GOV")
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("totalItems", equalTo(0));
        given().auth().oauth2(TestTokens.county("supervisor", TestTokens.COUNTY))
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(200)
                .body("totalItems", equalTo(5));
        given().auth().oauth2(TestTokens.county("bureau", "150426"))
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(404);
        given().auth().oauth2(BUREAU).queryParam("pageSize", 0).queryParam("status", "DONE")
                .get("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("pageSize", "status")));
    }
}
