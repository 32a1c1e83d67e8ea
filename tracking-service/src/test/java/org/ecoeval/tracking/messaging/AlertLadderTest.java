package org.ecoeval.tracking.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.ecoeval.contracts.AlertRaised;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.GreenMailTestResource.InjectGreenMail;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.ecoeval.tracking.WebhookReceiver;
import org.ecoeval.tracking.persistence.Db;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The reminder and escalation ladder end to end: real sweep, real Kafka, real webhook receiver verifying
 * signatures, real SMTP server.
 */
@QuarkusTest
class AlertLadderTest {
    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metrics;

    private static final String SECRET = "supervisor-hook-secret";

    @Inject
    ObjectMapper mapper;

    @Inject
    Db db;

    @Inject
    Scheduler scheduler;

    @Inject
    EscalationSweep sweep;

    @InjectGreenMail
    GreenMail greenMail;

    private static String iso(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(8)).toString();
    }

    private Map<String, Object> plan(String county, int year, List<Map<String, Object>> tasks, String hookUrl,
            List<String> remindBefore, List<String> escalateAfter) {
        Map<String, Object> plan = TestPlans.plan(county, year, tasks);
        Map<String, Object> supervisor = new LinkedHashMap<>();
        supervisor.put("name", "领导小组办公室");
        supervisor.put("email", "office@" + county + ".example.org");
        supervisor.put("webhookUrl", hookUrl);
        supervisor.put("webhookSecret", SECRET);
        plan.put("supervisors", List.of(supervisor));
        plan.put("escalation", Map.of("remindBefore", remindBefore, "escalateAfter", escalateAfter));
        return plan;
    }

    private void register(String county, Map<String, Object> plan) {
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put("/api/v1/evaluations/" + county + "-" + plan.get("year") + "/plan")
                .then().log().ifValidationFails().statusCode(201);
    }

    private List<String> levelsReceived(WebhookReceiver receiver, String task) throws Exception {
        List<String> levels = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            JsonNode body = mapper.readTree(r.body());
            if (task.equals(body.get("taskId").asText())) {
                levels.add(body.get("level").asText());
            }
        }
        return levels;
    }

    private long alertCount(String evaluation, String task, String level) {
        return db.one("select count(*) from alert where evaluation_id = ? and instance_id = ? and level = ?",
                rs -> rs.getLong(1), evaluation, task, level).orElse(0L);
    }

    @Test
    void a_late_task_climbs_reminder_overdue_escalated_once_each_and_a_task_submitted_before_due_stops()
            throws Exception {
        String county = TestPlans.freshCounty();
        int year = OffsetDateTime.now(ZoneOffset.ofHours(8)).getYear();
        String evaluation = county + "-" + year;
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(10);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 0);
                KafkaConsumer<String, String> alertsTopic = KafkaTestClient.fromBeginning(Topics.ALERTS)) {
            register(county, plan(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", iso(due)),
                    TestPlans.task("EEB-REPORT", "EEB", iso(due))), receiver.url(), List.of("PT6S"),
                    List.of("PT0S", "PT4S")));

            // both get their reminder; EEB then hands in before the deadline
            await().atMost(Duration.ofSeconds(20)).until(() -> alertCount(evaluation, "EEB-REPORT", "REMINDER") == 1
                    && alertCount(evaluation, "FIN-INVEST", "REMINDER") == 1);
            KafkaTestClient.produce(Topics.SUBMISSIONS, evaluation, mapper.writeValueAsString(new SubmissionEvent(
                    UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionSubmitted, "s-eeb", 1, evaluation,
                    "EEB", "EEB-REPORT", SubmissionStatus.SUBMITTED, List.of(), List.of(), List.of(), null,
                    Instant.now(), Instant.now(), false)), "SubmissionSubmitted");
            assertThat(Instant.now()).as("the submission went out before the deadline").isBefore(due);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> levelsReceived(receiver, "FIN-INVEST").contains("ESCALATED"));
            // nothing more arrives over further sweeps
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    levelsReceived(receiver, "FIN-INVEST").equals(List.of("REMINDER", "OVERDUE", "ESCALATED")));
            assertThat(levelsReceived(receiver, "EEB-REPORT")).containsExactly("REMINDER");
            assertThat(receiver.received()).allMatch(WebhookReceiver.Received::signatureValid);
            assertThat(alertCount(evaluation, "EEB-REPORT", "OVERDUE")).isZero();

            JsonNode escalated = receiver.received().stream().map(r -> readTree(r.body()))
                    .filter(b -> b.get("level").asText().equals("ESCALATED")).findFirst().orElseThrow();
            assertThat(escalated.get("evaluationId").asText()).isEqualTo(evaluation);
            assertThat(escalated.get("department").asText()).isEqualTo("FIN");
            assertThat(Instant.parse(escalated.get("dueAt").asText())).isEqualTo(due);
            assertThat(escalated.get("recipients").toString()).contains("office@" + county + ".example.org")
                    .contains("webhook:领导小组办公室").doesNotContain("127.0.0.1");

            // AlertRaised on eco.alerts, keyed by evaluation id
            List<String> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (ConsumerRecord<String, String> r : alertsTopic.poll(Duration.ofMillis(200))) {
                    if (evaluation.equals(r.key()) && "AlertRaised".equals(KafkaTestClient.header(r, "ce_type"))) {
                        AlertRaised a = mapper.readValue(r.value(), AlertRaised.class);
                        published.add(a.taskId() + ":" + a.level());
                    }
                }
                return published.size() >= 4;
            });
            assertThat(published).containsExactlyInAnyOrder("FIN-INVEST:REMINDER", "EEB-REPORT:REMINDER",
                    "FIN-INVEST:OVERDUE", "FIN-INVEST:ESCALATED");

            // e-mails in Chinese: OVERDUE to the unit head, ESCALATED to the supervisors
            await().atMost(Duration.ofSeconds(15)).until(() -> mails("fin-head@" + county + ".example.org").size() == 2
                    && mails("office@" + county + ".example.org").size() == 1);
            MimeMessage overdue = mails("fin-head@" + county + ".example.org").stream()
                    .filter(m -> subject(m).contains("任务已逾期")).findFirst().orElseThrow();
            String text = GreenMailUtil.getBody(overdue);
            assertThat(subject(overdue)).contains("旗财政局").contains("任务 FIN-INVEST");
            String decoded = decode(overdue);
            assertThat(decoded).contains("单位：旗财政局（FIN）").contains("任务：任务 FIN-INVEST（FIN-INVEST）")
                    .contains("截止时间：").contains("已逾期天数：0天");
            assertThat(text).isNotBlank();
            MimeMessage escalatedMail = mails("office@" + county + ".example.org").get(0);
            assertThat(subject(escalatedMail)).contains("逾期任务督办");

            // the alert API lists them with their deliveries; a supervisor acknowledges
            String supervisor = TestTokens.county("supervisor", county);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().auth().oauth2(supervisor).queryParam("level", "ESCALATED")
                            .get("/api/v1/evaluations/" + evaluation + "/alerts").then().statusCode(200)
                            .body("size()", equalTo(1))
                            .body("[0].taskId", equalTo("FIN-INVEST"))
                            .body("[0].deliveries.find { it.channel == 'WEBHOOK' }.state", equalTo("DELIVERED"))
                            .body("[0].deliveries.find { it.channel == 'EMAIL' }.state", equalTo("DELIVERED"))
                            .body("[0].deliveries.find { it.channel == 'WEBHOOK' }.log[0].statusCode", equalTo(204)));
            String alertId = given().auth().oauth2(supervisor).queryParam("level", "ESCALATED")
                    .get("/api/v1/evaluations/" + evaluation + "/alerts").then().extract().path("[0].alertId");
            given().auth().oauth2(TestTokens.county("bureau", county)).post("/api/v1/alerts/" + alertId + "/acknowledge")
                    .then().statusCode(403);
            given().auth().oauth2(TestTokens.county("supervisor", "150425")).post("/api/v1/alerts/" + alertId + "/acknowledge")
                    .then().statusCode(404);
            given().auth().oauth2(supervisor).post("/api/v1/alerts/" + alertId + "/acknowledge")
                    .then().statusCode(200).body("acknowledgedAt", notNullValue())
                    .body("acknowledgedBy", equalTo("supervisor-" + county));
            given().auth().oauth2(supervisor).queryParam("state", "OPEN")
                    .get("/api/v1/evaluations/" + evaluation + "/alerts").then().statusCode(200)
                    .body("findAll { it.level == 'ESCALATED' }.size()", equalTo(0));
            given().auth().oauth2(supervisor).queryParam("state", "ACKNOWLEDGED")
                    .get("/api/v1/evaluations/" + evaluation + "/alerts").then().statusCode(200)
                    .body("alertId", equalTo(List.of(alertId)));

            // operators see it in the metrics (management port, no token)
            given().get(metrics).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("ecoeval_tracking_alerts_raised_total{level=\"ESCALATED\"}"))
                    .body(org.hamcrest.Matchers.containsString("ecoeval_tracking_delivery_attempts_total"));
        }
    }

    @Test
    void a_failing_webhook_receiver_is_retried_with_backoff_and_every_attempt_is_logged() throws Exception {
        String county = TestPlans.freshCounty();
        int year = OffsetDateTime.now(ZoneOffset.ofHours(8)).getYear();
        String evaluation = county + "-" + year;
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 2)) {
            register(county, plan(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", iso(due))), receiver.url(),
                    List.of(), List.of("PT0S")));
            String bureau = TestTokens.county("bureau", county);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/alerts").then()
                            .statusCode(200).body("size()", equalTo(1)).body("[0].level", equalTo("OVERDUE"))
                            .body("[0].deliveries.find { it.channel == 'WEBHOOK' }.state", equalTo("DELIVERED")));
            List<Map<String, Object>> log = given().auth().oauth2(bureau)
                    .get("/api/v1/evaluations/" + evaluation + "/alerts").then().extract()
                    .path("[0].deliveries.find { it.channel == 'WEBHOOK' }.log");
            assertThat(log).extracting(a -> a.get("outcome")).containsExactly("FAILED", "FAILED", "DELIVERED");
            assertThat(log).extracting(a -> a.get("statusCode")).containsExactly(503, 503, 204);
            assertThat(log).extracting(a -> a.get("attempt")).containsExactly(1, 2, 3);
            // the waits grow: the second gap is at least the doubled backoff
            Instant a1 = Instant.parse((String) log.get(0).get("at"));
            Instant a2 = Instant.parse((String) log.get(1).get("at"));
            Instant a3 = Instant.parse((String) log.get(2).get("at"));
            assertThat(Duration.between(a1, a2)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(Duration.between(a2, a3)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(receiver.requests()).isEqualTo(3);
            assertThat(receiver.received()).hasSize(1).allMatch(WebhookReceiver.Received::signatureValid);
        }
    }

    @Test
    void a_delivery_still_failing_24_hours_after_its_alert_is_given_up_with_every_attempt_logged() throws Exception {
        String county = TestPlans.freshCounty();
        int year = OffsetDateTime.now(ZoneOffset.ofHours(8)).getYear();
        String evaluation = county + "-" + year;
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, Integer.MAX_VALUE)) {
            register(county, plan(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", iso(due))), receiver.url(),
                    List.of(), List.of("PT0S")));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests() >= 1);
            // the alert was raised a day ago, as far as the retry budget is concerned
            db.update("update delivery set created_at = created_at - interval '24 hours' where channel = 'WEBHOOK' "
                    + "and alert_id in (select alert_id from alert where evaluation_id = ?)", evaluation);
            String bureau = TestTokens.county("bureau", county);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/alerts").then()
                            .statusCode(200)
                            .body("[0].deliveries.find { it.channel == 'WEBHOOK' }.state", equalTo("FAILED"))
                            .body("[0].deliveries.find { it.channel == 'WEBHOOK' }.lastError", equalTo("HTTP 503")));
            List<Map<String, Object>> log = given().auth().oauth2(bureau)
                    .get("/api/v1/evaluations/" + evaluation + "/alerts").then().extract()
                    .path("[0].deliveries.find { it.channel == 'WEBHOOK' }.log");
            assertThat(log).isNotEmpty().allMatch(a -> "FAILED".equals(a.get("outcome")));
            int attempts = receiver.requests();
            assertThat(log).hasSize(attempts);
            // given up: no further attempts
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests() == attempts);
        }
    }

    @Test
    void a_restart_mid_ladder_neither_repeats_nor_skips_a_step_even_with_two_sweepers() throws Exception {
        String county = TestPlans.freshCounty();
        int year = OffsetDateTime.now(ZoneOffset.ofHours(8)).getYear();
        String evaluation = county + "-" + year;
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(6);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 0)) {
            register(county, plan(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", iso(due))), receiver.url(),
                    List.of("PT4S"), List.of("PT0S", "PT2S", "PT3S")));
            await().atMost(Duration.ofSeconds(15)).until(() -> alertCount(evaluation, "FIN-INVEST", "REMINDER") == 1);

            // the service goes down: no sweep while the deadline and two escalation steps pass
            scheduler.pause(EscalationSweep.IDENTITY);
            try {
                assertThat(alertCount(evaluation, "FIN-INVEST", "OVERDUE")).isZero();
                await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(due.plusSeconds(3)));
                // back up, as two instances sweeping at the same moment
                Instant now = Instant.now();
                Thread[] sweepers = new Thread[2];
                int[] raised = new int[2];
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    sweepers[i] = new Thread(() -> raised[n] = sweep.sweep(now));
                    sweepers[i].start();
                }
                for (Thread t : sweepers) {
                    t.join(20_000);
                }
                assertThat(raised[0] + raised[1]).isEqualTo(3);
            } finally {
                scheduler.resume(EscalationSweep.IDENTITY);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> levelsReceived(receiver, "FIN-INVEST").size() >= 4);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    levelsReceived(receiver, "FIN-INVEST").size() == 4);
            assertThat(levelsReceived(receiver, "FIN-INVEST"))
                    .containsExactlyInAnyOrder("REMINDER", "OVERDUE", "ESCALATED", "ESCALATED");
            List<String> steps = db.list("select step from alert where evaluation_id = ? order by step",
                    rs -> rs.getString(1), evaluation);
            assertThat(steps).containsExactly("ESCALATED-1-PT2S", "ESCALATED-2-PT3S", "OVERDUE-0-PT0S", "REMINDER-PT4S");
        }
    }

    private JsonNode readTree(String body) {
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<MimeMessage> mails(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof jakarta.mail.Multipart mp) {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < mp.getCount(); i++) {
                    Object part = mp.getBodyPart(i).getContent();
                    out.append(part);
                }
                return out.toString();
            }
            return String.valueOf(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
