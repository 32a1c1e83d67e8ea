package org.ecoeval.scoring;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Produces contract records to the real broker the way the other services do (key = evaluation id, value = JSON,
 * CloudEvents headers), and reads topics back. Each test uses its own county so tests never see each other's
 * evaluations.
 */
public final class EventStream implements AutoCloseable {
    private static final AtomicInteger COUNTIES = new AtomicInteger(new java.util.Random().nextInt(9000));
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final KafkaProducer<String, String> producer;

    public EventStream() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A county code no other test uses (6 digits, 9xxxxx). */
    public static String freshCounty() {
        return String.valueOf(900000 + COUNTIES.incrementAndGet() % 99999);
    }

    /** A plan (methodology mee-2022) for one county and year with one department per code. */
    public static Plan plan(String county, int year, Integer comparisonYear, String... departments) {
        List<Plan.Department> deps = new ArrayList<>();
        List<Plan.Task> tasks = new ArrayList<>();
        for (String d : departments) {
            deps.add(new Plan.Department(d, d + " bureau", d.toLowerCase() + "@example.org"));
            tasks.add(new Plan.Task(d + "-DATA", d, "data of " + d, null, null, true, true, year + "-10-20", null));
        }
        return new Plan(new Plan.County(county, "测试旗", new BigDecimal("20673"), "WINDBREAK_SAND_FIXATION"), year,
                comparisonYear, "mee-2022", "Asia/Shanghai", false, deps, List.of(), tasks, null);
    }

    public PlanPublished publishPlan(String evaluationId, int planVersion, Plan plan) {
        PlanPublished event = new PlanPublished(UUID.randomUUID().toString(), evaluationId, planVersion, plan,
                List.of(), Instant.now());
        send(Topics.PLANS, evaluationId, event.eventId(), PlanPublished.TYPE, "/tracking-service", write(event));
        return event;
    }

    /** Sends the plan events together (one producer batch, so the plan consumer most likely polls them together). */
    public void publishPlansTogether(List<PlanPublished> events) {
        sendTogether(events.stream().map(e -> record(Topics.PLANS, e.evaluationId(), e.eventId(), PlanPublished.TYPE,
                "/tracking-service", write(e))).toList());
    }

    public SubmissionEvent publish(SubmissionEvent event) {
        send(Topics.SUBMISSIONS, event.evaluationId(), event.eventId(), event.type().name(), "/submission-service",
                write(event));
        return event;
    }

    /** Sends the events together (one producer batch, so the consumer most likely polls them together). */
    public List<SubmissionEvent> publishTogether(List<SubmissionEvent> events) {
        sendTogether(events.stream().map(EventStream::record).toList());
        return events;
    }

    /**
     * Sends the events together, each with the W3C {@code traceparent} at the same index, as submission-service's
     * relay would for submissions made by different requests.
     */
    public void publishTogether(List<SubmissionEvent> events, List<String> traceparents) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ProducerRecord<String, String> record = record(events.get(i));
            record.headers().add("traceparent", traceparents.get(i).getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        sendTogether(records);
    }

    private static ProducerRecord<String, String> record(SubmissionEvent event) {
        return record(Topics.SUBMISSIONS, event.evaluationId(), event.eventId(), event.type().name(),
                "/submission-service", write(event));
    }

    /** Sends the records in one producer batch and waits for every acknowledgement. */
    private void sendTogether(List<ProducerRecord<String, String>> records) {
        List<java.util.concurrent.Future<?>> acks = records.stream().<java.util.concurrent.Future<?>>map(producer::send)
                .toList();
        producer.flush();
        try {
            for (var ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + records.get(0).topic(), e);
        }
    }

    /** Sends any text as a record of {@code eco.submissions}, e.g. garbage. */
    public void publishRaw(String topic, String key, String value) {
        send(topic, key, UUID.randomUUID().toString(), "SubmissionSubmitted", "/submission-service", value);
    }

    private void send(String topic, String key, String id, String type, String source, String value) {
        ProducerRecord<String, String> record = record(topic, key, id, type, source, value);
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** A record as submission-service's relay writes it: key = evaluation id, CloudEvents headers. */
    private static ProducerRecord<String, String> record(String topic, String key, String id, String type,
            String source, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Every record currently on a topic (from the beginning), read by a throw-away consumer group. */
    public static List<ConsumerRecord<String, String>> readAll(String topic, Duration within) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (!out.isEmpty() && consumer.assignment().stream()
                        .allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
                    break;
                }
            }
        }
        return out;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Builds the submission events of one submission the way submission-service would publish them. */
    public static final class Submission {
        private final String evaluationId;
        private final String id;
        private final String department;
        private final String task;
        private int version = 1;
        private List<IndicatorValue> values = List.of();
        private List<Patch> patches = List.of();
        private List<EnvironmentalEvent> events = List.of();
        private Instant submittedAt;
        private Instant clock;

        public Submission(String evaluationId, String department, Instant start) {
            this.evaluationId = evaluationId;
            this.id = UUID.randomUUID().toString();
            this.department = department;
            this.task = department + "-DATA";
            this.clock = start;
        }

        public String id() {
            return id;
        }

        public Submission values(IndicatorValue... v) {
            this.values = List.of(v);
            return this;
        }

        public Submission patches(Patch... p) {
            this.patches = List.of(p);
            return this;
        }

        public Submission events(EnvironmentalEvent... e) {
            this.events = List.of(e);
            return this;
        }

        /** The first version is submitted. */
        public SubmissionEvent submitted() {
            submittedAt = tick();
            return event(SubmissionEvent.Type.SubmissionSubmitted, SubmissionStatus.SUBMITTED, null);
        }

        /** A new version (after a return, or before acceptance) is submitted with the content set since. */
        public SubmissionEvent resubmitted() {
            version++;
            return submitted();
        }

        public SubmissionEvent returned() {
            return event(SubmissionEvent.Type.SubmissionReturned, SubmissionStatus.RETURNED, null);
        }

        public SubmissionEvent accepted(Map<String, BigDecimal> managementScores) {
            return event(SubmissionEvent.Type.SubmissionAccepted, SubmissionStatus.ACCEPTED, managementScores);
        }

        private Instant tick() {
            clock = clock.plusSeconds(60);
            return clock;
        }

        private SubmissionEvent event(SubmissionEvent.Type type, SubmissionStatus status, Map<String, BigDecimal> scores) {
            Instant time = type == SubmissionEvent.Type.SubmissionSubmitted ? submittedAt : tick();
            return new SubmissionEvent(UUID.randomUUID().toString(), type, id, version, evaluationId, department,
                    task, status, values, patches, events, scores, time, submittedAt, false);
        }
    }

    public static Patch patch(String id, String areaKm2, org.ecoeval.contracts.SubmissionContent.PatchDirection direction,
            boolean verified) {
        return new Patch(id, new BigDecimal(areaKm2), direction, "restoration", verified);
    }

    public static EnvironmentalEvent emergency(String id, org.ecoeval.contracts.SubmissionContent.Severity severity) {
        return new EnvironmentalEvent(id, org.ecoeval.contracts.SubmissionContent.EventKind.ENVIRONMENTAL_EMERGENCY,
                severity, java.time.LocalDate.of(2024, 6, 2));
    }

    public static IndicatorValue value(String indicator, int year, String value) {
        return new IndicatorValue(indicator, year, new BigDecimal(value));
    }
}
