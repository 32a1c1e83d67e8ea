package org.ecoeval.messaging;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A W3C Trace Context as the outbox stores it with a row ({@code traceparent}, {@code tracestate}) and as a Kafka
 * record carries it in its headers: the one place that encodes and decodes it. Always W3C, whatever other
 * propagators a service configures, because that is what the contract promises on every record.
 */
public record TraceContext(String traceparent, String tracestate) {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    /** The context of the span current in {@code context}; null when there is none (no request, no record). */
    public static TraceContext of(Context context) {
        return of(Span.fromContext(context).getSpanContext());
    }

    /** The context of a span; null for an invalid (absent) one. */
    public static TraceContext of(SpanContext span) {
        if (span == null || !span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(Context.root().with(Span.wrap(span)), carrier, Map::put);
        return new TraceContext(carrier.get(TRACEPARENT), carrier.get(TRACESTATE));
    }

    /** The context a record's headers carry (the last {@code traceparent} wins); null when it carries none. */
    public static TraceContext fromHeaders(Headers headers) {
        String parent = last(headers, TRACEPARENT);
        return parent == null ? null : new TraceContext(parent, last(headers, TRACESTATE));
    }

    /** As a parent for spans: a remote span context; an unreadable traceparent gives the root context. */
    public Context asParent() {
        return W3C.extract(Context.root(), this, GETTER);
    }

    /** The span context this stands for (invalid when the traceparent cannot be read). */
    public SpanContext spanContext() {
        return Span.fromContext(asParent()).getSpanContext();
    }

    private static String last(Headers headers, String key) {
        Header h = headers == null ? null : headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return carrier.tracestate() == null ? java.util.List.of(TRACEPARENT)
                    : java.util.List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            return carrier == null ? null : switch (key) {
                case TRACEPARENT -> carrier.traceparent();
                case TRACESTATE -> carrier.tracestate();
                default -> null;
            };
        }
    };
}
