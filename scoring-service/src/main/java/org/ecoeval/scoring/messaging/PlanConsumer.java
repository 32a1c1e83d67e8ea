package org.ecoeval.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.messaging.OutboxRelay;
import org.ecoeval.messaging.PlanVersions;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.plans} (compacted): keeps the newest plan version per evaluation. The record's check, the
 * claim and the "newest version wins" rule are the messaging module's {@link PlanVersions}, shared with
 * submission-service; tombstones are skipped, unusable records go to {@code eco.plans.dlq}, a database outage is
 * waited out.
 */
@ApplicationScoped
public class PlanConsumer {

    @Inject
    Ingestion ingestion;
    @Inject
    OutboxRelay relay;
    @Inject
    PlanVersions planVersions;

    @Incoming("plans")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        planVersions.handle("plans", record, event -> {
            if (ingestion.applyPlan(event) == Ingestion.Outcome.APPLIED) {
                relay.trigger(); // a ScoreChanged may wait in the outbox
            }
        });
    }
}
