package org.ecoeval.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.EventStream.value;
import static org.ecoeval.scoring.ScoreApi.decimal;
import static org.ecoeval.scoring.WorkedScenario.COMPARISON;
import static org.ecoeval.scoring.WorkedScenario.ENV;
import static org.ecoeval.scoring.WorkedScenario.EQI_V1;
import static org.ecoeval.scoring.WorkedScenario.EQI_V2;
import static org.ecoeval.scoring.WorkedScenario.FINAL_CONFIRMED;
import static org.ecoeval.scoring.WorkedScenario.FINAL_PROVISIONAL;
import static org.ecoeval.scoring.WorkedScenario.YEAR;
import static org.ecoeval.scoring.WorkedScenario.technical;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.ScoreChanged;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.Topics;
import org.ecoeval.scoring.EventStream;
import org.ecoeval.scoring.ScoreApi;
import org.ecoeval.scoring.WorkedScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The score kept current from real Kafka events on the real database, against the values methodology.md defines
 * (computed in {@link WorkedScenario} from the rules).
 */
@QuarkusTest
class ScoreScenarioTest {
    private static EventStream stream;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @BeforeAll
    static void open() {
        stream = new EventStream();
    }

    @AfterAll
    static void close() {
        stream.close();
    }

    private static void assertScore(JsonNode score, BigDecimal expected) {
        assertThat(decimal(score, "deltaEI")).as("deltaEI of %s", score).isEqualByComparingTo(expected);
    }

    /** Plays the whole scenario; returns it with the provisional score checked after the steps that move it. */
    static WorkedScenario play() {
        WorkedScenario s = new WorkedScenario();
        s.publishPlan(stream);
        // plans and submissions are different topics: as in a county, the plan is in place before the first material
        ScoreApi.awaitScore(s.county, s.evaluationId, "provisional", n -> n.hasNonNull("deltaEI"));
        s.publish(stream, s.eeb.submitted());
        assertScore(ScoreApi.awaitEvents(s.county, s.evaluationId, 1), technical(EQI_V1, BigDecimal.ZERO));
        s.publish(stream, s.env.submitted());
        s.publish(stream, s.wat.submitted());
        assertScore(ScoreApi.awaitEvents(s.county, s.evaluationId, 3), technical(EQI_V1, ENV));
        s.publish(stream, s.eeb.returned());
        assertScore(ScoreApi.awaitEvents(s.county, s.evaluationId, 4), technical(BigDecimal.ZERO, ENV));
        s.eeb.values(value("EQI.PATTERN", YEAR, "61"), value("EQI.PATTERN", COMPARISON, "60"),
                value("EQI.FUNCTION", YEAR, "52"), value("EQI.FUNCTION", COMPARISON, "50"),
                value("EQI.BIODIVERSITY", YEAR, "40"), value("EQI.BIODIVERSITY", COMPARISON, "40"),
                value("EQI.STRESS", YEAR, "18"), value("EQI.STRESS", COMPARISON, "20"));
        s.publish(stream, s.eeb.resubmitted());
        assertScore(ScoreApi.awaitEvents(s.county, s.evaluationId, 5), technical(EQI_V2, ENV));
        s.publish(stream, s.rs.submitted());
        s.publish(stream, s.gov.submitted());
        s.publish(stream, s.fin.submitted());
        s.publish(stream, s.fin.accepted(WorkedScenario.FIN_REVIEW));
        s.publish(stream, s.env.accepted(Map.of()));
        s.publish(stream, s.eeb.accepted(Map.of()));
        ScoreApi.awaitEvents(s.county, s.evaluationId, 11);
        return s;
    }

