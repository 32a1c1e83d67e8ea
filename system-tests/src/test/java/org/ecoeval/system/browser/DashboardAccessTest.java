package org.ecoeval.system.browser;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.time.Duration;

import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.system.SystemUnderTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * How the dashboard is reached, without a browser: people are sent to the OIDC login (code flow), systems keep
 * their bearer tokens, the contract API stays 401 without a token, and the score the page shows comes from
 * scoring-service through tracking-service with an ETag.
 */
class DashboardAccessTest {
    private static final String EVALUATION = "150425-2024";
    private static SystemUnderTest system;

    @BeforeAll
    static void registerPlan() throws Exception {
        system = SystemUnderTest.get();
        String plan = Files.readString(ProjectLayout.root().resolve("deploy/local/plans/" + EVALUATION + ".json"));
        given().auth().oauth2(TestTokens.county("bureau", TestTokens.COUNTY)).contentType(ContentType.JSON).body(plan)
                .put(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan")
                .then().statusCode(anyOf(is(201), is(200)));
    }

    @Test
    void a_person_without_a_session_is_sent_to_the_login_while_the_api_still_answers_401() {
        given().redirects().follow(false).get(system.tracking.baseUrl() + "/dashboard/")
                .then().statusCode(302).header("Location", containsString("response_type=code"))
                .header("Location", containsString("client_id=ecoeval-cli"));
        given().redirects().follow(false).get(system.tracking.api() + "/evaluations/" + EVALUATION + "/status")
                .then().statusCode(401);
        // a forged or stale session cookie never turns a write on the API into anything but 401
        given().redirects().follow(false).cookie("q_session_dashboard", "forged").contentType(ContentType.JSON)
                .body("{}").put(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan")
                .then().statusCode(401);
    }

    @Test
    void a_system_with_a_bearer_token_reads_the_dashboard_data_and_the_score_with_an_etag() {
        String bureau = TestTokens.county("bureau", TestTokens.COUNTY);
        given().auth().oauth2(bureau).get(system.tracking.baseUrl() + "/dashboard/api/me")
                .then().statusCode(200).body("county", equalTo(TestTokens.COUNTY))
                .body("roles", hasItem("bureau")).body("evaluations.evaluationId", hasItem(EVALUATION));

        String url = system.tracking.baseUrl() + "/dashboard/api/evaluations/" + EVALUATION + "/score?reading=confirmed";
        await("scoring-service knows the plan").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(bureau).get(url).then().statusCode(200));
        String etag = given().auth().oauth2(bureau).get(url)
                .then().statusCode(200).body("reading", notNullValue()).header("ETag", notNullValue())
                .extract().header("ETag");
        given().auth().oauth2(bureau).header("If-None-Match", etag).get(url).then().statusCode(304);

        // another county's evaluation is not revealed, and a department cannot read the score
        given().auth().oauth2(bureau).get(system.tracking.baseUrl() + "/dashboard/api/evaluations/150426-2024/score")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.unit("department", "FIN", TestTokens.COUNTY)).get(url).then().statusCode(403);
    }
}
