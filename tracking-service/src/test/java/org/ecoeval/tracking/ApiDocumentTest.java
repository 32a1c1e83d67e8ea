package org.ecoeval.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecoeval.infra.ApiContract;
import org.ecoeval.infra.ApiDocumentRules;
import org.ecoeval.infra.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The service's OpenAPI document is complete, and every REST-assured test of the service is held to it. */
@QuarkusTest
class ApiDocumentTest {

    @Test
    void every_operation_has_an_operation_id_the_bearer_scheme_and_problem_json_errors() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertThat(ApiDocumentRules.gaps(document)).isEmpty();
        assertThat(document).contains("3.0.3").contains("150425-2024");
    }

    @Test
    void a_request_the_document_does_not_know_fails_the_test_that_sends_it() {
        assertThat(ApiContract.installed()).isTrue();
        assertThatThrownBy(() -> given().auth().oauth2(TestTokens.county("bureau", TestTokens.COUNTY))
                .get("/api/v1/not-in-the-document"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("OpenAPI document");
        assertThatThrownBy(() -> given().auth().oauth2(TestTokens.county("bureau", TestTokens.COUNTY))
                .delete("/api/v1/evaluations/150425-2024/tasks"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("OpenAPI document");
    }
}
