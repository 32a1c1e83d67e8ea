package org.ecoeval.submission.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/** Outbox gauges: rows waiting for the broker (growing while Kafka is down), and rows this instance relayed. */
@ApplicationScoped
public class OutboxMetrics {

    @Inject
    EntityManager em;

    @Inject
    OutboxRelay relay;

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("ecoeval.outbox.unpublished", this, OutboxMetrics::unpublished)
                .description("outbox rows not yet acknowledged by Kafka").register(registry);
        Gauge.builder("ecoeval.outbox.published", relay, OutboxRelay::publishedCount)
                .description("outbox rows this instance has published since it started").register(registry);
    }

    double unpublished() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from outbox_event where published_at is null")
                .getSingleResult()).doubleValue());
    }
}
