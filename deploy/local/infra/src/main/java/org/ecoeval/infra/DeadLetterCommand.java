package org.ecoeval.infra;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Topics;

/**
 * The dead letters of a topic ({@code <topic>.dlq}) for {@code ecoeval dlq list|replay TOPIC}: lists them, and puts
 * those not yet replayed back on their original topic. Progress is the committed offset of the group
 * {@value #REPLAY_GROUP} on the dead-letter topic; listing only reads it. A replay interrupted between the acks
 * and the commit sends some records twice, which is harmless: every consumer dedupes by event id.
 *
 * <pre>
 * LocalInfra dlq-list   --bootstrap HOST:PORT --topic eco.submissions
 * LocalInfra dlq-replay --bootstrap HOST:PORT --topic eco.submissions
 * </pre>
 */
public final class DeadLetterCommand {
    public static final String REPLAY_GROUP = "ecoeval-dlq-replay";
    public static final String REPLAYED_FROM = "ecoeval-replayed-from";
    static final String DEAD_LETTER_PREFIX = "dead-letter-";
    static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    static final String DEAD_LETTER_REASON = "dead-letter-reason";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final int REASON_LENGTH = 200;
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[^\\s:,]+:\\d{1,5}(,[^\\s:,]+:\\d{1,5})*");

    /** One record of the dead-letter topic. */
    public record Letter(int partition, long offset, Instant time, byte[] key, byte[] value, List<Header> headers,
            boolean replayed) {

        public String header(String name) {
            String found = null;
            for (Header h : headers) {
                if (h.key().equals(name) && h.value() != null) {
                    found = new String(h.value(), UTF_8);
                }
            }
            return found;
        }
    }

    public record Listing(List<Letter> letters, int pending) {
    }

    /** A failure the operator can act on, in one line. */
    public static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private final String bootstrap;
    private final String topic;
    private final String deadLetterTopic;
    private final Duration timeout;

    public DeadLetterCommand(String bootstrap, String topic) {
        this(bootstrap, topic, DEFAULT_TIMEOUT);
    }

    DeadLetterCommand(String bootstrap, String topic, Duration timeout) {
        if (bootstrap == null || !BOOTSTRAP.matcher(bootstrap).matches()) {
            throw new Failure("--bootstrap must be HOST:PORT, not '" + bootstrap + "'");
        }
        this.bootstrap = bootstrap;
        this.topic = originalTopic(topic);
        this.deadLetterTopic = Topics.deadLetter(this.topic);
        this.timeout = timeout;
    }

    /** {@code eco.submissions} and {@code eco.submissions.dlq} both name the topic {@code eco.submissions}. */
    static String originalTopic(String name) {
        String t = name == null ? "" : name.strip();
        if (t.endsWith(".dlq")) {
            t = t.substring(0, t.length() - ".dlq".length());
        }
        if (!TOPIC_NAME.matcher(t).matches() || t.chars().allMatch(c -> c == '.')) {
            throw new Failure("not a topic name: '" + name + "'");
        }
        return t;
    }

