package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void pauses_double_from_the_first_up_to_the_ceiling_and_stay_there() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void a_zero_first_pause_or_a_ceiling_below_it_is_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_pause_after_an_attempt_is_the_same_rule_counted_from_one() {
        Duration initial = Duration.ofSeconds(30);
        Duration max = Duration.ofHours(1);
        assertThat(Backoff.pauseAfter(1, initial, max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.pauseAfter(5, initial, max)).isEqualTo(Duration.ofMinutes(8));
        assertThat(Backoff.pauseAfter(100, initial, max)).isEqualTo(Duration.ofHours(1));
    }
}
