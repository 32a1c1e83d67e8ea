package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.ecoeval.infra.ApiContract;
import org.ecoeval.infra.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The benchmark's ingest baseline stores one row per accepted request and nothing for a refused one. */
@QuarkusTest
class IngestBaselineTest {
    static final String GOV = TestTokens.unit("department", "GOV", TestTokens.COUNTY);
    static final Map<String, Object> BODY = Map.of("task", "GOV-MINUTES#Q1",
            "values", List.of(Map.of("indicator", "EQI.PATTERN", "year", 2024, "value", 41.5)));

    @Inject
    EntityManager em;

    @Test
    void a_unit_posting_a_submission_body_gets_one_row_with_its_department_and_body() {
        long before = rows();
        long id = given().auth().oauth2(GOV).contentType(ContentType.JSON).body(BODY)
                .post("/api/v1/bench/ingest-baseline").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        assertThat(rows()).isEqualTo(before + 1);
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select department, body ->> 'task' from ingest_baseline where id = :id").setParameter("id", id)
                .getSingleResult());
        assertThat(row).containsExactly("GOV", "GOV-MINUTES#Q1");
    }

    @Test
    void a_caller_outside_the_units_or_a_broken_body_writes_nothing() {
        long before = rows();
        given().auth().oauth2(TestTokens.county("bureau", TestTokens.COUNTY)).contentType(ContentType.JSON)
                .body(BODY).post("/api/v1/bench/ingest-baseline").then().statusCode(403);
        given().contentType(ContentType.JSON).body(BODY).post("/api/v1/bench/ingest-baseline").then()
                .statusCode(401);
        given().auth().oauth2(GOV).filter(ApiContract.HOSTILE_REQUEST).contentType(ContentType.JSON).body("{\"task\": ")
                .post("/api/v1/bench/ingest-baseline").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(GOV).filter(ApiContract.HOSTILE_REQUEST).contentType(ContentType.JSON).body("null")
                .post("/api/v1/bench/ingest-baseline").then().statusCode(400)
                .body("violations[0].field", equalTo("body"));
        assertThat(rows()).isEqualTo(before);
    }

    private long rows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from ingest_baseline").getSingleResult()).longValue());
    }
}
