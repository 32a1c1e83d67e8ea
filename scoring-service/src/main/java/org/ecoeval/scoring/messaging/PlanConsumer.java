package org.ecoeval.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.PoisonRecordException;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.plans} (compacted): keeps the latest plan version per evaluation. Tombstones are
 * skipped; unparsable records go to {@code eco.plans.dlq}; a database outage is waited out ({@link IncomingRecords}).
 */
@ApplicationScoped
public class PlanConsumer {
    private static final Logger LOG = Logger.getLogger(PlanConsumer.class);

    @Inject
    ObjectMapper mapper;
    @Inject
    Ingestion ingestion;
    @Inject
    ScoreOutboxRelay relay;
    @Inject
    IncomingRecords incoming;

    @Incoming("plans")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        incoming.handle("plans", record, this::parse, event -> {
            Ingestion.Outcome outcome = ingestion.applyPlan(event);
            if (outcome == Ingestion.Outcome.APPLIED) {
                relay.wakeUp();
            }
            LOG.infof("plan %s v%d: %s", event.evaluationId(), event.planVersion(), outcome);
        });
    }

    PlanPublished parse(String value) {
        PlanPublished event;
        try {
            event = mapper.readValue(value, PlanPublished.class);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("not a PlanPublished: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new PoisonRecordException("record value is JSON null");
        }
        EventChecks.check(event);
        return event;
    }
}
