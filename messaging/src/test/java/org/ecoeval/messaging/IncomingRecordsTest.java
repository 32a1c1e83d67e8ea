package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.OpenTelemetry;

/** The one way consumers take records: what is dead-lettered, what is retried, and for how long. */
class IncomingRecordsTest {

    /** Dead letters kept in memory instead of sent to Kafka. */
    static final class KeptDeadLetters extends DeadLetters {
        final List<ConsumerRecord<String, String>> letters = new ArrayList<>();

        @Override
        public void send(ConsumerRecord<String, String> record, Throwable reason) {
            letters.add(record);
        }
    }

    /** Positions kept in memory instead of in PostgreSQL. */
    static final class KeptPositions extends ConsumerPositions {
        final Map<TopicPartition, Long> next = new HashMap<>();

        @Override
        public Map<TopicPartition, Long> lock(String group, Collection<TopicPartition> partitions) {
            return read(group, partitions);
        }

        @Override
        public void advance(String group, Map<TopicPartition, Long> nextOffsets) {
            nextOffsets.forEach((p, n) -> next.merge(p, n, Math::max));
        }

        @Override
        public Map<TopicPartition, Long> read(String group, Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> out = new HashMap<>();
            partitions.forEach(p -> out.put(p, next.getOrDefault(p, 0L)));
            return out;
        }
    }

    /** Transactions are the caller's business here: the work runs as it is. */
    static final class NoTransactions extends IncomingRecords.Transactions {
        /** The timeout each transaction was asked for, in order (null: the default). */
        final List<Duration> timeouts = new ArrayList<>();

        @Override
        <T> T requiringNew(Duration timeout, Callable<T> work) {
            timeouts.add(timeout);
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final TopicPartition PARTITION = new TopicPartition("eco.submissions", 0);

    /** An IncomingRecords whose positions are kept in {@code positions} and whose transactions are the caller's. */
    static IncomingRecords withoutDatabase(KeptPositions positions) {
        IncomingRecords incoming = new IncomingRecords() {
            @Override
            String groupOf(String channel) {
                return "test-group";
            }
        };
        incoming.positions = positions;
        incoming.transactions = new NoTransactions();
        return incoming;
    }

    private final KeptPositions positions = new KeptPositions();
    private final IncomingRecords incoming = withoutDatabase(positions);
    private final KeptDeadLetters deadLetters = new KeptDeadLetters();
    private final ConsumerHealth health = new ConsumerHealth();

    @BeforeEach
    void wire() {
        RetryPolicy retry = new RetryPolicy();
        retry.initialBackoff = Duration.ofMillis(1);
        retry.maxBackoff = Duration.ofMillis(4);
        retry.health = health;
        incoming.retry = retry;
        incoming.deadLetters = deadLetters;
        incoming.mapper = new ObjectMapper();
        incoming.tracer = OpenTelemetry.noop().getTracer("test");
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("eco.submissions", 0, offset, "150425-2024", value);
    }

    private static String parse(String value) {
        if (value.startsWith("bad")) {
            throw new PoisonRecordException("breaks the contract: " + value);
        }
        return value;
    }

    private static RuntimeException databaseAway() {
        return new IllegalStateException("cannot apply", new SQLException("Connection to 127.0.0.1:5432 refused",
                "08001"));
    }

    @Test
    void a_record_that_breaks_the_contract_is_dead_lettered_and_never_applied() {
        List<String> applied = new ArrayList<>();
        incoming.handle("test", record(1, "bad-1"), IncomingRecordsTest::parse, applied::add);
        incoming.handle("test", record(2, "{not json"), v -> incoming.readJson(v, Object.class), x -> applied.add("?"));
        incoming.handle("test", record(3, "null"), v -> incoming.readJson(v, Object.class), x -> applied.add("?"));
        assertThat(applied).isEmpty();
        assertThat(deadLetters.letters).extracting(ConsumerRecord::offset).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_tombstone_is_skipped() {
        List<String> applied = new ArrayList<>();
        incoming.handle("test", record(1, null), IncomingRecordsTest::parse, applied::add);
        assertThat(applied).isEmpty();
        assertThat(deadLetters.letters).isEmpty();
    }

    @Test
    void a_database_outage_is_retried_until_it_passes_and_nothing_is_dead_lettered() {
        AtomicInteger attempts = new AtomicInteger();
        List<Boolean> degradedMeanwhile = new ArrayList<>();
        incoming.handle("test", record(1, "e-1"), IncomingRecordsTest::parse, event -> {
            degradedMeanwhile.add(health.degraded());
            if (attempts.incrementAndGet() < 12) {
                throw databaseAway();
            }
        });
        assertThat(attempts).hasValue(12);
        assertThat(deadLetters.letters).isEmpty();
        assertThat(degradedMeanwhile.subList(1, degradedMeanwhile.size())).containsOnly(true);
        assertThat(health.degraded()).isFalse();
        assertThat(health.call().getStatus().name()).isEqualTo("UP");
    }

    @Test
    void a_failure_that_does_not_pass_dead_letters_the_record_at_once() {
        AtomicInteger attempts = new AtomicInteger();
        incoming.handle("test", record(7, "e-7"), IncomingRecordsTest::parse, event -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("refused", new SQLException("invalid byte sequence 0x00", "22021"));
        });
        assertThat(attempts).hasValue(1);
        assertThat(deadLetters.letters).extracting(ConsumerRecord::offset).containsExactly(7L);
    }

    @Test
    void a_large_batch_is_parsed_in_parallel_yet_applied_and_dead_lettered_in_the_records_order() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<String> good = new ArrayList<>();
        List<Long> poison = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            boolean bad = i % 37 == 0;
            records.add(record(i, (bad ? "bad-" : "e-") + i));
            if (bad) {
                poison.add((long) i);
            } else {
                good.add("e-" + i);
            }
        }
        List<String> results = incoming.handleBatch("test", records, IncomingRecordsTest::parse, events -> events,
                event -> {
                    throw new AssertionError("the batch applies whole");
                });
        assertThat(results).containsExactlyElementsOf(good);
        assertThat(deadLetters.letters).extracting(ConsumerRecord::offset).containsExactlyElementsOf(poison);
        assertThat(positions.next).containsEntry(PARTITION, 501L);
    }

