package org.ecoeval.scoring.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.OutboxRelay;
import org.ecoeval.messaging.PlanVersions;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.plans} (compacted), a poll's records at a time: keeps the newest plan version per
 * evaluation. The record's check, the claim and the "newest version wins" rule are the messaging module's
 * {@link PlanVersions}, shared with submission-service. A poll is applied in ONE transaction with the channel's
 * stored positions, with the rebuild's timeout (a plan may rebuild a county's score from every stored input): during
 * a replay, one plan per transaction made this channel the last to finish. As for submissions
 * ({@link IncomingRecords}): tombstones are skipped, unusable records go to {@code eco.plans.dlq}, a database outage is
 * waited out, and a poll that fails for another reason is applied a plan per transaction, so that only a plan that
 * fails on its own is dead-lettered.
 */
@ApplicationScoped
public class PlanConsumer {

    @Inject
    Ingestion ingestion;
    @Inject
    OutboxRelay relay;
    @Inject
    PlanVersions planVersions;
    @Inject
    IncomingRecords incoming;
    @ConfigProperty(name = "ecoeval.scoring.rebuild-transaction-timeout")
    Duration rebuildTimeout;

    @Incoming("plans")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<Ingestion.Outcome> outcomes = incoming.handleBatch("plans", records, planVersions::parse,
                ingestion::applyPlans, ingestion::applyPlan, rebuildTimeout);
        if (outcomes.contains(Ingestion.Outcome.APPLIED)) {
            relay.trigger(); // a ScoreChanged may wait in the outbox
        }
    }
}
