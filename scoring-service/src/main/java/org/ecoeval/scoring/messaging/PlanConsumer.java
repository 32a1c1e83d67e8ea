package org.ecoeval.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.OutboxRelay;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.plans} (compacted): keeps the latest plan version per evaluation. Tombstones are
 * skipped; unparsable records go to {@code eco.plans.dlq}; a database outage is waited out ({@link IncomingRecords}).
 */
@ApplicationScoped
public class PlanConsumer {
    private static final Logger LOG = Logger.getLogger(PlanConsumer.class);

    @Inject
    Ingestion ingestion;
    @Inject
    OutboxRelay relay;
    @Inject
    IncomingRecords incoming;

    @Incoming("plans")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        incoming.handle("plans", record, this::parse, event -> {
            Ingestion.Outcome outcome = ingestion.applyPlan(event);
            if (outcome == Ingestion.Outcome.APPLIED) {
                relay.trigger(); // a ScoreChanged may wait in the outbox
            }
            LOG.infof("plan %s v%d: %s", event.evaluationId(), event.planVersion(), outcome);
        });
    }

    PlanPublished parse(String value) {
        PlanPublished event = incoming.readJson(value, PlanPublished.class);
        EventChecks.check(event);
        return event;
    }
}
