package org.ecoeval.tracking.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The delivery counters {@link DeliveryWorker} increments, registered at zero when the service starts: a
 * counter that appears only with its first failure is invisible to Prometheus' {@code increase()}, so the
 * delivery alert rules of {@code deploy/prometheus/alerts.yml} would miss the first failures.
 */
@ApplicationScoped
class DeliveryMetrics {
    static final String ATTEMPTS = "ecoeval.tracking.delivery.attempts";
    static final String GIVEN_UP = "ecoeval.tracking.delivery.given-up";

    void registerAtZero(@Observes StartupEvent start, MeterRegistry registry) {
        for (String channel : new String[] {"WEBHOOK", "EMAIL"}) {
            registry.counter(ATTEMPTS, "channel", channel, "outcome", "DELIVERED");
            registry.counter(ATTEMPTS, "channel", channel, "outcome", "FAILED");
            registry.counter(GIVEN_UP, "channel", channel);
        }
    }
}