    @Test
    void a_batch_that_fails_for_one_record_is_applied_one_by_one_and_only_that_record_dead_lettered() {
        List<ConsumerRecord<String, String>> records = List.of(record(1, "e-1"), record(2, "bad-2"), record(3, "e-3"),
                record(4, "e-4"));
        List<String> appliedAlone = new ArrayList<>();
        List<String> results = incoming.handleBatch("test", records, IncomingRecordsTest::parse, events -> {
            assertThat(events).containsExactly("e-1", "e-3", "e-4"); // the poison one never reaches the batch
            throw new IllegalStateException("e-3 refused", new SQLException("check violation", "23514"));
        }, event -> {
            if (event.equals("e-3")) {
                throw new IllegalStateException("e-3 refused", new SQLException("check violation", "23514"));
            }
            appliedAlone.add(event);
            return event;
        });
        assertThat(results).containsExactly("e-1", "e-4");
        assertThat(appliedAlone).containsExactly("e-1", "e-4");
        assertThat(deadLetters.letters).extracting(ConsumerRecord::offset).containsExactly(2L, 3L);
        assertThat(positions.next).containsEntry(PARTITION, 5L); // past the dead letters too
    }

    @Test
    void a_channel_s_transaction_timeout_holds_for_the_batch_and_for_every_transaction_of_its_fallback() {
        NoTransactions transactions = new NoTransactions();
        incoming.transactions = transactions;
        Duration rebuild = Duration.ofSeconds(900);
        List<String> results = incoming.handleBatch("test", List.of(record(1, "e-1"), record(2, "e-2")),
                IncomingRecordsTest::parse, events -> {
                    throw new IllegalStateException("refused", new SQLException("check violation", "23514"));
                }, event -> event, rebuild);
        assertThat(results).containsExactly("e-1", "e-2");
        // the poll's, one per record, then the one moving the positions past the poll
        assertThat(transactions.timeouts).hasSize(4).containsOnly(rebuild);

        transactions.timeouts.clear();
        incoming.handleBatch("test", List.of(record(3, "e-3")), IncomingRecordsTest::parse, events -> events,
                event -> event);
        assertThat(transactions.timeouts).containsExactly((Duration) null);
    }

    @Test
    void a_batch_meeting_a_database_outage_is_retried_whole_in_its_order() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> results = incoming.handleBatch("test", List.of(record(1, "e-1"), record(2, "e-2")),
                IncomingRecordsTest::parse, events -> {
                    if (attempts.incrementAndGet() < 4) {
                        throw databaseAway();
                    }
                    return events;
                }, event -> {
                    throw new AssertionError("a passing failure never splits the batch");
                });
        assertThat(results).containsExactly("e-1", "e-2");
        assertThat(deadLetters.letters).isEmpty();
    }

    @Test
    void stopping_while_the_database_is_away_leaves_the_record_unacknowledged_not_dead_lettered() {
        incoming.retry.stop(null);
        assertThatThrownBy(() -> incoming.handle("test", record(1, "e-1"), IncomingRecordsTest::parse, event -> {
            throw databaseAway();
        })).isInstanceOf(RetryPolicy.ShuttingDownException.class);
        assertThat(deadLetters.letters).isEmpty();
    }

    @Test
    void a_batch_moves_the_stored_position_past_its_last_record_unparsable_ones_included() {
        List<String> results = incoming.handleBatch("test", List.of(record(1, "e-1"), record(2, "e-2"),
                record(3, "bad-3")), IncomingRecordsTest::parse, events -> events, event -> event);
        assertThat(results).containsExactly("e-1", "e-2");
        assertThat(positions.next).containsEntry(PARTITION, 4L);
    }

    @Test
    void records_below_the_stored_position_are_applied_already_and_skipped_whatever_their_event_ids() {
        positions.next.put(PARTITION, 3L); // another instance applied offsets 0..2 meanwhile
        List<String> applied = new ArrayList<>();
        incoming.handleBatch("test", List.of(record(1, "new-id-1"), record(2, "new-id-2"), record(3, "e-3"),
                record(4, "e-4")), IncomingRecordsTest::parse, events -> {
                    applied.addAll(events);
                    return events;
                }, event -> event);
        assertThat(applied).containsExactly("e-3", "e-4");
        assertThat(positions.next).containsEntry(PARTITION, 5L);
    }

    @Test
    void a_zombie_batch_wholly_below_the_stored_position_changes_nothing_and_never_moves_it_back() {
        positions.next.put(PARTITION, 10L);
        List<String> results = incoming.handleBatch("test", List.of(record(4, "e-4"), record(5, "e-5")),
                IncomingRecordsTest::parse, events -> {
                    throw new AssertionError("nothing below the stored position is applied");
                }, event -> {
                    throw new AssertionError("nothing below the stored position is applied");
                });
        assertThat(results).isEmpty();
        assertThat(positions.next).containsEntry(PARTITION, 10L);
        assertThat(deadLetters.letters).isEmpty();
    }
}
