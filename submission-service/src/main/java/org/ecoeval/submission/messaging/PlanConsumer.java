package org.ecoeval.submission.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.messaging.PlanVersions;
import org.ecoeval.submission.domain.PlanBook;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

/**
 * Keeps the newest plan version of each evaluation from {@code eco.plans}. The record's check, the claim and the
 * "newest version wins" rule are the messaging module's {@link PlanVersions}, shared with scoring-service: a record
 * that cannot be used goes to {@code eco.plans.dlq} and the consumer goes on; a database outage is waited out;
 * tombstones on the compacted topic are skipped.
 */
@ApplicationScoped
public class PlanConsumer {

    @Inject
    PlanBook plans;

    @Inject
    PlanVersions planVersions;

    @Incoming("plans-in")
    @Blocking
    public void onPlan(ConsumerRecord<String, String> record) {
        planVersions.handle("plans", record, plans::apply);
    }
}
