package org.ecoeval.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.KafkaBroker;

/** The test's own view of the broker: how many dead letters there are, and events published around the services. */
final class DeadLetterTopics {
    private static final List<String> DEAD_LETTER_TOPICS = List.of(Topics.SUBMISSIONS + ".dlq", Topics.PLANS + ".dlq");

    private DeadLetterTopics() {
    }

    /** Records in every dead-letter topic of the contract, from their start to their end. */
    static long count(KafkaBroker kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = DEAD_LETTER_TOPICS.stream()
                    .flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(t, i.partition())))
                    .collect(Collectors.toList());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            return partitions.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
        }
    }

    /**
     * Publishes a SubmissionSubmitted event per task straight to {@code eco.submissions}, as submission-service's
     * relay would: the consumers get them even while the database is away.
     */
    static void publishSubmissions(KafkaBroker kafka, String evaluation, String department, List<String> tasks) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String task : tasks) {
                String eventId = UUID.randomUUID().toString();
                String now = Instant.now().toString();
                String value = """
                        {"eventId":"%s","type":"SubmissionSubmitted","submissionId":"%s","version":1,
                         "evaluationId":"%s","department":"%s","task":"%s","status":"SUBMITTED",
                         "values":[{"indicator":"EQI.PATTERN","year":2027,"value":55.5},
                                   {"indicator":"EQI.PATTERN","year":2026,"value":54.5}],
                         "patches":[],"events":[],"time":"%s","submittedAt":"%s","late":false}
                        """.formatted(eventId, UUID.randomUUID(), evaluation, department, task, now, now);
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SUBMISSIONS, evaluation, value);
                record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", "SubmissionSubmitted".getBytes(StandardCharsets.UTF_8))
                        .add("ce_source", "/system-tests".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }
}
