package org.ecoeval.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The durable baselines of the scale figure, run in a fresh JVM like the service: bare consumers that do the least a
 * durable consumer must. Per poll each parses every record into its contract type and writes to PostgreSQL, together
 * with the partitions' offsets, in one transaction with synchronous commit. Prints the seconds from the first timed
 * record taken (its key starts with the timed prefix; the records before are the warm-up) to the commit of the last
 * record. The warm-up is off the clock in every partition: each is paused at its first timed record until all are,
 * then the JIT compiler's quiet is awaited, as the service's is. (Timing from the first timed record seen, as this
 * consumer did before, put the lagging partitions' warm-up on the clock: 4.4–6.0 s instead of 3.1–3.6 s.)
 *
 * <p>Two sets of writes ({@link Writes}): {@code one-row} writes each record once, in one multi-row insert;
 * {@code required} writes what scoring's issue requires to be stored per event and nothing it computes: the event-id
 * claim (insert … on conflict do nothing returning, as the service's), the submission's input row (keyed by id,
 * indexed by evaluation for a rebuild), a history row per event (indexed by evaluation for {@code ?asOf=}), both by
 * COPY as the service writes them, and one state row per evaluation and poll. It folds no score and reads nothing: a
 * floor under the service's cost, not a rival to it.
 *
 * <p>Several threads may share the partitions (the service runs three consumers); each has its own connection and
 * transactions, and the time runs from the first thread's first timed record to the last thread's last commit.
 *
 * <p>Arguments: bootstrap servers, JDBC URL, user, password, group id, record count, timed key prefix, writes
 * ({@code one-row}, {@code required}), threads, topic…
 */
public final class DurableConsumer {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    /** What the consumer stores per record. */
    enum Writes { ONE_ROW, REQUIRED }

    /** One record as parsed: its event id, evaluation, type and (submissions only) submission id and version. */
    private record Parsed(String topic, String eventId, String evaluation, String kind, String submissionId,
            int version, String payload) {
    }

    public static void main(String[] args) throws Exception {
        String kafka = args[0];
        String url = args[1] + "?reWriteBatchedInserts=true";
        int records = Integer.parseInt(args[5]);
        String timed = args[6];
        Writes writes = Writes.valueOf(args[7].toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        int threads = Integer.parseInt(args[8]);
        List<String> topics = List.of(args).subList(9, args.length);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, args[4]);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Connection c = DriverManager.getConnection(url, args[2], args[3]); Statement s = c.createStatement()) {
            if (writes == Writes.ONE_ROW) {
                s.execute("create table record (event_id varchar(200) primary key, evaluation_id varchar(32), "
                        + "kind varchar(64), payload text not null)");
            } else {
                s.execute("create table claim (event_id varchar(200) primary key, topic varchar(200) not null, "
                        + "processed_at timestamptz not null, outcome varchar(32))");
                s.execute("create table input (submission_id varchar(64) primary key, evaluation_id varchar(32) "
                        + "not null, version int not null, last_event_id varchar(200), content text not null)");
                s.execute("create index input_by_evaluation on input (evaluation_id, submission_id)");
                s.execute("create table history (id bigserial primary key, evaluation_id varchar(32) not null, "
                        + "changed_at timestamptz not null, submission_id varchar(64), event_id varchar(200), "
                        + "event_type varchar(64))");
                s.execute("create index history_by_evaluation on history (evaluation_id, id)");
                s.execute("create table state (evaluation_id varchar(32) primary key, events bigint not null)");
            }
            s.execute("create table consumer_offset (topic varchar(200), partition_no int, next_offset bigint, "
                    + "primary key (topic, partition_no))");
        }
        // Each thread its own partitions (assigned, not subscribed: no rebalance can hand a partition over with
        // records another thread has counted), its own connection and its own transactions.
        Progress progress = new Progress(records, threads);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, args[2], args[3]);
                        var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                    List<org.apache.kafka.common.TopicPartition> mine = new ArrayList<>();
                    for (String topic : topics) {
                        for (var info : consumer.partitionsFor(topic)) {
                            if (info.partition() % threads == index) {
                                mine.add(new org.apache.kafka.common.TopicPartition(topic, info.partition()));
                            }
                        }
                    }
                    consumer.assign(mine);
                    consume(consumer, c, writes, timed, progress);
                } catch (Throwable e) {
                    failures.add(e);
                    progress.fail();
                }
            }, "durable-" + i);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            System.exit(1);
        }
        System.out.println(progress.seconds());
    }

    /** The threads' shared count of records taken, first timed record and last commit. */
    private static final class Progress {
        private final int records;
        private final java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong first = new java.util.concurrent.atomic.AtomicLong(
                Long.MAX_VALUE);
        private final java.util.concurrent.atomic.AtomicLong lastCommit = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean failed;

        private final java.util.concurrent.CountDownLatch warm;

        Progress(int records, int threads) {
            this.records = records;
            this.warm = new java.util.concurrent.CountDownLatch(threads);
        }

        /** This thread's partitions are warm: waits for the others' (bounded, should one thread have failed). */
        void warm() throws InterruptedException {
            warm.countDown();
            if (!warm.await(JitQuiet.AT_MOST.toSeconds() * 5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other threads' warm-up did not end");
            }
        }

        boolean done() {
            return failed || seen.get() >= records;
        }

        void fail() {
            failed = true;
        }

        double seconds() {
            return (lastCommit.get() - first.get()) / 1e9;
        }
    }

    /**
     * One thread's loop: per poll, parse, write, the offsets, one commit; until every thread's records are in. The
     * warm-up first, partition by partition: a partition whose next record is a timed one is paused there, and once
     * every partition of every thread is (or has no record left), the JIT compiler's quiet is awaited and the clock
     * starts. So no partition's warm-up is done on the clock, as none of the service's is.
     */
    private static void consume(KafkaConsumer<String, String> consumer, Connection c, Writes writes, String timed,
            Progress progress) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("set synchronous_commit = on");
        }
        c.setAutoCommit(false);
        Set<org.apache.kafka.common.TopicPartition> warming = new HashSet<>(consumer.assignment());
        Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(warming);
        boolean timing = false;
        try (PreparedStatement offset = c.prepareStatement("insert into consumer_offset values (?, ?, ?) "
                + "on conflict (topic, partition_no) do update set next_offset = excluded.next_offset");
                OneRow oneRow = writes == Writes.ONE_ROW ? new OneRow(c) : null;
                Required required = writes == Writes.REQUIRED ? new Required(c) : null) {
            while (!progress.done()) {
                if (!timing) {
                    warming.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
                    if (warming.isEmpty()) {
                        progress.warm();
                        JitQuiet.await("durable consumer", JitQuiet.thisJvm()); // as the service does
                        progress.first.accumulateAndGet(System.nanoTime(), Math::min);
                        consumer.resume(consumer.paused());
                        timing = true;
                    }
                }
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
                Map<org.apache.kafka.common.TopicPartition, Long> next = new java.util.HashMap<>();
                List<Parsed> parsed = new ArrayList<>(batch.count());
                for (var tp : batch.partitions()) {
                    for (ConsumerRecord<String, String> r : batch.records(tp)) {
                        if (!timing && r.key().startsWith(timed)) {
                            consumer.seek(tp, r.offset()); // taken again on the clock
                            consumer.pause(List.of(tp));
                            warming.remove(tp);
                            break;
                        }
                        if (r.topic().endsWith(".plans")) {
                            PlanPublished plan = JSON.readValue(r.value(), PlanPublished.class);
                            parsed.add(new Parsed(r.topic(), plan.eventId(), plan.evaluationId(), PlanPublished.TYPE,
                                    null, 0, r.value()));
                        } else {
                            SubmissionEvent e = JSON.readValue(r.value(), SubmissionEvent.class);
                            parsed.add(new Parsed(r.topic(), e.eventId(), e.evaluationId(), e.type().name(),
                                    e.submissionId(), e.version(), r.value()));
                        }
                        next.put(tp, r.offset() + 1);
                    }
                }
                if (parsed.isEmpty()) {
                    continue;
                }
                if (oneRow != null) {
                    oneRow.write(parsed);
                } else {
                    required.write(parsed);
                }
                for (var e : next.entrySet()) {
                    offset.setString(1, e.getKey().topic());
                    offset.setInt(2, e.getKey().partition());
                    offset.setLong(3, e.getValue());
                    offset.addBatch();
                }
                offset.executeBatch();
                c.commit();
                progress.lastCommit.accumulateAndGet(System.nanoTime(), Math::max);
                progress.seen.addAndGet(parsed.size());
            }
        }
    }

    /** Each record once, in one multi-row insert. */
    private static final class OneRow implements AutoCloseable {
        private final PreparedStatement insert;

        OneRow(Connection c) throws SQLException {
            insert = c.prepareStatement("insert into record (event_id, evaluation_id, kind, payload) values (?, ?, ?, ?)");
        }

        void write(List<Parsed> batch) throws SQLException {
            for (Parsed r : batch) {
                insert.setString(1, r.eventId());
                insert.setString(2, r.evaluation());
                insert.setString(3, r.kind());
                insert.setString(4, r.payload());
                insert.addBatch();
            }
            insert.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            insert.close();
        }
    }

    /**
     * What the issue requires per event, by the service's own means: the claims in one insert … on conflict do nothing
     * returning; for the events claimed, the submissions' input rows and a history row each by COPY (every input of a
     * replay is new: a floor needs no upsert); one state row per evaluation.
     */
    private static final class Required implements AutoCloseable {
        private final Connection c;
        private final CopyManager copy;
        private final PreparedStatement claim;
        private final PreparedStatement state;

        Required(Connection c) throws SQLException {
            this.c = c;
            copy = c.unwrap(PGConnection.class).getCopyAPI();
            claim = c.prepareStatement("insert into claim (event_id, topic, processed_at, outcome) "
                    + "select id, ?, ?, 'APPLIED' from unnest(?) as id on conflict (event_id) do nothing "
                    + "returning event_id");
            state = c.prepareStatement("insert into state values (?, ?) on conflict (evaluation_id) "
                    + "do update set events = state.events + excluded.events");
        }

        void write(List<Parsed> batch) throws SQLException, IOException {
            Instant now = Instant.now();
            Set<String> claimed = new HashSet<>();
            claim.setString(1, batch.get(0).topic());
            claim.setTimestamp(2, Timestamp.from(now));
            claim.setArray(3, c.createArrayOf("varchar", batch.stream().map(Parsed::eventId).distinct().toArray()));
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
            StringBuilder inputs = new StringBuilder(batch.size() * 1024);
            StringBuilder history = new StringBuilder(batch.size() * 200);
            Map<String, Integer> perEvaluation = new HashMap<>();
            for (Parsed r : batch) {
                if (!claimed.remove(r.eventId())) {
                    continue; // a duplicate
                }
                perEvaluation.merge(r.evaluation(), 1, Integer::sum);
                if (r.submissionId() != null) {
                    row(inputs, r.submissionId(), r.evaluation(), Integer.toString(r.version()), r.eventId(),
                            r.payload());
                }
                row(history, r.evaluation(), now.toString(), r.submissionId(), r.eventId(), r.kind());
            }
            copy.copyIn("copy input (submission_id, evaluation_id, version, last_event_id, content) from stdin",
                    new StringReader(inputs.toString()));
            copy.copyIn("copy history (evaluation_id, changed_at, submission_id, event_id, event_type) from stdin",
                    new StringReader(history.toString()));
            for (var e : new TreeMap<>(perEvaluation).entrySet()) { // in key order: no deadlock between batches
                state.setString(1, e.getKey());
                state.setLong(2, e.getValue());
                state.addBatch();
            }
            state.executeBatch();
        }

        /** One row in COPY's text format: tab-separated, null as \N, backslash, tab and line breaks escaped. */
        private static void row(StringBuilder out, String... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                String v = values[i];
                if (v == null) {
                    out.append("\\N");
                    continue;
                }
                for (int k = 0; k < v.length(); k++) {
                    char ch = v.charAt(k);
                    switch (ch) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(ch);
                    }
                }
            }
            out.append('\n');
        }

        @Override
        public void close() throws SQLException {
            claim.close();
            state.close();
        }
    }

    private DurableConsumer() {
    }
}
