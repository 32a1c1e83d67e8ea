package org.ecoeval.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.ecoeval.contracts.CloudEventHeaders;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * How every consumer of the three services takes a record: parse it (a record that cannot be parsed or breaks the
 * contract is poison and goes to the dead-letter topic), then apply it under the {@link RetryPolicy} (a passing
 * failure is retried as long as it lasts; any other failure dead-letters this record alone). Tombstones (null
 * values on compacted topics) carry nothing and are skipped.
 *
 * <p>Traces: applying runs in a {@code <topic> process} span, so that what the consumer writes continues the trace
 * of the record that caused it. One record: the span is a child of the record's {@code traceparent}. A batch of
 * several: the records belong to different traces (other submissions, other requests) and one parent would be a
 * lie, so the batch's span starts a trace of its own with a link to each record; an outbox row written for the batch
 * continues instead the trace of the event it names as its cause ({@link OutboxMessage#causedBy}), which is how a
 * ScoreChanged continues its submission's trace whatever the batch it was folded in.
 */
@ApplicationScoped
public class IncomingRecords {

    /** Reads a record's value; throws for a value that can never be applied. */
    @FunctionalInterface
    public interface Parser<E> {
        E parse(String value) throws Exception;
    }

    /** A parsed record of a batch. */
    public record Parsed<E>(ConsumerRecord<String, String> record, E event) {
    }

    /** The consumed events being applied, by event id ({@code ce_id}), with the trace each of them continues. */
    private static final ContextKey<Map<String, TraceContext>> CAUSES = ContextKey.named("ecoeval-consumed-events");
    /** Below this many records a batch is parsed on the consumer's thread: handing work over costs more. */
    private static final int PARALLEL_PARSE_FROM = 64;
    private static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");

    @Inject
    RetryPolicy retry;
    @Inject
    DeadLetters deadLetters;
    @Inject
    ObjectMapper mapper;
    @Inject
    Tracer tracer;
    @Inject
    ConsumerPositions positions;

    Transactions transactions = new Transactions();
    private final Map<String, String> groups = new ConcurrentHashMap<>();
    /** A reader per contract type, built once: resolving the type on every record was a tenth of reading one. */
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    private volatile ObjectMapper recordMapper;

    /** Reads a record's JSON value as a contract record; a value that is not one is poison. */
    public <E> E readJson(String value, Class<E> type) {
        E event;
        try {
            event = readers.computeIfAbsent(type, this::reader).readValue(value);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new PoisonRecordException("record value is JSON null");
        }
        return event;
    }

    /** The service's mapper (its features, its modules), with the fast path for the records' instants. */
    private ObjectReader reader(Class<?> type) {
        ObjectMapper records = recordMapper;
        if (records == null) {
            records = mapper.copy().registerModule(
                    new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()));
            recordMapper = records;
        }
        return records.readerFor(type);
    }

    /** One record, applied in a transaction of {@code apply}'s own. */
    public <E> void handle(String consumer, ConsumerRecord<String, String> record, Parser<E> parser,
            Consumer<E> apply) {
        Span span = processing(consumer, record.topic(), List.of(record));
        try (Scope scope = withCauses(span, List.of(record)).makeCurrent()) {
            E event = parse(record, parser);
            if (event == null) {
                return;
            }
            try {
                retry.whileTransient(consumer, "record " + DeadLetters.where(record), () -> {
                    apply.accept(event);
                    return null;
                });
            } catch (RetryPolicy.ShuttingDownException e) {
                throw e;
            } catch (RuntimeException e) {
                failed(span, e);
                deadLetters.send(record, e);
            }
        } finally {
            span.end();
        }
    }

    /**
     * A poll's records, applied in ONE transaction of this method's own together with the consumer group's positions
     * ({@link ConsumerPositions}): the positions of the records' partitions are locked, records below them (applied
     * already, by whichever instance) are skipped, the parsable rest is applied by {@code applyAll} (which joins the
     * transaction), and the positions move past the whole poll. When that fails for a reason that does not pass, each
     * record is applied alone the same way by {@code applyOne}, so that only the record that fails on its own is
     * dead-lettered. Returns what was applied, in order. The channel's {@code group.id} must be configured.
     */
    public <E, R> List<R> handleBatch(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Parser<E> parser, Function<List<E>, List<R>> applyAll, Function<E, R> applyOne) {
        return handleBatch(consumer, records, parser, applyAll, applyOne, null);
    }

    /**
     * {@link #handleBatch(String, Iterable, Parser, Function, Function)} with a timeout of its own for the poll's
     * transaction and for each of the fallback's (null: the transaction manager's default), for a channel whose
     * records may take long to apply (a plan that rebuilds a county's score from every stored input).
     */
    public <E, R> List<R> handleBatch(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Parser<E> parser, Function<List<E>, List<R>> applyAll, Function<E, R> applyOne,
            Duration transactionTimeout) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        records.forEach(all::add);
        if (all.isEmpty()) {
            return List.of();
        }
        Span span = processing(consumer, all.get(0).topic(), all);
        try (Scope scope = withCauses(span, all).makeCurrent()) {
            return applyBatch(consumer, all, parser, applyAll, applyOne, transactionTimeout, span);
        } finally {
            span.end();
        }
    }

    private <E, R> List<R> applyBatch(String consumer, List<ConsumerRecord<String, String>> all,
            Parser<E> parser, Function<List<E>, List<R>> applyAll, Function<E, R> applyOne, Duration timeout,
            Span span) {
        List<Parsed<E>> parsed = parseAll(all, parser);
        String group = groupOf(consumer);
        Map<TopicPartition, Long> pastThePoll = nextOffsets(all);
        try {
            return retry.whileTransient(consumer, all.size() + " records from " + DeadLetters.where(all.get(0)),
                    () -> transactions.requiringNew(timeout, () -> {
                        Map<TopicPartition, Long> stored = positions.lock(group, pastThePoll.keySet());
                        List<E> fresh = parsed.stream().filter(p -> isFresh(p.record(), stored)).map(Parsed::event)
                                .toList();
                        List<R> results = fresh.isEmpty() ? List.of() : applyAll.apply(fresh);
                        positions.advance(group, pastThePoll);
                        return results;
                    }));
        } catch (RetryPolicy.ShuttingDownException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            List<R> results = new ArrayList<>(parsed.size());
            for (Parsed<E> p : parsed) {
                TopicPartition partition = partitionOf(p.record());
                Map<TopicPartition, Long> pastIt = Map.of(partition, p.record().offset() + 1);
                try {
                    retry.whileTransient(consumer, "record " + DeadLetters.where(p.record()),
                            () -> transactions.requiringNew(timeout, () -> {
                                Map<TopicPartition, Long> stored = positions.lock(group, pastIt.keySet());
                                Optional<R> result = isFresh(p.record(), stored)
                                        ? Optional.of(applyOne.apply(p.event())) : Optional.empty();
                                positions.advance(group, pastIt);
                                return result;
                            })).ifPresent(results::add);
                } catch (RetryPolicy.ShuttingDownException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failed(span, e);
                    deadLetters.send(p.record(), e);
                }
            }
            // Past the dead letters too, so that a new owner of the partition does not send them again.
            retry.whileTransient(consumer, "positions after " + DeadLetters.where(all.get(0)),
                    () -> transactions.requiringNew(timeout, () -> {
                        positions.lock(group, pastThePoll.keySet());
                        positions.advance(group, pastThePoll);
                        return null;
                    }));
            return results;
        }
    }

    /**
     * The span applying {@code records}: a child of the record's context for one record; for several, a trace of its
     * own linked to each record's context (see the class comment).
     */
    private Span processing(String consumer, String topic, List<ConsumerRecord<String, String>> records) {
        SpanBuilder builder = tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("ecoeval.consumer", consumer);
        if (records.size() == 1) {
            TraceContext trace = TraceContext.fromHeaders(records.get(0).headers());
            builder.setParent(trace == null ? Context.root() : trace.asParent());
        } else {
            builder.setNoParent().setAttribute(BATCH_COUNT, (long) records.size());
            for (ConsumerRecord<String, String> record : records) {
                TraceContext trace = TraceContext.fromHeaders(record.headers());
                if (trace != null && trace.spanContext().isValid()) {
                    builder.addLink(trace.spanContext());
                }
            }
        }
        return builder.startSpan();
    }

    /** The span made current, with the trace each record's event continues, by event id. */
    private static Context withCauses(Span span, List<ConsumerRecord<String, String>> records) {
        Map<String, TraceContext> causes = new HashMap<>(records.size() * 2);
        TraceContext own = records.size() == 1 ? TraceContext.of(span.getSpanContext()) : null;
        for (ConsumerRecord<String, String> record : records) {
            Header id = record.headers().lastHeader(CloudEventHeaders.ID);
            TraceContext trace = own != null ? own : TraceContext.fromHeaders(record.headers());
            if (id != null && id.value() != null && trace != null) {
                causes.put(new String(id.value(), StandardCharsets.UTF_8), trace);
            }
        }
        return Context.root().with(span).with(CAUSES, causes);
    }

    /**
     * The trace an outbox row written in {@code current} continues: that of the consumed event named as its cause if
     * it is one being applied here, else {@code here} (the trace current where it is written).
     */
    static TraceContext traceOfCause(Context current, String cause, TraceContext here) {
        if (cause != null) {
            Map<String, TraceContext> causes = current.get(CAUSES);
            TraceContext trace = causes == null ? null : causes.get(cause);
            if (trace != null) {
                return trace;
            }
        }
        return here;
    }

    private static void failed(Span span, RuntimeException e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, "a record was dead-lettered");
    }

    private static boolean isFresh(ConsumerRecord<String, String> record, Map<TopicPartition, Long> stored) {
        return record.offset() >= stored.getOrDefault(partitionOf(record), 0L);
    }

    private static TopicPartition partitionOf(ConsumerRecord<String, String> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** Per partition, the offset after the last of these records. */
    private static Map<TopicPartition, Long> nextOffsets(List<ConsumerRecord<String, String>> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            next.merge(partitionOf(r), r.offset() + 1, Math::max);
        }
        return next;
    }

    /** The channel's consumer group: the key of its stored positions. */
    String groupOf(String channel) {
        return groups.computeIfAbsent(channel, c -> ConfigProvider.getConfig().getOptionalValue(
                "mp.messaging.incoming." + c + ".group.id", String.class).orElseThrow(() -> new IllegalStateException(
                        "mp.messaging.incoming." + c + ".group.id must be set: it keys the channel's stored positions")));
    }

    /** Runs work in a transaction of its own (a seam, so that the unit test runs without a transaction manager). */
    static class Transactions {
        <T> T requiringNew(Duration timeout, java.util.concurrent.Callable<T> work) {
            return timeout == null ? QuarkusTransaction.requiringNew().call(work)
                    : QuarkusTransaction.requiringNew().timeout(Math.toIntExact(timeout.toSeconds())).call(work);
        }
    }

    private <E> E parse(ConsumerRecord<String, String> record, Parser<E> parser) {
        Object read = read(record, parser);
        if (read instanceof Exception e) {
            deadLetters.send(record, e);
            return null;
        }
        @SuppressWarnings("unchecked")
        E event = (E) read;
        return event;
    }

    /**
     * A poll's records parsed on every core (parsing is most of a batch's CPU outside the database, and the batch's
     * transaction waits for it), then, in the records' order on the consumer's thread, the poison ones dead-lettered.
     * The parser must be thread-safe: a pure function of the value.
     */
    private <E> List<Parsed<E>> parseAll(List<ConsumerRecord<String, String>> records, Parser<E> parser) {
        List<Object> read = (records.size() < PARALLEL_PARSE_FROM ? records.stream() : records.parallelStream())
                .map(r -> read(r, parser)).toList();
        List<Parsed<E>> parsed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Object r = read.get(i);
            if (r instanceof Exception e) {
                deadLetters.send(records.get(i), e);
            } else if (r != null) {
                @SuppressWarnings("unchecked")
                E event = (E) r;
                parsed.add(new Parsed<>(records.get(i), event));
            }
        }
        return parsed;
    }

    /** The record's event; null for a tombstone; the PoisonRecordException for a value that cannot be applied. */
    private static <E> Object read(ConsumerRecord<String, String> record, Parser<E> parser) {
        if (record.value() == null) {
            return null;
        }
        try {
            E event = parser.parse(record.value());
            if (event == null) {
                return new PoisonRecordException("record value is JSON null");
            }
            return event;
        } catch (Exception e) {
            return e instanceof PoisonRecordException ? e
                    : new PoisonRecordException("cannot be read: " + ConsumerHealth.describe(e), e);
        }
    }
}
