package org.ecoeval.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecoeval.infra.KafkaBroker;
import org.ecoeval.infra.TestInfrastructure;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real KRaft broker of the module's tests, which a test may stop and start again on the same port and log
 * directory, as an operator restarting Kafka would; the relay's producer is pointed at it.
 */
public final class RelayBroker implements QuarkusTestResourceLifecycleManager {
    private static final String NAME = "messaging-relay";

    @Override
    public Map<String, String> start() {
        return Map.of("mp.messaging.outgoing.outbox.bootstrap.servers", broker().bootstrapServers(),
                "mp.messaging.outgoing.dead-letters.bootstrap.servers", broker().bootstrapServers(),
                "mp.messaging.incoming.stops-at-first-record.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker halts with the JVM; later test classes may still use it
    }

    static KafkaBroker broker() {
        return KafkaBroker.sharedForTests(NAME, () -> TestInfrastructure.get().baseDir());
    }

    /** Every record of {@code topic} with {@code key}, from the beginning, once at least {@code n} have arrived. */
    static List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int n, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = System.nanoTime() + timeout.toNanos();
            while (found.size() < n && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }
}
