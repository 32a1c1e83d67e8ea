package org.ecoeval.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecoeval.scoring.EventStream.value;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.ScoreChanged;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.TraceContext;
import org.ecoeval.scoring.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;

/** A ScoreChanged continues the trace of the submission record that moved the score, also inside a batch. */
@QuarkusTest
class TracingTest {
    private static final Instant START = Instant.parse("2024-09-01T00:00:00Z");
    private static EventStream stream;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void open() {
        stream = new EventStream();
    }

    @AfterAll
    static void close() {
        stream.close();
    }

    /** A W3C traceparent of a sampled span in a trace of its own. */
    static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    @Test
    void each_score_changed_continues_the_trace_of_the_submission_that_caused_it_even_in_one_batch() {
        String a = EventStream.freshCounty() + "-2024";
        String b = EventStream.freshCounty() + "-2024";
        for (String evaluation : List.of(a, b)) {
            stream.publishPlan(evaluation, 1, EventStream.plan(evaluation.substring(0, 6), 2024, 2023, "EEB"));
        }
        SubmissionIntakeTest.awaitEventCount(a.substring(0, 6), a, 0);
        SubmissionIntakeTest.awaitEventCount(b.substring(0, 6), b, 0);

        SubmissionEvent first = eeb(a, "52");
        SubmissionEvent second = eeb(b, "55");
        String traceA = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceB = "0af7651916cd43dd8448eb211c80319c";
        stream.publishTogether(List.of(first, second),
                List.of(traceparent(traceA, "00f067aa0ba902b7"), traceparent(traceB, "b7ad6b7169203331")));

        Map<String, ConsumerRecord<String, String>> changes = await().atMost(Duration.ofSeconds(30))
                .until(() -> scoreChangesCausedBy(List.of(first.eventId(), second.eventId())), m -> m.size() == 2);
        assertThat(TraceContext.fromHeaders(changes.get(first.eventId()).headers()).spanContext().getTraceId())
                .isEqualTo(traceA);
        assertThat(TraceContext.fromHeaders(changes.get(second.eventId()).headers()).spanContext().getTraceId())
                .isEqualTo(traceB);

        // the consumer's span: a child of the record for a batch of one, else linked to each of its records
        List<SpanData> processing = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("eco.submissions process"))
                .filter(s -> s.getTraceId().equals(traceA) || s.getTraceId().equals(traceB) || s.getLinks().stream()
                        .map(LinkData::getSpanContext).anyMatch(l -> l.getTraceId().equals(traceA)))
                .toList();
        assertThat(processing).isNotEmpty();
    }

    private static SubmissionEvent eeb(String evaluation, String function) {
        return new EventStream.Submission(evaluation, "EEB", START).values(
                value("EQI.FUNCTION", 2024, function), value("EQI.FUNCTION", 2023, "50")).submitted();
    }

    /** The ScoreChanged records of eco.scores (the provisional reading) by the event that caused them. */
    private static Map<String, ConsumerRecord<String, String>> scoreChangesCausedBy(List<String> eventIds) {
        return EventStream.readAll(Topics.SCORES, Duration.ofSeconds(3)).stream()
                .map(r -> Map.entry(causeOf(r), r))
                .filter(e -> e.getKey().isPresent() && eventIds.contains(e.getKey().get()))
                .collect(Collectors.toMap(e -> e.getKey().get(), Map.Entry::getValue, (x, y) -> x));
    }

    private static Optional<String> causeOf(ConsumerRecord<String, String> record) {
        try {
            return Optional.ofNullable(EventStream.JSON.readValue(record.value(), ScoreChanged.class).causingEventId());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
