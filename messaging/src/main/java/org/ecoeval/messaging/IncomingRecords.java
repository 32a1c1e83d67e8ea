package org.ecoeval.messaging;

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
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

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
    @Inject
    ConsumerPositions positions;

    Transactions transactions = new Transactions();
    private final Map<String, String> groups = new ConcurrentHashMap<>();

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
     * A poll's records, applied in ONE transaction of this method's own together with the consumer group's positions
     * ({@link ConsumerPositions}): the positions of the records' partitions are locked, records below them (applied
     * already, by whichever instance) are skipped, the parsable rest is applied by {@code applyAll} (which joins the
     * transaction), and the positions move past the whole poll. When that fails for a reason that does not pass, each
     * record is applied alone the same way by {@code applyOne}, so that only the record that fails on its own is
     * dead-lettered. Returns what was applied, in order. The channel's {@code group.id} must be configured.
     */
    public <E, R> List<R> handleBatch(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Parser<E> parser, Function<List<E>, List<R>> applyAll, Function<E, R> applyOne) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        List<Parsed<E>> parsed = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            all.add(record);
            E event = parse(record, parser);
            if (event != null) {
                parsed.add(new Parsed<>(record, event));
            }
        }
        if (all.isEmpty()) {
            return List.of();
        }
        String group = groupOf(consumer);
        Map<TopicPartition, Long> pastThePoll = nextOffsets(all);
        try {
            return retry.whileTransient(consumer, all.size() + " records from " + DeadLetters.where(all.get(0)),
                    () -> transactions.requiringNew(() -> {
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
                            () -> transactions.requiringNew(() -> {
                                Map<TopicPartition, Long> stored = positions.lock(group, pastIt.keySet());
                                Optional<R> result = isFresh(p.record(), stored)
                                        ? Optional.of(applyOne.apply(p.event())) : Optional.empty();
                                positions.advance(group, pastIt);
                                return result;
                            })).ifPresent(results::add);
                } catch (RetryPolicy.ShuttingDownException e) {
                    throw e;
                } catch (RuntimeException e) {
                    deadLetters.send(p.record(), e);
                }
            }
            // Past the dead letters too, so that a new owner of the partition does not send them again.
            retry.whileTransient(consumer, "positions after " + DeadLetters.where(all.get(0)),
                    () -> transactions.requiringNew(() -> {
                        positions.lock(group, pastThePoll.keySet());
                        positions.advance(group, pastThePoll);
                        return null;
                    }));
            return results;
        }
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
        <T> T requiringNew(java.util.concurrent.Callable<T> work) {
            return QuarkusTransaction.requiringNew().call(work);
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
