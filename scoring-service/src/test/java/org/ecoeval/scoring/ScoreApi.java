package org.ecoeval.scoring;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Predicate;

import org.ecoeval.infra.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;

/** The score API as a bureau of the county (or an admin) sees it; decimals read exactly from the JSON text. */
public final class ScoreApi {

    public static JsonNode score(String county, String evaluationId, String reading) {
        String body = given().auth().oauth2(TestTokens.county("bureau", county)).queryParam("reading", reading)
                .when().get("/api/v1/evaluations/{id}/score", evaluationId)
                .then().statusCode(200).extract().asString();
        return read(body);
    }

    public static JsonNode history(String county, String evaluationId) {
        String body = given().auth().oauth2(TestTokens.county("supervisor", county))
                .when().get("/api/v1/evaluations/{id}/score/history", evaluationId)
                .then().statusCode(200).extract().asString();
        return read(body);
    }

    public static JsonNode recompute(String county, String evaluationId) {
        String body = given().auth().oauth2(TestTokens.county("admin", county))
                .when().post("/api/v1/evaluations/{id}/score/recompute", evaluationId)
                .then().statusCode(200).extract().asString();
        return read(body);
    }

    /** The score as it stood at {@code asOf}: the response, whatever its status. */
    public static io.restassured.response.Response scoreAsOf(String county, String evaluationId, String reading,
            String asOf) {
        return given().auth().oauth2(TestTokens.county("bureau", county)).queryParam("reading", reading)
                .queryParam("asOf", asOf).when().get("/api/v1/evaluations/{id}/score", evaluationId);
    }

    /** Waits until the evaluation's basis counts {@code events} distinct submission events. */
    public static JsonNode awaitEvents(String county, String evaluationId, long events) {
        return awaitScore(county, evaluationId, "provisional", s -> s.path("basis").path("eventCount").asLong() == events);
    }

    public static JsonNode awaitScore(String county, String evaluationId, String reading, Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int status = given().auth().oauth2(TestTokens.county("bureau", county)).queryParam("reading", reading)
                    .when().get("/api/v1/evaluations/{id}/score", evaluationId).statusCode();
            if (status != 200) {
                return false;
            }
            last[0] = score(county, evaluationId, reading);
            return until.test(last[0]);
        });
        return last[0];
    }

    public static BigDecimal decimal(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n.isMissingNode() || n.isNull() ? null : n.decimalValue();
    }

    private static JsonNode read(String body) {
        try {
            return EventStream.JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private ScoreApi() {
    }
}
