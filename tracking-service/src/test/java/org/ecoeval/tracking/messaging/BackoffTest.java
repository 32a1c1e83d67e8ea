package org.ecoeval.tracking.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void the_wait_doubles_from_the_initial_backoff_up_to_the_maximum() {
        DeliveryWorker worker = new DeliveryWorker();
        worker.initialBackoff = Duration.ofSeconds(30);
        worker.maxBackoff = Duration.ofHours(1);
        assertThat(worker.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(worker.backoff(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(worker.backoff(8)).isEqualTo(Duration.ofHours(1));
        assertThat(worker.backoff(100)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // computed independently: echo -n '1700000000.{}' | openssl dgst -sha256 -hmac key
        assertThat(DeliveryWorker.sign("key", "1700000000", "{}"))
                .isEqualTo("9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
    }
}