    @Test
    void submissions_new_versions_and_returns_across_units_give_the_score_the_methodology_defines() {
        WorkedScenario s = play();
        JsonNode provisional = ScoreApi.score(s.county, s.evaluationId, "provisional");
        assertThat(FINAL_PROVISIONAL).isEqualByComparingTo("1.485"); // the worked example of methodology.md
        assertScore(provisional, FINAL_PROVISIONAL);
        assertThat(provisional.get("deltaEIRounded").decimalValue()).isEqualByComparingTo("1.49");
        assertThat(provisional.get("grade").asText()).isEqualTo("轻微变好");
        assertThat(provisional.get("rollup").asText()).isEqualTo("变好");
        assertThat(provisional.get("veto").asBoolean()).isFalse();
        assertThat(decimal(provisional, "technical.deltaEQI")).isEqualByComparingTo(EQI_V2);
        assertThat(decimal(provisional, "technical.deltaEnv")).isEqualByComparingTo(ENV);
        assertThat(decimal(provisional, "technical.value")).isEqualByComparingTo(technical(EQI_V2, ENV));
        assertThat(decimal(provisional, "management.value")).isEqualByComparingTo(WorkedScenario.management());
        assertThat(decimal(provisional, "remoteSensing.value")).isEqualByComparingTo(WorkedScenario.remoteSensing());
        assertThat(decimal(provisional, "events.value")).isEqualByComparingTo(WorkedScenario.eventsTerm());
        assertThat(provisional.get("complete").asBoolean()).isFalse();
        assertThat(texts(provisional.get("missing"))).containsExactlyInAnyOrder("ENV.WATER.QUALITY_INDEX",
                "ENV.AIR.COMPOSITE_INDEX", "ENV.SOIL.SAFE_POINT_RATIO");
        assertThat(texts(provisional.get("parameterStatuses"))).contains("seed", "assumed");
        assertThat(provisional.path("basis").path("eventCount").asLong()).isEqualTo(11);

        JsonNode confirmed = ScoreApi.score(s.county, s.evaluationId, "confirmed");
        assertScore(confirmed, FINAL_CONFIRMED);
        assertThat(confirmed.get("deltaEIRounded").decimalValue()).isEqualByComparingTo("1.39");
        assertThat(decimal(confirmed, "remoteSensing.value")).isZero();
        assertThat(decimal(confirmed, "events.value")).isZero();

        JsonNode report = ScoreApi.recompute(s.county, s.evaluationId);
        assertThat(report.get("differed").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.get("storedSubmissions").asLong()).isEqualTo(6);
    }

    @Test
    void provisional_and_confirmed_differ_exactly_by_the_submissions_not_yet_accepted() {
        WorkedScenario s = play();
        JsonNode provisional = ScoreApi.score(s.county, s.evaluationId, "provisional");
        JsonNode confirmed = ScoreApi.score(s.county, s.evaluationId, "confirmed");
        // not accepted: RS (+0.2), GOV (−0.1) and WAT (whose value another unit's later one overrides: 0)
        assertThat(decimal(provisional, "deltaEI").subtract(decimal(confirmed, "deltaEI")))
                .isEqualByComparingTo(WorkedScenario.remoteSensing().add(WorkedScenario.eventsTerm()));

        s.publish(stream, s.rs.accepted(Map.of()));
        s.publish(stream, s.gov.accepted(Map.of()));
        JsonNode all = ScoreApi.awaitScore(s.county, s.evaluationId, "confirmed",
                n -> n.path("basis").path("eventCount").asLong() == 13);
        assertScore(all, FINAL_PROVISIONAL);
        assertScore(ScoreApi.score(s.county, s.evaluationId, "provisional"), FINAL_PROVISIONAL);
        assertThat(ScoreApi.recompute(s.county, s.evaluationId).get("differed").asBoolean()).isFalse();
    }

    @Test
    void the_same_events_delivered_twice_and_an_older_version_arriving_late_leave_the_score_unchanged() {
        WorkedScenario s = play();
        JsonNode before = ScoreApi.score(s.county, s.evaluationId, "provisional");
        for (SubmissionEvent e : List.copyOf(s.published)) {
            stream.publish(e); // redelivered: same event ids
        }
        SubmissionEvent v1 = s.published.get(0);
        SubmissionEvent lateV1 = new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionApproved,
                v1.submissionId(), 1, v1.evaluationId(), v1.department(), v1.task(), v1.status(), v1.values(),
                v1.patches(), v1.events(), null, v1.time().plusSeconds(1), v1.submittedAt(), false);
        stream.publish(lateV1); // a distinct event of the returned first version, arriving after version 2
        JsonNode after = ScoreApi.awaitEvents(s.county, s.evaluationId, 12);

