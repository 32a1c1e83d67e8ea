package org.ecoeval.scoring.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.EventStream.value;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.Plan;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.scoring.EventStream;
import org.ecoeval.scoring.ScoreApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET …/score/impact from real events on the real database: states, owners from the plan, order, roles. */
@QuarkusTest
class ImpactResourceTest {
    private static EventStream stream;

    @BeforeAll
    static void open() {
        stream = new EventStream();
    }

    @AfterAll
    static void close() {
        stream.close();
    }

    @Test
    void a_leader_of_the_county_reads_its_score_history_and_impact_and_a_leader_of_another_county_does_not() {
        String county = EventStream.freshCounty();
        String evaluation = county + "-2024";
        stream.publishPlan(evaluation, 1, EventStream.plan(county, 2024, 2023, "EEB"));
        ScoreApi.awaitScore(county, evaluation, "provisional", n -> n.hasNonNull("deltaEI"));
        String leader = TestTokens.county("leader", county);
        for (String path : List.of("score", "score/history", "score/impact")) {
            given().auth().oauth2(leader).get("/api/v1/evaluations/{e}/" + path, evaluation).then().statusCode(200);
            given().auth().oauth2(TestTokens.county("leader", "999999"))
                    .get("/api/v1/evaluations/{e}/" + path, evaluation).then().statusCode(404);
        }
        given().auth().oauth2(leader).post("/api/v1/evaluations/{e}/score/recompute", evaluation).then().statusCode(403);
    }

    @Test
    void every_missing_or_unaccepted_input_is_listed_with_its_swing_owner_and_state_largest_first() {
        String county = EventStream.freshCounty();
        String evaluation = county + "-2024";
        Plan base = EventStream.plan(county, 2024, 2023, "EEB", "FIN");
        List<Plan.Task> tasks = new ArrayList<>();
        tasks.add(new Plan.Task("EEB-ECO-QUALITY", "EEB", "生态质量", List.of("EQI.PATTERN", "EQI.FUNCTION"), null, null,
                null, "2024-10-20", null));
        tasks.add(new Plan.Task("FIN-INVEST", "FIN", "投入", null, List.of("GREEN.INVESTMENT"), null, null, "2024-10-20",
                null));
        stream.publishPlan(evaluation, 1, base.withTasks(tasks));
        ScoreApi.awaitScore(county, evaluation, "provisional", n -> n.hasNonNull("deltaEI"));
        // PATTERN of both years submitted, not accepted; FUNCTION of 2023 only
        EventStream.Submission eeb = new EventStream.Submission(evaluation, "EEB", Instant.parse("2024-09-01T00:00:00Z"))
                .values(value("EQI.PATTERN", 2024, "61"), value("EQI.PATTERN", 2023, "60"),
                        value("EQI.FUNCTION", 2023, "50"));
        stream.publish(eeb.submitted());
        ScoreApi.awaitEvents(county, evaluation, 1);

        JsonPath impact = given().auth().oauth2(TestTokens.county("bureau", county))
                .get("/api/v1/evaluations/{e}/score/impact", evaluation).then().statusCode(200).extract().jsonPath();
        assertThat(impact.getString("reading")).isEqualTo("provisional");
        // ΔEQI = 0.35·1, ΔEI = 0.6·0.35 = 0.21
        assertThat(new BigDecimal(impact.getString("deltaEI"))).isEqualByComparingTo("0.21");
        List<Map<String, Object>> items = impact.getList("items");
        Map<String, Object> function = find(items, "EQI.FUNCTION@2024");
        assertThat(function.get("state")).isEqualTo("MISSING");
        assertThat(function.get("kind")).isEqualTo("INDICATOR");
        // F(e) over 0..100 with F(c) = 50: 0.6·0.35·(−50) + 0.21 = −10.29 … 0.6·0.35·50 + 0.21 = 10.71
        assertThat(new BigDecimal(function.get("low").toString())).isEqualByComparingTo("-10.29");
        assertThat(new BigDecimal(function.get("high").toString())).isEqualByComparingTo("10.71");
        assertThat(new BigDecimal(function.get("swing").toString())).isEqualByComparingTo("21");
        assertThat(function.get("owners")).isEqualTo(List.of(Map.of("department", "EEB", "task", "EEB-ECO-QUALITY")));
        Map<String, Object> pattern = find(items, "EQI.PATTERN@2024");
        assertThat(pattern.get("state")).as("submitted, not accepted").isEqualTo("PROVISIONAL");
        assertThat(new BigDecimal(pattern.get("swing").toString())).isEqualByComparingTo("21");
        Map<String, Object> investment = find(items, "GREEN.INVESTMENT");
        assertThat(investment.get("kind")).isEqualTo("MANAGEMENT_ITEM");
        assertThat(new BigDecimal(investment.get("swing").toString())).as("1.5·0.2·(2/4)").isEqualByComparingTo("0.15");
        assertThat(investment.get("owners")).isEqualTo(List.of(Map.of("department", "FIN", "task", "FIN-INVEST")));
        List<BigDecimal> swings = items.stream().map(i -> new BigDecimal(i.get("swing").toString())).toList();
        assertThat(swings).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        given().auth().oauth2(TestTokens.county("bureau", county)).queryParam("reading", "confirmed")
                .get("/api/v1/evaluations/{e}/score/impact", evaluation).then().statusCode(200)
                .body("reading", org.hamcrest.Matchers.equalTo("confirmed"))
                .body("items.find { it.input == 'EQI.PATTERN@2024' }.state", org.hamcrest.Matchers.equalTo("MISSING"));
        given().auth().oauth2(TestTokens.county("bureau", county)).queryParam("reading", "later")
                .get("/api/v1/evaluations/{e}/score/impact", evaluation).then().statusCode(400);
        given().auth().oauth2(TestTokens.unit("department", "EEB", county))
                .get("/api/v1/evaluations/{e}/score/impact", evaluation).then().statusCode(403);
        given().auth().oauth2(TestTokens.county("bureau", "150425"))
                .get("/api/v1/evaluations/{e}/score/impact", evaluation).then().statusCode(404);
    }

    private static Map<String, Object> find(List<Map<String, Object>> items, String input) {
        return items.stream().filter(i -> input.equals(i.get("input"))).findFirst().orElseThrow();
    }
}
