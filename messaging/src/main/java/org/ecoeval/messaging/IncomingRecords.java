package org.ecoeval.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How every consumer of the three services takes a record: parse it (a record that cannot be parsed or breaks the
 * contract is poison and goes to the dead-letter topic), then apply it under the {@link RetryPolicy} (a passing
 * failure is retried as long as it lasts; any other failure dead-letters this record alone). Tombstones (null
 * values on compacted topics) carry nothing and are skipped.
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

    @Inject
    RetryPolicy retry;
    @Inject
    DeadLetters deadLetters;
    @Inject
    ObjectMapper mapper;

    /** Reads a record's JSON value as a contract record; a value that is not one is poison. */
    public <E> E readJson(String value, Class<E> type) {
        E event;
        try {
            event = mapper.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new PoisonRecordException("record value is JSON null");
        }
        return event;
    }

    /** One record, applied in a transaction of {@code apply}'s own. */
    public <E> void handle(String consumer, ConsumerRecord<String, String> record, Parser<E> parser,
            Consumer<E> apply) {
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
            deadLetters.send(record, e);
        }
    }

    /**
     * A poll's records: the parsable ones are applied together by {@code applyAll} (one transaction); when that fails
     * for a reason that does not pass, each is applied alone by {@code applyOne}, so that only the record that fails
     * on its own is dead-lettered. Returns what was applied, in order.
     */
    public <E, R> List<R> handleBatch(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Parser<E> parser, Function<List<E>, List<R>> applyAll, Function<E, R> applyOne) {
        List<Parsed<E>> parsed = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            E event = parse(record, parser);
            if (event != null) {
                parsed.add(new Parsed<>(record, event));
            }
        }
        if (parsed.isEmpty()) {
            return List.of();
        }
        List<E> events = parsed.stream().map(Parsed::event).toList();
        try {
            return retry.whileTransient(consumer, events.size() + " records from " + DeadLetters.where(
                    parsed.get(0).record()), () -> applyAll.apply(events));
        } catch (RetryPolicy.ShuttingDownException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            List<R> results = new ArrayList<>(parsed.size());
            for (Parsed<E> p : parsed) {
                try {
                    results.add(retry.whileTransient(consumer, "record " + DeadLetters.where(p.record()),
                            () -> applyOne.apply(p.event())));
                } catch (RetryPolicy.ShuttingDownException e) {
                    throw e;
                } catch (RuntimeException e) {
                    deadLetters.send(p.record(), e);
                }
            }
            return results;
        }
    }

    private <E> E parse(ConsumerRecord<String, String> record, Parser<E> parser) {
        if (record.value() == null) {
            return null;
        }
        try {
            E event = parser.parse(record.value());
            if (event == null) {
                throw new PoisonRecordException("record value is JSON null");
            }
            return event;
        } catch (Exception e) {
            deadLetters.send(record, e instanceof PoisonRecordException ? e
                    : new PoisonRecordException("cannot be read: " + ConsumerHealth.describe(e), e));
            return null;
        }
    }
}
