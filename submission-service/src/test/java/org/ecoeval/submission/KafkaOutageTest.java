package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Kafka goes down: the API keeps accepting, the events wait in the outbox, and leave once Kafka is back. The
 * broker stopped and restarted is the service's {@link RestartableKafka} (see {@link TestResources}).
 */
@QuarkusTest
class KafkaOutageTest {
    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    @Inject
    EntityManager em;

    /** The messaging module's outbox row of the submission's event. */
    record OutboxRow(Instant publishedAt, int attempts, String lastError) {
    }

    OutboxRow outboxRow(String submissionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery("select published_at, attempts, last_error from "
                    + "messaging_outbox where payload like ?1").setParameter(1, "%" + submissionId + "%")
                    .getSingleResult();
            return new OutboxRow(row[0] instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) row[0],
                    ((Number) row[1]).intValue(), (String) row[2]);
        });
    }

    @Test
    void a_submission_stored_while_the_broker_is_stopped_is_published_after_it_restarts() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(60)).until(() -> plans.version(evaluation) == 1);

        RestartableKafka.stop();
        try {
            String id = given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                    .body(Map.of("task", "FOREST-DATA", "values", List.of(Map.of("indicator", "EQI.PATTERN",
                            "year", TestPlans.yearOf(evaluation), "value", 61))))
                    .post("/api/v1/evaluations/{e}/submissions", evaluation)
                    .then().statusCode(201).extract().path("id");
            // answered while the event could not possibly have been sent: the API does not wait for Kafka
            assertThat(outboxRow(id).publishedAt()).isNull();

            // the relay tried, the broker did not acknowledge, the row waits unpublished
            await().atMost(Duration.ofSeconds(60)).until(() -> outboxRow(id).attempts() >= 1);
            OutboxRow waiting = outboxRow(id);
            assertThat(waiting.publishedAt()).isNull();
            assertThat(waiting.lastError()).isNotBlank();
            String metrics = given().get(metricsUrl) // the management port, no token
                    .then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("(?m)^ecoeval_outbox_unpublished [1-9]");

            RestartableKafka.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> outboxRow(id).publishedAt() != null);
            var records = TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(evaluation);
            assertThat(TestKafka.header(records.get(0), CloudEventHeaders.TYPE)).contains("SubmissionSubmitted");

            // plan intake has resumed too
            String next = TestPlans.freshEvaluation();
            TestPlans.publish(next, 1, false, TestPlans.inAMonth());
            await().atMost(Duration.ofSeconds(60)).until(() -> plans.version(next) == 1);
        } finally {
            RestartableKafka.startIfStopped();
        }
    }
}
