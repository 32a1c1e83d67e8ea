package org.ecoeval.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterCommandTest {
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private String bootstrap;
    /** A topic of this test only (the broker's eco.* topics belong to the contract), with its .dlq. */
    private String topic;

    @BeforeEach
    void topics() {
        KafkaBroker kafka = TestInfrastructure.get().kafka();
        bootstrap = kafka.bootstrapServers();
        topic = "test.dlq-" + TOPICS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(List.of(topic, topic + ".dlq"));
    }

    @Test
    void listing_shows_every_dead_letter_with_its_reason_and_changes_nothing() throws Exception {
        deadLetter("150425-2024", "SubmissionSubmitted", "{\"eventId\":\"e1\"}", "cannot parse:\n unexpected '}'", true);
        deadLetter("150425-2025", "PlanPublished", "{\"eventId\":\"e2\"}", "x".repeat(500), true);
        deadLetter("150426-2024", "SubmissionSubmitted", "not json", "cannot parse", true);

        var out = new ByteArrayOutputStream();
        var listing = new DeadLetterCommand(bootstrap, topic).list(new PrintStream(out, true, UTF_8));

        assertThat(listing.letters()).hasSize(3);
        assertThat(listing.pending()).isEqualTo(3);
        List<String> lines = out.toString(UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).filteredOn(l -> l.contains("150425-2024")).singleElement().satisfies(l -> assertThat(l)
                .matches("\\d+@\\d+  \\d{4}-\\d\\d-\\d\\dT.*Z  150425-2024  SubmissionSubmitted  [0-9a-f-]{36}  pending"
                        + "  cannot parse: unexpected '}'"));
        assertThat(lines).filteredOn(l -> l.contains("150425-2025")).singleElement()
                .satisfies(l -> assertThat(l).endsWith("pending  " + "x".repeat(200) + "…"));
        assertThat(lines.get(3)).isEqualTo("3 dead letters on " + topic + ".dlq, 3 not yet replayed");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var committed = admin.listConsumerGroupOffsets(DeadLetterCommand.REPLAY_GROUP).partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
            assertThat(committed.keySet()).noneMatch(tp -> tp.topic().equals(topic + ".dlq"));
        }
    }

    @Test
    void replay_puts_each_dead_letter_back_on_its_topic_once() throws Exception {
        List<ProducerRecord<String, String>> letters = new ArrayList<>();
        letters.add(deadLetter("150425-2024", "SubmissionSubmitted", "{\"eventId\":\"e1\"}", "cannot parse", true));
        letters.add(deadLetter("150425-2025", "SubmissionSubmitted", "{\"eventId\":\"e2\"}", "cannot parse", true));
        // written by a consumer that did not name the topic: it goes back to the one given
        letters.add(deadLetter("150426-2024", "SubmissionSubmitted", "{\"eventId\":\"e3\"}", "cannot parse", false));
        DeadLetterCommand deadLetters = new DeadLetterCommand(bootstrap, topic);
        assertThat(deadLetters.list(quiet()).pending()).isEqualTo(3);

        var out = new ByteArrayOutputStream();
        assertThat(deadLetters.replay(new PrintStream(out, true, UTF_8))).isEqualTo(3);
        assertThat(out.toString(UTF_8)).isEqualTo("replayed 3 dead letters from " + topic + ".dlq to " + topic + "\n");

        List<ConsumerRecord<String, String>> replayed = readAll(topic);
        assertThat(replayed).hasSize(3);
        for (ProducerRecord<String, String> letter : letters) {
            ConsumerRecord<String, String> back = replayed.stream().filter(r -> r.key().equals(letter.key()))
                    .findFirst().orElseThrow();
            assertThat(back.value()).isEqualTo(letter.value());
            Map<String, String> headers = headers(back.headers().toArray());
            Map<String, String> original = headers(letter.headers().toArray());
            original.keySet().removeIf(k -> k.startsWith("dead-letter-"));
            assertThat(headers).containsAllEntriesOf(original).containsKey(DeadLetterCommand.REPLAYED_FROM);
            assertThat(headers.keySet()).noneMatch(k -> k.startsWith("dead-letter-"));
            assertThat(headers.get(DeadLetterCommand.REPLAYED_FROM)).matches(topic.replace(".", "\\.") + "\\.dlq-\\d+@\\d+");
        }
        assertThat(replayed).extracting(r -> headers(r.headers().toArray()).get(DeadLetterCommand.REPLAYED_FROM))
                .doesNotHaveDuplicates();

        out.reset();
        assertThat(deadLetters.replay(new PrintStream(out, true, UTF_8))).isZero();
        assertThat(out.toString(UTF_8)).startsWith("replayed 0 dead letters");
        assertThat(readAll(topic)).hasSize(3);

        deadLetter("150427-2024", "PlanPublished", "{\"eventId\":\"e4\"}", "cannot parse", true);
        assertThat(deadLetters.replay(quiet())).isEqualTo(1);
        List<ConsumerRecord<String, String>> all = readAll(topic);
        assertThat(all).hasSize(4);
        assertThat(all).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("150425-2024", "150425-2025", "150426-2024", "150427-2024");

        out.reset();
        var listing = deadLetters.list(new PrintStream(out, true, UTF_8));
        assertThat(listing.letters()).hasSize(4).allMatch(DeadLetterCommand.Letter::replayed);
        assertThat(out.toString(UTF_8).lines().toList())
                .hasSize(5)
                .endsWith("4 dead letters on " + topic + ".dlq, 0 not yet replayed")
                .filteredOn(l -> !l.startsWith("4 dead letters")).allMatch(l -> l.contains("  replayed  "));
    }

    @Test
    void the_dead_letter_topic_itself_names_the_same_dead_letters() {
        deadLetter("150425-2024", "SubmissionSubmitted", "{\"eventId\":\"e1\"}", "cannot parse", true);

        DeadLetterCommand byDlq = new DeadLetterCommand(bootstrap, topic + ".dlq");

        assertThat(byDlq.topic()).isEqualTo(topic);
        assertThat(byDlq.deadLetterTopic()).isEqualTo(topic + ".dlq");
        assertThat(byDlq.list(quiet()).letters()).hasSize(1);
    }

    @Test
    void a_missing_topic_is_one_line_and_exit_code_2() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int code = DeadLetterCommand.run("dlq-list", new String[] {"--bootstrap", bootstrap, "--topic", "test.nothing-here"},
                new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(UTF_8)).isEmpty();
        assertThat(err.toString(UTF_8)).isEqualTo("dlq-list: no topic test.nothing-here.dlq on " + bootstrap + "\n");
    }

    @Test
    void bad_arguments_are_one_line_and_exit_code_2() {
        for (String[] args : List.of(new String[] {"--topic", topic}, new String[] {"--bootstrap", bootstrap},
                new String[] {"--bootstrap", bootstrap, "--topic"}, new String[] {"--bootstrap", "nohost", "--topic", topic},
                new String[] {"--bootstrap", bootstrap, "--topic", "no spaces"}, new String[] {"--bootstrap", bootstrap,
                        "--topic", topic, "--group", "mine"})) {
            var err = new ByteArrayOutputStream();
            int code = DeadLetterCommand.run("dlq-replay", args, quiet(), new PrintStream(err, true, UTF_8));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(UTF_8).lines().toList()).as(String.join(" ", args)).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("dlq-replay: "));
        }
    }

    @Test
    void an_unreachable_broker_is_reported_within_the_timeout() {
        String nowhere = "127.0.0.1:" + Ports.free();
        long start = System.nanoTime();

        assertThatThrownBy(() -> new DeadLetterCommand(nowhere, topic, Duration.ofSeconds(2)).list(quiet()))
                .isInstanceOf(DeadLetterCommand.Failure.class)
                .hasMessage("cannot reach Kafka at " + nowhere + " within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A dead letter as the SmallRye connector writes it: the original record plus its dead-letter-* headers. */
    private ProducerRecord<String, String> deadLetter(String key, String type, String value, String reason,
            boolean namesTopic) {
        List<Header> headers = new ArrayList<>(List.of(
                header("ce_id", UUID.randomUUID().toString()), header("ce_type", type),
                header("ce_source", "/submission-service"), header("ce_time", "2026-11-29T10:00:00Z"),
                header("ce_specversion", "1.0"), header("content-type", "application/json"),
                header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                header("dead-letter-reason", reason), header("dead-letter-cause", "com.fasterxml.jackson.core.JsonParseException"),
                header("dead-letter-cause-class-name", "com.fasterxml.jackson.core.JsonParseException"),
                header("dead-letter-partition", "1"), header("dead-letter-offset", "42")));
        if (namesTopic) {
            headers.add(header("dead-letter-topic", topic));
        }
        var record = new ProducerRecord<>(topic + ".dlq", null, key, value, headers);
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return record;
    }

    /** Everything on the topic now: each send was acknowledged before, so its end offsets include it. */
    private List<ConsumerRecord<String, String>> readAll(String name) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end", name).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static Map<String, String> headers(Header[] headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.put(h.key(), new String(h.value(), UTF_8));
        }
        return map;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(UTF_8));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
    }
}
