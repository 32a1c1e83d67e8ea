package org.ecoeval.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The durable baseline of the scale figure, run in a fresh JVM like the service: a bare consumer that does the least a
 * durable consumer must. Per poll it parses every record into its contract type, writes each once to PostgreSQL in one
 * multi-row insert together with the partitions' offsets, in one transaction with synchronous commit. Prints the
 * seconds from the first timed record received (its key starts with the timed prefix; the records before are the
 * warm-up, after which it waits for its JIT compiler to go quiet, as the service does) to the commit of the last
 * record.
 *
 * <p>Arguments: bootstrap servers, JDBC URL, user, password, group id, record count, timed key prefix, topic…
 */
public final class DurableConsumer {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    public static void main(String[] args) throws Exception {
        String kafka = args[0];
        String url = args[1];
        int records = Integer.parseInt(args[5]);
        String timed = args[6];
        List<String> topics = List.of(args).subList(7, args.length);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, args[4]);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Connection c = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", args[2], args[3]);
                var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            try (Statement s = c.createStatement()) {
                s.execute("create table record (event_id varchar(200) primary key, evaluation_id varchar(32), "
                        + "kind varchar(64), payload text not null)");
                s.execute("create table consumer_offset (topic varchar(200), partition_no int, next_offset bigint, "
                        + "primary key (topic, partition_no))");
                s.execute("set synchronous_commit = on");
            }
            c.setAutoCommit(false);
            consumer.subscribe(topics);
            int seen = 0;
            long first = 0;
            long lastCommit = 0;
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into record (event_id, evaluation_id, kind, payload) values (?, ?, ?, ?)");
                    PreparedStatement offset = c.prepareStatement("insert into consumer_offset values (?, ?, ?) "
                            + "on conflict (topic, partition_no) do update set next_offset = excluded.next_offset")) {
                while (seen < records) {
                    ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
                    if (batch.isEmpty()) {
                        continue;
                    }
                    Map<org.apache.kafka.common.TopicPartition, Long> next = new java.util.HashMap<>();
                    for (ConsumerRecord<String, String> r : batch) {
                        if (first == 0 && r.key().startsWith(timed)) {
                            JitQuiet.await("durable consumer", JitQuiet.thisJvm()); // as the service does
                            first = System.nanoTime();
                        }
                        String id;
                        String evaluation;
                        String kind;
                        if (r.topic().endsWith(".plans")) {
                            PlanPublished plan = JSON.readValue(r.value(), PlanPublished.class);
                            id = plan.eventId();
                            evaluation = plan.evaluationId();
                            kind = PlanPublished.TYPE;
                        } else {
                            SubmissionEvent e = JSON.readValue(r.value(), SubmissionEvent.class);
                            id = e.eventId();
                            evaluation = e.evaluationId();
                            kind = e.type().name();
                        }
                        insert.setString(1, id);
                        insert.setString(2, evaluation);
                        insert.setString(3, kind);
                        insert.setString(4, r.value());
                        insert.addBatch();
                        next.put(new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                        seen++;
                    }
                    insert.executeBatch();
                    for (var e : next.entrySet()) {
                        offset.setString(1, e.getKey().topic());
                        offset.setInt(2, e.getKey().partition());
                        offset.setLong(3, e.getValue());
                        offset.addBatch();
                    }
                    offset.executeBatch();
                    c.commit();
                    lastCommit = System.nanoTime();
                }
            }
            System.out.println((lastCommit - first) / 1e9);
        }
    }

    private DurableConsumer() {
    }
}
