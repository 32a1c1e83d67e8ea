package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.messaging.TraceContext;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** One trace from the POST through the outbox and the relay onto the record (W3C traceparent), on real Kafka. */
@QuarkusTest
class TracingTest {

    @Inject
    InMemorySpanExporter spans;
    @Inject
    PlanBook plans;
    @Inject
    Outbox outbox;
    @Inject
    Tracer tracer;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void a_submission_record_carries_the_traceparent_of_the_post_that_made_it() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);

        String id = given().auth().oauth2(SubmissionIntakeTest.FOREST).contentType(ContentType.JSON)
                .body(SubmissionIntakeTest.forestBody(TestPlans.yearOf(evaluation)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).extract().path("id");

        ConsumerRecord<String, String> record = TestKafka.awaitContaining("eco.submissions", id, 1).get(0);
        TraceContext carried = TraceContext.fromHeaders(record.headers());
        assertThat(carried).as("traceparent header").isNotNull();
        assertThat(record.headers().headers(TraceContext.TRACEPARENT)).as("one traceparent").hasSize(1);

        SpanData post = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().startsWith("POST")
                        && s.getAttributes().asMap().values().stream().anyMatch(v -> String.valueOf(v)
                                .contains(evaluation)))
                .findFirst().orElse(null), s -> s != null);
        assertThat(carried.spanContext().getTraceId()).isEqualTo(post.getTraceId());

        // the record's parent is the relay's producer span, a child in the POST's trace
        SpanData publish = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(carried.spanContext().getSpanId())).findFirst().orElse(null),
                s -> s != null);
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(post.getTraceId());
    }

    static final String TOPIC = "eco.test-traces";

    /**
     * A topic of these tests on the service's broker (which creates no topic by itself); before every test, since a
     * row for a missing topic would hold back every row after it.
     */
    @BeforeEach
    void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap()))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC, e);
            }
        }
    }

    @Test
    void an_outbox_row_written_inside_a_span_is_sent_with_that_spans_trace() {
        String topic = TOPIC;
        String eventId = UUID.randomUUID().toString();
        Span writer = tracer.spanBuilder("writer").startSpan();
        try (Scope scope = writer.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.append(
                    new OutboxMessage(topic, "key", eventId, "TestEvent", "{\"n\":1}")));
        } finally {
            writer.end();
        }

        ConsumerRecord<String, String> record = TestKafka.readUntil(topic, seen -> seen.stream()
                .anyMatch(r -> TestKafka.header(r, CloudEventHeaders.ID).orElse("").equals(eventId)),
                Duration.ofSeconds(30)).stream()
                .filter(r -> TestKafka.header(r, CloudEventHeaders.ID).orElse("").equals(eventId)).findFirst()
                .orElseThrow();
        TraceContext carried = TraceContext.fromHeaders(record.headers());
        String stored;
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(
                "select traceparent from messaging_outbox where event_id = ?")) {
            ps.setString(1, eventId);
            var rs = ps.executeQuery();
            rs.next();
            stored = rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(stored).as("the row keeps its writer's context")
                .isEqualTo(TraceContext.of(writer.getSpanContext()).traceparent());
        assertThat(carried.spanContext().getTraceId()).as("the record continues it")
                .isEqualTo(writer.getSpanContext().getTraceId());
        SpanData publish = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(carried.spanContext().getSpanId())).findFirst().orElse(null),
                s -> s != null);
        assertThat(publish.getParentSpanId()).isEqualTo(writer.getSpanContext().getSpanId());
    }

    @Test
    void a_row_written_outside_any_trace_still_leaves_with_a_traceparent() {
        String topic = TOPIC;
        String eventId = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(
                new OutboxMessage(topic, "key", eventId, "TestEvent", "{\"n\":2}")));
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(topic, all -> all.stream()
                .anyMatch(r -> TestKafka.header(r, CloudEventHeaders.ID).orElse("").equals(eventId)),
                Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = seen.stream()
                .filter(r -> TestKafka.header(r, CloudEventHeaders.ID).orElse("").equals(eventId)).findFirst()
                .orElseThrow();
        assertThat(TraceContext.fromHeaders(record.headers()).spanContext().isValid()).isTrue();
    }
}
