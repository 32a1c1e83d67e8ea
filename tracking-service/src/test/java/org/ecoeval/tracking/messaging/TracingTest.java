package org.ecoeval.tracking.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.messaging.TraceContext;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The AlertRaised of a return continues the trace of the SubmissionReturned record that caused it. */
@QuarkusTest
class TracingTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void the_alert_raised_for_a_return_continues_the_trace_of_the_return() throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON)
                .body(TestPlans.plan(county, 2024, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20"))))
                .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(201);
        SubmissionEvent returned = SubmissionConsumerTest.event(evaluation, "FIN", "FIN-INVEST",
                SubmissionEvent.Type.SubmissionReturned, SubmissionStatus.RETURNED,
                Instant.parse("2024-10-19T02:00:00Z"), false);
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

        try (KafkaConsumer<String, String> alerts = KafkaTestClient.fromBeginning(Topics.ALERTS)) {
            // as submission-service's relay sends it: ce_id is the event id, the traceparent its request's
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestClient.bootstrap());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SUBMISSIONS, evaluation,
                        mapper.writeValueAsString(returned));
                record.headers().add("ce_id", returned.eventId().getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_type", returned.type().name().getBytes(StandardCharsets.UTF_8));
                record.headers().add("traceparent", ("00-" + trace + "-00f067aa0ba902b7-01")
                        .getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
            ConsumerRecord<String, String> alert = KafkaTestClient.await(alerts,
                    r -> r.value().contains(evaluation) && r.value().contains("RETURNED"), Duration.ofSeconds(30));
            assertThat(TraceContext.fromHeaders(alert.headers()).spanContext().getTraceId()).isEqualTo(trace);
        }
    }
}
