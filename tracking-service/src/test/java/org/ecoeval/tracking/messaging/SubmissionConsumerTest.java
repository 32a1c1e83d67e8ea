package org.ecoeval.tracking.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SubmissionConsumerTest {

    @Inject
    ObjectMapper mapper;

    private String register(String county, List<Map<String, Object>> tasks) {
        return register(county, 2024, tasks);
    }

    private String register(String county, int year, List<Map<String, Object>> tasks) {
        String evaluation = county + "-" + year;
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON)
                .body(TestPlans.plan(county, year, tasks))
                .put("/api/v1/evaluations/" + evaluation + "/plan").then().log().ifValidationFails().statusCode(201);
        return evaluation;
    }

    private void send(SubmissionEvent event) throws Exception {
        KafkaTestClient.produce(Topics.SUBMISSIONS, event.evaluationId(), mapper.writeValueAsString(event),
                event.type().name());
    }

    static SubmissionEvent event(String evaluation, String department, String task, SubmissionEvent.Type type,
            SubmissionStatus status, Instant submittedAt, boolean late) {
        return new SubmissionEvent(UUID.randomUUID().toString(), type, "sub-" + task, 1, evaluation, department, task,
                status, List.of(), List.of(), List.of(), null, Instant.now(), submittedAt, late);
    }

    private String stateOf(String evaluation, String token, String task) {
        return given().auth().oauth2(token).get("/api/v1/evaluations/" + evaluation + "/tasks")
                .then().statusCode(200).extract().path("find { it.taskId == '" + task + "' }.state");
    }

    @Test
    void a_submission_event_makes_the_task_submitted_then_accepted() throws Exception {
        String county = TestPlans.freshCounty();
        int year = java.time.Year.now().getValue() + 1;
        String evaluation = register(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", year + "-10-20"),
                TestPlans.task("EEB-REPORT", "EEB", year + "-10-25")));
        String bureau = TestTokens.county("bureau", county);

        send(event(evaluation, "FIN", "FIN-INVEST", SubmissionEvent.Type.SubmissionSubmitted, SubmissionStatus.SUBMITTED,
                Instant.parse("2024-10-01T02:00:00Z"), false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(bureau).queryParam("department", "FIN")
                        .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200)
                        .body("find { it.taskId == 'FIN-INVEST' }.state", equalTo("SUBMITTED"))
                        .body("find { it.taskId == 'FIN-INVEST' }.submittedAt", equalTo("2024-10-01T02:00:00Z"))
                        .body("find { it.taskId == 'FIN-INVEST' }.late", equalTo(false)));

        send(event(evaluation, "FIN", "FIN-INVEST", SubmissionEvent.Type.SubmissionAccepted, SubmissionStatus.ACCEPTED,
                Instant.parse("2024-10-01T02:00:00Z"), false));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "ACCEPTED".equals(stateOf(evaluation, bureau, "FIN-INVEST")));

        // a department sees its own unit only
        given().auth().oauth2(TestTokens.unit("department", "EEB", county))
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200)
                .body("taskId", equalTo(List.of("EEB-REPORT"))).body("[0].state", equalTo("OPEN"));
        given().auth().oauth2(TestTokens.unit("department", "EEB", county)).queryParam("department", "FIN")
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200)
                .body("size()", equalTo(0));
        given().auth().oauth2(bureau).queryParam("state", "ACCEPTED")
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200)
                .body("taskId", equalTo(List.of("FIN-INVEST")));
        given().auth().oauth2(bureau).queryParam("state", "DONE")
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(400)
                .body("violations[0].field", equalTo("state"));
    }

    @Test
    void returned_reopens_awaiting_approval_does_not_count_and_duplicates_and_poison_are_harmless() throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = register(county, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20")));
        String bureau = TestTokens.county("bureau", county);

        // a record that cannot be read goes to the dead-letter topic and the consumer goes on
        try (KafkaConsumer<String, String> dlq = KafkaTestClient.fromBeginning(Topics.deadLetter(Topics.SUBMISSIONS))) {
            KafkaTestClient.produce(Topics.SUBMISSIONS, evaluation, "{not json " + county, "SubmissionSubmitted");
            KafkaTestClient.await(dlq, r -> r.value().contains(county), Duration.ofSeconds(30));
        }

        send(event(evaluation, "FIN", "FIN-INVEST", SubmissionEvent.Type.SubmissionSubmitted,
                SubmissionStatus.AWAITING_APPROVAL, Instant.parse("2024-10-19T02:00:00Z"), false));
        SubmissionEvent returned = event(evaluation, "FIN", "FIN-INVEST", SubmissionEvent.Type.SubmissionReturned,
                SubmissionStatus.RETURNED, Instant.parse("2024-10-19T02:00:00Z"), false);
        send(returned);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RETURNED".equals(stateOf(evaluation, bureau, "FIN-INVEST")));

        // after the deadline (2024-10-20 24:00 Asia/Shanghai = 16:00Z): late
        send(event(evaluation, "FIN", "FIN-INVEST", SubmissionEvent.Type.SubmissionSubmitted, SubmissionStatus.SUBMITTED,
                Instant.parse("2024-10-20T16:00:01Z"), false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/tasks").then()
                        .body("[0].state", equalTo("SUBMITTED")).body("[0].late", equalTo(true)));

        // redelivery of the RETURNED event is ignored (processed-event log)
        send(returned);
        SubmissionEvent marker = event(evaluation, "EEB", "EEB-MARKER", SubmissionEvent.Type.SubmissionSubmitted,
                SubmissionStatus.SUBMITTED, Instant.now(), false);
        send(marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(marker.eventId()));
        given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/tasks").then()
                .body("[0].state", equalTo("SUBMITTED"));
    }

    @Inject
    SubmissionConsumer consumer;

    @Test
    void a_poll_of_events_is_applied_in_one_transaction_in_order_each_event_once() {
        String county = TestPlans.freshCounty();
        String evaluation = register(county, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20"),
                TestPlans.task("EEB-REPORT", "EEB", "2024-10-25")));
        SubmissionEvent submitted = event(evaluation, "FIN", "FIN-INVEST", SubmissionEvent.Type.SubmissionSubmitted,
                SubmissionStatus.SUBMITTED, Instant.parse("2024-10-21T02:00:00Z"), false);
        SubmissionEvent accepted = new SubmissionEvent(UUID.randomUUID().toString(),
                SubmissionEvent.Type.SubmissionAccepted, "sub-FIN-INVEST", 1, evaluation, "FIN", "FIN-INVEST",
                SubmissionStatus.ACCEPTED, List.of(), List.of(), List.of(), null, Instant.now().plusSeconds(1),
                Instant.parse("2024-10-21T02:00:00Z"), false);
        SubmissionEvent eeb = event(evaluation, "EEB", "EEB-REPORT", SubmissionEvent.Type.SubmissionSubmitted,
                SubmissionStatus.SUBMITTED, Instant.parse("2024-10-24T02:00:00Z"), false);

        List<Boolean> applied = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> consumer.applyAll(List.of(submitted, accepted, submitted, eeb)));
        assertThat(applied).containsExactly(true, true, false, true);
        List<Boolean> again = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> consumer.applyAll(List.of(eeb)));
        assertThat(again).containsExactly(false);

        String bureau = TestTokens.county("bureau", county);
        assertThat(stateOf(evaluation, bureau, "FIN-INVEST")).isEqualTo("ACCEPTED");
        assertThat(stateOf(evaluation, bureau, "EEB-REPORT")).isEqualTo("SUBMITTED");
        // late from the plan's due time (2024-10-20 24:00 Asia/Shanghai), read for the whole batch at once
        given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/tasks").then()
                .body("find { it.taskId == 'FIN-INVEST' }.late", equalTo(true))
                .body("find { it.taskId == 'EEB-REPORT' }.late", equalTo(false));
    }

    @Test
    void an_event_the_database_refuses_is_dead_lettered_alone_and_the_rest_of_its_poll_applied() throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = register(county, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20"),
                TestPlans.task("EEB-REPORT", "EEB", "2024-10-25")));
        String bureau = TestTokens.county("bureau", county);
        SubmissionEvent refused = new SubmissionEvent(UUID.randomUUID().toString(),
                SubmissionEvent.Type.SubmissionSubmitted, "sub-\u0000-" + county, 1, evaluation, "FIN", "FIN-INVEST",
                SubmissionStatus.SUBMITTED, List.of(), List.of(), List.of(), null, Instant.now(), Instant.now(), false);
        SubmissionEvent good = event(evaluation, "EEB", "EEB-REPORT", SubmissionEvent.Type.SubmissionSubmitted,
                SubmissionStatus.SUBMITTED, Instant.parse("2024-10-24T02:00:00Z"), false);
        try (KafkaConsumer<String, String> dlq = KafkaTestClient.fromBeginning(Topics.deadLetter(Topics.SUBMISSIONS))) {
            send(refused);
            send(good);
            KafkaTestClient.await(dlq, r -> r.value().contains(refused.eventId()), Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUBMITTED".equals(stateOf(evaluation, bureau, "EEB-REPORT")));
        assertThat(stateOf(evaluation, bureau, "FIN-INVEST")).isEqualTo("OVERDUE"); // never handed in
        assertThat(processed(refused.eventId())).isFalse();
    }

    @Inject
    org.ecoeval.tracking.persistence.Db db;

    private boolean processed(String eventId) {
        return db.one("select 1 from messaging_processed_event where event_id = ?", rs -> true, eventId).isPresent();
    }
}
