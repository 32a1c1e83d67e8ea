package org.ecoeval.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecoeval.scoring.EventStream.value;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.scoring.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The consumers on the real broker and database: exactly-once effect, dead letters, events before the plan. */
@QuarkusTest
class SubmissionIntakeTest {
    private static final Instant START = Instant.parse("2024-09-01T00:00:00Z");
    /** The test broker's partitions per topic (LocalInfra's KafkaBroker), one consumer copy each. */
    private static final int SUBMISSION_PARTITIONS = 3;
    private static EventStream stream;

    @Inject
    SubmissionConsumer consumer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void open() {
        stream = new EventStream();
    }

    @AfterAll
    static void close() {
        stream.close();
    }

    static JsonPath score(String county, String evaluationId, String reading) {
        return given().auth().oauth2(TestTokens.county("bureau", county))
                .queryParam("reading", reading)
                .when().get("/api/v1/evaluations/{id}/score", evaluationId)
                .then().statusCode(200).extract().jsonPath();
    }

    static void awaitEventCount(String county, String evaluationId, long count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            given().auth().oauth2(TestTokens.county("bureau", county))
                    .when().get("/api/v1/evaluations/{id}/score", evaluationId)
                    .then().statusCode(200).body("basis.eventCount", equalTo((int) count));
        });
    }

    @Test
    void an_evaluation_held_up_on_one_partition_does_not_hold_up_evaluations_on_the_others() throws Exception {
        String held = EventStream.freshCounty();
        String other = EventStream.freshCounty();
        while (partitionOf(other + "-2024") == partitionOf(held + "-2024")) {
            other = EventStream.freshCounty();
        }
        String heldId = held + "-2024";
        String otherId = other + "-2024";
        stream.publishPlan(heldId, 1, EventStream.plan(held, 2024, 2023, "FIN"));
        stream.publishPlan(otherId, 1, EventStream.plan(other, 2024, 2023, "FIN"));
        awaitEventCount(held, heldId, 0);
        awaitEventCount(other, otherId, 0);

        // Another transaction holds the evaluation's row (as a long rebuild or recompute would): its batch waits.
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("select 1 from evaluation where evaluation_id = ? for update")) {
                ps.setString(1, heldId);
                ps.executeQuery().close();
            }
            stream.publish(new EventStream.Submission(heldId, "FIN", START).values(value("EQI.PATTERN", 2024, "61"))
                    .submitted());
            stream.publish(new EventStream.Submission(otherId, "FIN", START).values(value("EQI.PATTERN", 2024, "62"))
                    .submitted());

            awaitEventCount(other, otherId, 1);
            assertThat(score(held, heldId, "provisional").getInt("basis.eventCount")).isZero();
            c.rollback();
        }
        awaitEventCount(held, heldId, 1);
    }

    /** The partition of eco.submissions the producer's default partitioner sends a key to. */
    private static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(UTF_8))) % SUBMISSION_PARTITIONS;
    }

    @Test
    void the_same_event_delivered_twice_counts_once() {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN", "EEB"));
        var fin = new EventStream.Submission(evaluationId, "FIN", START)
                .values(value("EQI.PATTERN", 2024, "61"), value("EQI.PATTERN", 2023, "60"));
        SubmissionEvent first = stream.publish(fin.submitted());
        var eeb = new EventStream.Submission(evaluationId, "EEB", START)
                .values(value("ENV.AIR.GOOD_DAYS_RATIO", 2024, "90"));
        stream.publish(eeb.submitted());
        stream.publish(first); // redelivered
        stream.publish(first); // and again
        SubmissionEvent last = stream.publish(fin.accepted(java.util.Map.of()));

        // the records of one evaluation are applied in order: once `last` counts, the duplicates were seen; the plan
        // comes on a topic of its own and may be applied after them
        awaitEventCount(county, evaluationId, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> score(county, evaluationId, "provisional")
                .getString("methodology") != null);
        JsonPath score = score(county, evaluationId, "provisional");
        assertThat(score.getString("basis.lastEventId")).isEqualTo(last.eventId());
        assertThat(score.getString("basis.asOf")).isNotNull();
        assertThat(score.getString("methodology")).isEqualTo("mee-2022");
    }

    @Test
    void every_step_of_the_batch_path_is_timed_for_operators() {
        Map<String, Long> before = stepCounts();
        double builtBefore = stateBuilds();
        assertThat(before.keySet()).as("registered at zero when the service starts").containsExactlyInAnyOrder(
                "lock", "claim", "read", "fold", "write-submissions", "write-scores", "settle");
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN"));
        stream.publish(new EventStream.Submission(evaluationId, "FIN", START)
                .values(value("EQI.PATTERN", 2024, "61")).submitted());
        awaitEventCount(county, evaluationId, 1);
        Map<String, Long> after = stepCounts();
        before.forEach((step, count) -> assertThat(after.get(step)).as(step).isGreaterThan(count));
        // the plan comes on a channel of its own: applied before the submission or after it, it builds the state
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stateBuilds())
                .as("the plan's arrival built the evaluation's engine state from its stored inputs")
                .isGreaterThanOrEqualTo(builtBefore + 1));
    }

    private double stateBuilds() {
        var counter = meters.find("ecoeval.scoring.state.builds").counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Long> stepCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Timer timer : meters.find("ecoeval.scoring.batch.step").timers()) {
            counts.put(timer.getId().getTag("step"), timer.count());
        }
        return counts;
    }

    @Test
    void an_unparsable_record_goes_to_the_dead_letter_topic_and_the_next_record_is_applied() {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN"));
        String garbage = "{this is not a submission event " + county + "}";
        stream.publishRaw(Topics.SUBMISSIONS, evaluationId, garbage);
        String contractBreaking = "{\"eventId\":\"bad-" + county + "\",\"type\":\"SubmissionSubmitted\","
                + "\"submissionId\":\"s\",\"version\":1,\"evaluationId\":\"" + evaluationId + "\",\"status\":\"SUBMITTED\","
                + "\"time\":\"2024-09-01T00:00:00Z\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2024,\"value\":101}]}";
        stream.publishRaw(Topics.SUBMISSIONS, evaluationId, contractBreaking);
        var fin = new EventStream.Submission(evaluationId, "FIN", START).values(value("EQI.PATTERN", 2024, "61"));
        SubmissionEvent good = stream.publish(fin.submitted());

        awaitEventCount(county, evaluationId, 1);
        assertThat(score(county, evaluationId, "provisional").getString("basis.lastEventId")).isEqualTo(good.eventId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                EventStream.readAll(Topics.deadLetter(Topics.SUBMISSIONS), Duration.ofSeconds(5)))
                .extracting(r -> r.value()).contains(garbage, contractBreaking));
    }

    @Test
    void an_event_the_database_refuses_is_dead_lettered_alone_and_the_rest_of_its_batch_is_applied() {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN", "EEB"));
        awaitEventCount(county, evaluationId, 0);
        // Passes the contract checks, but PostgreSQL refuses a NUL character in text: the batch's transaction fails.
        var refused = new EventStream.Submission(evaluationId, "FIN\u0000", START)
                .values(value("EQI.PATTERN", 2024, "61"));
        var fin = new EventStream.Submission(evaluationId, "FIN", START).values(value("EQI.PATTERN", 2024, "62"));
        var eeb = new EventStream.Submission(evaluationId, "EEB", START).values(value("EQI.FUNCTION", 2024, "55"));
        SubmissionEvent bad = refused.submitted();
        SubmissionEvent last = eeb.submitted();
        stream.publishTogether(java.util.List.of(fin.submitted(), bad, last));

        awaitEventCount(county, evaluationId, 2);
        assertThat(score(county, evaluationId, "provisional").getString("basis.lastEventId")).isEqualTo(last.eventId());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                EventStream.readAll(Topics.deadLetter(Topics.SUBMISSIONS), Duration.ofSeconds(5)))
                .filteredOn(r -> r.value().contains(bad.eventId()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(new String(r.headers().lastHeader("dead-letter-topic").value(), UTF_8))
                            .isEqualTo(Topics.SUBMISSIONS);
                    assertThat(r.headers().lastHeader("dead-letter-reason")).isNotNull();
                    assertThat(r.key()).isEqualTo(evaluationId);
                }));
    }

    @Test
    void a_submission_arriving_before_its_plan_is_kept_and_counted_when_the_plan_arrives() {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        var fin = new EventStream.Submission(evaluationId, "FIN", START).values(value("EQI.PATTERN", 2024, "61"));
        stream.publish(fin.submitted());

        awaitEventCount(county, evaluationId, 1);
        JsonPath before = score(county, evaluationId, "provisional");
        assertThat(before.getString("methodology")).isNull();
        assertThat(before.getString("pending")).contains("no plan");

        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                score(county, evaluationId, "provisional").getString("methodology")).isEqualTo("mee-2022"));
        assertThat(score(county, evaluationId, "confirmed").getLong("basis.eventCount")).isEqualTo(1);
    }

    @Test
    void an_older_plan_version_after_a_newer_one_is_ignored() {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 2, EventStream.plan(county, 2024, 2022, "FIN"));
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN"));
        var fin = new EventStream.Submission(evaluationId, "FIN", START).values(value("EQI.PATTERN", 2024, "61"));
        stream.publish(fin.submitted());

        awaitEventCount(county, evaluationId, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath s = score(county, evaluationId, "provisional");
            assertThat(s.getInt("planVersion")).isEqualTo(2);
            assertThat(s.getInt("comparisonYear")).isEqualTo(2022);
        });
    }

    @Test
    void a_poll_of_plans_is_applied_together_and_a_plan_the_database_refuses_is_dead_lettered_alone() throws Exception {
        String a = EventStream.freshCounty();
        String b = EventStream.freshCounty();
        String c = EventStream.freshCounty();
        // Passes the contract checks, but PostgreSQL refuses a NUL character in text: its claim fails, and with it the
        // poll's transaction.
        PlanPublished refused = new PlanPublished("refused\u0000" + b, b + "-2024", 1,
                EventStream.plan(b, 2024, 2023, "FIN"), java.util.List.of(), Instant.now());
        stream.publishPlansTogether(java.util.List.of(
                planEvent(a, 1, 2023), refused, planEvent(c, 1, 2023), planEvent(a, 2, 2022)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath kept = score(a, a + "-2024", "provisional");
            assertThat(kept.getInt("planVersion")).isEqualTo(2);
            assertThat(kept.getInt("comparisonYear")).isEqualTo(2022);
            assertThat(score(c, c + "-2024", "provisional").getInt("planVersion")).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                EventStream.readAll(Topics.deadLetter(Topics.PLANS), Duration.ofSeconds(5)))
                .filteredOn(r -> r.key().equals(b + "-2024")).singleElement()
                .satisfies(r -> assertThat(new String(r.headers().lastHeader("dead-letter-topic").value(), UTF_8))
                        .isEqualTo(Topics.PLANS)));
        try (var conn = dataSource.getConnection(); var ps = conn.prepareStatement(
                "select count(*) from messaging_plan_version where evaluation_id = ?")) {
            ps.setString(1, b + "-2024");
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("the refused plan is not kept").isZero();
            }
        }
        // the plans' positions commit with their effect, as the submissions' do
        ConsumerRecord<String, String> last = EventStream.readAll(Topics.PLANS, Duration.ofSeconds(5)).stream()
                .filter(r -> (a + "-2024").equals(r.key())).reduce((x, y) -> y).orElseThrow();
        assertThat(storedPosition(new TopicPartition(last.topic(), last.partition()))).isGreaterThan(last.offset());
    }

    private static PlanPublished planEvent(String county, int version, int comparisonYear) {
        return new PlanPublished(java.util.UUID.randomUUID().toString(), county + "-2024", version,
                EventStream.plan(county, 2024, comparisonYear, "FIN"), java.util.List.of(), Instant.now());
    }

    @Test
    void the_score_is_visible_to_its_county_only_and_to_reading_roles_only() {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN"));
        stream.publish(new EventStream.Submission(evaluationId, "FIN", START).values().submitted());
        awaitEventCount(county, evaluationId, 1);

        for (String role : new String[] { "bureau", "supervisor", "admin" }) {
            given().auth().oauth2(TestTokens.county(role, county))
                    .when().get("/api/v1/evaluations/{id}/score?reading=confirmed", evaluationId)
                    .then().statusCode(200).body("reading", equalTo("confirmed"));
        }
        given().auth().oauth2(TestTokens.provincialAdmin())
                .when().get("/api/v1/evaluations/{id}/score", evaluationId).then().statusCode(200);
        given().auth().oauth2(TestTokens.county("bureau", "150425"))
                .when().get("/api/v1/evaluations/{id}/score", evaluationId).then().statusCode(404);
        given().auth().oauth2(TestTokens.unit("department", "FIN", county))
                .when().get("/api/v1/evaluations/{id}/score", evaluationId).then().statusCode(403);
        given().when().get("/api/v1/evaluations/{id}/score", evaluationId).then().statusCode(401);
        given().auth().oauth2(TestTokens.county("bureau", county))
                .when().get("/api/v1/evaluations/{id}/score", county.substring(0, 5) + "0-1999")
                .then().statusCode(404).body("status", equalTo(404)).body("violations", nullValue());
        given().auth().oauth2(TestTokens.county("bureau", county))
                .when().get("/api/v1/evaluations/{id}/score?reading=final", evaluationId).then().statusCode(400);
    }

    @Test
    void a_batch_position_commits_with_its_effect_and_a_record_below_it_is_never_applied_again() throws Exception {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, 2024, 2023, "FIN"));
        SubmissionEvent first = stream.publish(new EventStream.Submission(evaluationId, "FIN", START)
                .values(value("EQI.PATTERN", 2024, "61")).submitted());
        awaitEventCount(county, evaluationId, 1);
        ConsumerRecord<String, String> delivered = EventStream.readAll(Topics.SUBMISSIONS, Duration.ofSeconds(5))
                .stream().filter(r -> r.value() != null && r.value().contains(first.eventId())).findFirst()
                .orElseThrow();
        TopicPartition partition = new TopicPartition(delivered.topic(), delivered.partition());
        long stored = storedPosition(partition);
        assertThat(stored).isGreaterThan(delivered.offset());

        // What an instance that lost the partition may still hold: the same place in the log, under an event id the
        // processed-event log has never seen and with another value. The stored position alone keeps it out.
        SubmissionEvent stale = new EventStream.Submission(evaluationId, "FIN", START)
                .values(value("EQI.PATTERN", 2024, "99")).submitted();
        consumer.consume(new ConsumerRecords<>(java.util.Map.of(partition, java.util.List.of(new ConsumerRecord<>(
                delivered.topic(), delivered.partition(), delivered.offset(), delivered.key(),
                EventStream.JSON.writeValueAsString(stale)))), java.util.Map.of()));

        JsonPath score = score(county, evaluationId, "provisional");
        assertThat(score.getInt("basis.eventCount")).isEqualTo(1);
        assertThat(score.getString("basis.lastEventId")).isEqualTo(first.eventId());
        assertThat(storedPosition(partition)).isEqualTo(stored);
    }

    private long storedPosition(TopicPartition partition) throws java.sql.SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("select next_offset from "
                + "messaging_consumer_position where consumer_group = 'scoring-service' and topic = ? "
                + "and kafka_partition = ?")) {
            ps.setString(1, partition.topic());
            ps.setInt(2, partition.partition());
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a stored position for " + partition).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
