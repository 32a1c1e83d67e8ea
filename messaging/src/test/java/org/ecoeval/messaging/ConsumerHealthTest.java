package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A channel the connector stopped makes the instance unready, for good, naming the channel. */
@QuarkusTest
class ConsumerHealthTest {
    @Inject
    @org.eclipse.microprofile.health.Readiness
    ConsumerHealth health;

    @Test
    void a_channel_stopped_by_an_error_fails_readiness_and_names_the_channel() throws Exception {
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RelayBroker.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(StoppedChannel.TOPIC, "key", "the record it stops at")).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> health.call().getStatus() == HealthCheckResponse.Status.DOWN);
        HealthCheckResponse down = health.call();
        assertThat(down.getData()).isPresent();
        assertThat(down.getData().get()).containsEntry("state", "stopped")
                .doesNotContainKey("outbox"); // a producer's failed sends are the relay's to retry, not a stop
        assertThat(down.getData().get().keySet()).as("the copy of the channel that stopped")
                .anyMatch(k -> k.matches("stops-at-first-record\\$[12]"));
    }

    @Test
    void a_copy_of_a_channel_is_configured_under_the_channels_name() {
        assertThat(ConsumerHealth.configuredName("submissions$3")).isEqualTo("submissions");
        assertThat(ConsumerHealth.configuredName("submissions")).isEqualTo("submissions");
        assertThat(ConsumerHealth.configuredName("price$list")).isEqualTo("price$list");
    }
}
