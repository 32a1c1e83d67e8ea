package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** How a row keeps its writer's trace and a consumer continues a record's: the encoding and the cause rule. */
class TraceContextTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void a_context_stored_with_a_row_parents_the_span_that_sends_it() {
        Span writer = tracer.spanBuilder("POST /submissions").startSpan();
        TraceContext stored = TraceContext.of(Context.root().with(writer));
        writer.end();
        assertThat(stored.traceparent()).isEqualTo("00-" + writer.getSpanContext().getTraceId() + "-"
                + writer.getSpanContext().getSpanId() + "-01");

        // what the relay does with the row's columns: the producer span is the writer's child
        TraceContext read = new TraceContext(stored.traceparent(), stored.tracestate());
        Span publish = tracer.spanBuilder("eco.submissions publish").setParent(read.asParent()).startSpan();
        publish.end();
        SpanData sent = exported.getFinishedSpanItems().get(1);
        assertThat(sent.getTraceId()).isEqualTo(writer.getSpanContext().getTraceId());
        assertThat(sent.getParentSpanId()).isEqualTo(writer.getSpanContext().getSpanId());
    }

    @Test
    void outside_any_span_there_is_no_context_to_store() {
        assertThat(TraceContext.of(Context.root())).isNull();
        assertThat(new TraceContext("not a traceparent", null).spanContext().isValid()).isFalse();
    }

    @Test
    void a_records_last_traceparent_header_is_its_context() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                .getBytes(StandardCharsets.UTF_8));
        headers.add("tracestate", "province=hexigten".getBytes(StandardCharsets.UTF_8));
        TraceContext carried = TraceContext.fromHeaders(headers);
        assertThat(carried.spanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(carried.spanContext().getTraceState().get("province")).isEqualTo("hexigten");
        assertThat(TraceContext.fromHeaders(new RecordHeaders())).isNull();
    }

    @Test
    void a_row_written_for_a_batch_continues_the_trace_of_the_event_it_names_as_its_cause() {
        IncomingRecords incoming = IncomingRecordsTest.withoutDatabase(new IncomingRecordsTest.KeptPositions());
        RetryPolicy retry = new RetryPolicy();
        retry.initialBackoff = java.time.Duration.ofMillis(1);
        retry.maxBackoff = java.time.Duration.ofMillis(2);
        retry.health = new ConsumerHealth();
        incoming.retry = retry;
        incoming.tracer = tracer;
        String traceA = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceB = "0af7651916cd43dd8448eb211c80319c";
        List<ConsumerRecord<String, String>> batch = List.of(record(1, "event-a", traceA), record(2, "event-b", traceB));

        List<TraceContext> written = incoming.handleBatch("test", batch, v -> v, events -> {
            Context current = Context.current();
            TraceContext here = TraceContext.of(current);
            return List.of(IncomingRecords.traceOfCause(current, "event-b", here),
                    IncomingRecords.traceOfCause(current, "event-a", here),
                    IncomingRecords.traceOfCause(current, null, here));
        }, event -> null);

        assertThat(written.get(0).spanContext().getTraceId()).isEqualTo(traceB);
        assertThat(written.get(1).spanContext().getTraceId()).isEqualTo(traceA);
        // no cause named: the batch's own span, which links to both records
        SpanData batchSpan = exported.getFinishedSpanItems().get(0);
        assertThat(written.get(2).spanContext().getSpanId()).isEqualTo(batchSpan.getSpanId());
        assertThat(batchSpan.getLinks()).extracting(l -> l.getSpanContext().getTraceId())
                .containsExactly(traceA, traceB);
    }

    @Test
    void a_single_record_is_applied_in_a_child_of_its_traceparent() {
        IncomingRecords incoming = IncomingRecordsTest.withoutDatabase(new IncomingRecordsTest.KeptPositions());
        RetryPolicy retry = new RetryPolicy();
        retry.initialBackoff = java.time.Duration.ofMillis(1);
        retry.maxBackoff = java.time.Duration.ofMillis(2);
        retry.health = new ConsumerHealth();
        incoming.retry = retry;
        incoming.tracer = tracer;
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        TraceContext[] seen = new TraceContext[1];
        incoming.handle("test", record(1, "event-a", trace), v -> v,
                event -> seen[0] = IncomingRecords.traceOfCause(Context.current(), "event-a", null));
        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getTraceId()).isEqualTo(trace);
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(seen[0].spanContext().getSpanId()).isEqualTo(span.getSpanId());
    }

    private static ConsumerRecord<String, String> record(long offset, String eventId, String traceId) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>("eco.submissions", 0, offset, "150425-2024", "{}");
        r.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        r.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