        assertScore(after, FINAL_PROVISIONAL);
        assertThat(after.get("grade").asText()).isEqualTo(before.get("grade").asText());
        assertThat(after.path("basis").path("lastEventId").asText()).isEqualTo(lateV1.eventId());
        assertScore(ScoreApi.score(s.county, s.evaluationId, "confirmed"), FINAL_CONFIRMED);
        assertThat(ScoreApi.recompute(s.county, s.evaluationId).get("differed").asBoolean()).isFalse();
    }

    @Test
    void the_history_names_the_submission_and_event_of_every_change_and_score_changes_are_published() {
        WorkedScenario s = play();
        JsonNode history = ScoreApi.history(s.county, s.evaluationId);
        List<JsonNode> provisional = new ArrayList<>();
        history.forEach(h -> {
            if (h.get("reading").asText().equals("provisional")) {
                provisional.add(h);
            }
        });
        // the plan (0), EEB v1, ENV, EEB returned, EEB v2, RS, GOV, FIN accepted; WAT and the other reviews move nothing
        assertThat(provisional).extracting(h -> h.get("deltaEI").decimalValue().stripTrailingZeros().toPlainString())
                .containsExactly("0", "0.33", "0.89", "0.56", "1.31", "1.51", "1.41", "1.485");
        JsonNode last = provisional.get(provisional.size() - 1);
        assertThat(last.get("submissionId").asText()).isEqualTo(s.fin.id());
        assertThat(last.get("eventType").asText()).isEqualTo("SubmissionAccepted");
        assertThat(last.get("grade").asText()).isEqualTo("轻微变好");
        assertThat(last.get("previousGrade").asText()).isEqualTo("轻微变好");
        assertThat(provisional.get(3).get("submissionId").asText()).isEqualTo(s.eeb.id());
        assertThat(provisional.get(3).get("eventType").asText()).isEqualTo("SubmissionReturned");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ScoreChanged> changes = new ArrayList<>();
            for (ConsumerRecord<String, String> r : EventStream.readAll(Topics.SCORES, Duration.ofSeconds(5))) {
                if (s.evaluationId.equals(r.key())) {
                    assertThat(new String(r.headers().lastHeader("ce_type").value())).isEqualTo("ScoreChanged");
                    changes.add(EventStream.JSON.readValue(r.value(), ScoreChanged.class));
                }
            }
            List<ScoreChanged> prov = changes.stream().filter(c -> c.reading().equals("provisional")).toList();
            // one per change of the rounded value or grade: 0.00, 0.33, 0.89, 0.56, 1.31, 1.51, 1.41, 1.49
            assertThat(prov).extracting(c -> c.deltaEIRounded().toPlainString())
                    .containsExactly("0.00", "0.33", "0.89", "0.56", "1.31", "1.51", "1.41", "1.49");
            ScoreChanged latest = prov.get(prov.size() - 1);
            assertThat(latest.grade()).isEqualTo("轻微变好");
            assertThat(latest.previousGrade()).isEqualTo("轻微变好");
            assertThat(latest.deltaEI()).isEqualByComparingTo("1.485");
            assertThat(latest.causingEventId()).isEqualTo(s.published.get(8).eventId()); // FIN accepted
        });
    }

    @Test
    void a_recompute_reports_a_served_score_that_drifted_from_the_stored_inputs_and_repairs_it() throws Exception {
        WorkedScenario s = play();
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("update score_state "
                + "set delta_ei = delta_ei + 1 where evaluation_id = ? and reading = 'PROVISIONAL'")) {
            ps.setString(1, s.evaluationId); // a drift the service can never produce itself
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        JsonNode report = ScoreApi.recompute(s.county, s.evaluationId);
        assertThat(report.get("differed").asBoolean()).isTrue();
        assertThat(report.get("repaired").asBoolean()).isTrue();
        JsonNode provisional = report.get("readings").get(0);
        assertThat(provisional.get("reading").asText()).isEqualTo("provisional");
        assertThat(provisional.get("differs").asBoolean()).isTrue();
        assertThat(provisional.get("differences").toString()).contains("served deltaEI");
        assertThat(provisional.path("full").get("deltaEI").decimalValue()).isEqualByComparingTo(FINAL_PROVISIONAL);
        assertThat(report.get("readings").get(1).get("differs").asBoolean()).isFalse();

        assertScore(ScoreApi.score(s.county, s.evaluationId, "provisional"), FINAL_PROVISIONAL);
        assertThat(ScoreApi.recompute(s.county, s.evaluationId).get("differed").asBoolean()).isFalse();
        JsonNode history = ScoreApi.history(s.county, s.evaluationId);
        JsonNode repair = history.get(history.size() - 1);
        assertThat(repair.get("cause").asText()).isEqualTo("RECOMPUTE");
        assertThat(repair.get("deltaEI").decimalValue()).isEqualByComparingTo(FINAL_PROVISIONAL);
        assertThat(history.toString().split("\"RECOMPUTE\"")).hasSize(2); // the repair only
    }

    @Test
    void the_score_as_of_an_instant_is_the_one_served_at_that_instant() throws Exception {
        WorkedScenario s = new WorkedScenario();
        Instant beforeThePlan = Instant.now();
        s.publishPlan(stream);
        ScoreApi.awaitScore(s.county, s.evaluationId, "provisional", n -> n.hasNonNull("deltaEI"));
        // each moment is taken once the score it goes with is served, and before the next event is published
        Map<Instant, JsonNode> served = new LinkedHashMap<>();
        JsonNode then = ScoreApi.score(s.county, s.evaluationId, "provisional");
        served.put(Instant.now(), then);
        s.publish(stream, s.eeb.submitted());
        then = ScoreApi.awaitEvents(s.county, s.evaluationId, 1);
        served.put(Instant.now(), then);
        s.publish(stream, s.env.submitted());
        s.publish(stream, s.wat.submitted());
        then = ScoreApi.awaitEvents(s.county, s.evaluationId, 3);
        served.put(Instant.now(), then);
        s.publish(stream, s.eeb.returned());
        then = ScoreApi.awaitEvents(s.county, s.evaluationId, 4);
        served.put(Instant.now(), then);

        served.forEach((at, seen) -> {
            JsonNode asOf = read(ScoreApi.scoreAsOf(s.county, s.evaluationId, "provisional", at.toString())
                    .then().statusCode(200).extract().asString());
            assertThat(decimal(asOf, "deltaEI")).as("as of %s", at).isEqualByComparingTo(decimal(seen, "deltaEI"));
            assertThat(asOf.get("grade")).isEqualTo(seen.get("grade"));
            assertThat(asOf.get("missing")).isEqualTo(seen.get("missing"));
            assertThat(asOf.path("basis").path("eventCount")).isEqualTo(seen.path("basis").path("eventCount"));
            assertThat(asOf.path("basis").path("lastEventId")).isEqualTo(seen.path("basis").path("lastEventId"));
            assertThat(Instant.parse(asOf.path("basis").path("appliedAt").asText())).isBeforeOrEqualTo(at);
        });
        // distinct moments gave distinct scores: the answers are not all the latest one
        assertThat(served.values().stream().map(n -> decimal(n, "deltaEI").stripTrailingZeros()).distinct().count())
                .isGreaterThan(2);

        ScoreApi.scoreAsOf(s.county, s.evaluationId, "provisional", beforeThePlan.toString()).then().statusCode(404);
        ScoreApi.scoreAsOf(s.county, s.evaluationId, "provisional", "2024-10-25T17:30:00+08:00").then()
                .statusCode(404);
        ScoreApi.scoreAsOf(s.county, s.evaluationId, "provisional", "last tuesday").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("asOf"));
    }

    private static JsonNode read(String body) {
        try {
            return EventStream.JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