    public String topic() {
        return topic;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    // --- commands ----------------------------------------------------------------------------------------------

    /** {@code dlq-list|dlq-replay --bootstrap HOST:PORT --topic T}: the exit code; errors are one line on err. */
    public static int run(String command, String[] args, PrintStream out, PrintStream err) {
        try {
            if (!command.equals("dlq-list") && !command.equals("dlq-replay")) {
                throw new Failure("unknown command; usage: dlq-list|dlq-replay --bootstrap HOST:PORT --topic TOPIC");
            }
            Map<String, String> options = options(command, args);
            DeadLetterCommand letters = new DeadLetterCommand(options.get("bootstrap"), options.get("topic"));
            if (command.equals("dlq-list")) {
                letters.list(out);
            } else {
                letters.replay(out);
            }
            return 0;
        } catch (Failure e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        }
    }

    private static Map<String, String> options(String command, String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.equals("--bootstrap") && !name.equals("--topic")) {
                throw new Failure("unknown argument '" + name + "'; usage: " + command
                        + " --bootstrap HOST:PORT --topic TOPIC");
            }
            if (i + 1 >= args.length) {
                throw new Failure(name + " needs a value");
            }
            options.put(name.substring(2), args[i + 1]);
        }
        for (String required : List.of("bootstrap", "topic")) {
            if (!options.containsKey(required)) {
                throw new Failure("--" + required + " is required; usage: " + command
                        + " --bootstrap HOST:PORT --topic TOPIC");
            }
        }
        return options;
    }

    /** Prints one line per dead letter and a summary; commits nothing. */
    public Listing list(PrintStream out) {
        Listing listing = read(false);
        for (Letter l : listing.letters()) {
            out.println(String.join("  ", l.partition() + "@" + l.offset(), l.time().toString(),
                    orDash(l.key() == null ? null : new String(l.key(), UTF_8)),
                    orDash(l.header(CloudEventHeaders.TYPE)), orDash(l.header(CloudEventHeaders.ID)),
                    l.replayed() ? "replayed" : "pending", reason(l.header(DEAD_LETTER_REASON))));
        }
        out.println(plural(listing.letters().size(), "dead letter") + " on " + deadLetterTopic + ", "
                + listing.pending() + " not yet replayed");
        return listing;
    }

    /**
     * Sends every dead letter not yet replayed to its original topic, waits for each ack, then commits per
     * partition the offset after the last acked one. Returns how many were sent.
     */
    public int replay(PrintStream out) {
        List<Letter> pending = read(true).letters().stream().filter(l -> !l.replayed()).toList();
        if (pending.isEmpty()) {
            out.println("replayed 0 dead letters: none on " + deadLetterTopic + " is waiting to be replayed");
            return 0;
        }
        Set<String> targets = new TreeSet<>();
        pending.forEach(l -> targets.add(target(l)));
        for (String t : targets) {
            if (t.endsWith(".dlq")) {
                throw new Failure("a dead letter names " + t + " as its topic; replaying it there would only loop");
            }
        }
        describe(targets);

        Map<TopicPartition, OffsetAndMetadata> progress = new LinkedHashMap<>();
        Set<Integer> failedPartitions = new LinkedHashSet<>();
        String firstError = null;
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Letter l : pending) {
                acks.add(producer.send(replayOf(l)));
            }
            producer.flush();
            // in offset order per partition: progress stops at a partition's first failed send
            for (int i = 0; i < pending.size(); i++) {
                Letter l = pending.get(i);
                if (failedPartitions.contains(l.partition())) {
                    continue;
                }
                try {
                    acks.get(i).get();
                    progress.put(new TopicPartition(deadLetterTopic, l.partition()), new OffsetAndMetadata(l.offset() + 1));
                    sent++;
                } catch (ExecutionException e) {
                    failedPartitions.add(l.partition());
                    firstError = firstError != null ? firstError
                            : l.partition() + "@" + l.offset() + " to " + target(l) + ": " + message(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Failure("interrupted while waiting for the acks");
                }
            }
        } catch (KafkaException e) {
            throw new Failure("cannot send to " + String.join(", ", targets) + ": " + message(e));
        }
        if (!progress.isEmpty()) {
            try (KafkaConsumer<byte[], byte[]> committer = consumer()) {
                committer.assign(progress.keySet());
                committer.commitSync(progress, timeout);
            } catch (KafkaException e) {
                throw new Failure(sent + " sent but their progress not recorded (" + message(e)
                        + "); a second replay sends them again, which consumers ignore by event id");
            }
        }
        if (firstError != null) {
            throw new Failure("replayed " + sent + " of " + pending.size() + ", then failed at " + firstError);
        }
        out.println("replayed " + plural(sent, "dead letter") + " from " + deadLetterTopic + " to "
                + String.join(", ", targets));
        return sent;
    }

    // --- reading -----------------------------------------------------------------------------------------------

    /**
     * Reads the dead-letter topic up to its end as of now, with assign (no group membership, no commit). With
     * {@code onlyPending} each partition starts at the group's committed offset instead of its beginning.
     */
    Listing read(boolean onlyPending) {
        TopicDescription description = describe(Set.of(deadLetterTopic)).get(deadLetterTopic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
        List<Letter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new LinkedHashSet<>(partitions), timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                if (onlyPending && done != null && done.offset() > consumer.position(tp, timeout)) {
                    consumer.seek(tp, Math.min(done.offset(), end.get(tp)));
                }
            }
            Instant giveUp = Instant.now().plus(timeout);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    giveUp = Instant.now().plus(timeout);
                } else if (Instant.now().isAfter(giveUp)) {
                    throw new Failure("no records from " + deadLetterTopic + " on " + bootstrap + " for "
                            + timeout.toSeconds() + " s although its end is further");
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue; // arrived after we looked at the end: the next run's
                    }
                    OffsetAndMetadata done = committed.get(tp);
                    List<Header> headers = List.of(r.headers().toArray());
                    letters.add(new Letter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(),
                            r.value(), headers, done != null && r.offset() < done.offset()));
                }
            }
        } catch (KafkaException e) {
            throw unreachableOr(e);
        }
        letters.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return new Listing(List.copyOf(letters), (int) letters.stream().filter(l -> !l.replayed()).count());
    }

    private Map<String, TopicDescription> describe(Set<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            Map<String, TopicDescription> found = new HashMap<>();
            Set<String> missing = new TreeSet<>();
            for (var topicFuture : admin.describeTopics(names).topicNameValues().entrySet()) {
                try {
                    found.put(topicFuture.getKey(), topicFuture.getValue().get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw unreachableOr(e.getCause());
                    }
                    missing.add(topicFuture.getKey());
                }
            }
            if (!missing.isEmpty()) {
                throw new Failure("no topic " + String.join(", ", missing) + " on " + bootstrap);
            }
            return found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        } catch (KafkaException e) {
            throw unreachableOr(e);
        }
    }

    private Failure unreachableOr(Throwable e) {
        if (e instanceof TimeoutException) {
            return new Failure("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds() + " s");
        }
        return new Failure("Kafka at " + bootstrap + ": " + message(e));
    }

    // --- writing -----------------------------------------------------------------------------------------------

    private String target(Letter l) {
        String header = l.header(DEAD_LETTER_TOPIC);
        return header == null || header.isBlank() ? topic : header.strip();
    }

    /** Key, value and headers as the original record had them, and where it was replayed from. */
    ProducerRecord<byte[], byte[]> replayOf(Letter l) {
        // a letter replayed before and dead-lettered again carries an older replayed-from: only the latest counts
        List<Header> headers = l.headers().stream()
                .filter(h -> !h.key().startsWith(DEAD_LETTER_PREFIX) && !h.key().equals(REPLAYED_FROM))
                .collect(Collectors.toCollection(ArrayList::new));
        headers.add(new RecordHeader(REPLAYED_FROM,
                (deadLetterTopic + "-" + l.partition() + "@" + l.offset()).getBytes(UTF_8)));
        return new ProducerRecord<>(target(l), null, l.key(), l.value(), headers);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        int millis = (int) timeout.toMillis();
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * millis),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** group.id only for reading and committing the replay offsets: assign never joins the group. */
    private KafkaConsumer<byte[], byte[]> consumer() {
        int millis = (int) timeout.toMillis();
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    // --- text --------------------------------------------------------------------------------------------------

    static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "-";
        }
        String line = reason.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        if (line.length() <= REASON_LENGTH) {
            return line;
        }
        int cut = Character.isHighSurrogate(line.charAt(REASON_LENGTH - 1)) ? REASON_LENGTH - 1 : REASON_LENGTH;
        return line.substring(0, cut) + "…";
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replaceAll("\\s+", " ");
    }
}
