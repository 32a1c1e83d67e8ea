package org.ecoeval.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.plans} (compacted): keeps the latest plan version per evaluation. Tombstones are
 * skipped; unparsable records go to {@code eco.plans.dlq}.
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

    @Incoming("plans")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        PlanPublished event;
        try {
            event = mapper.readValue(record.value(), PlanPublished.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("unparsable record at %s-%d@%d sent to the dead-letter topic: %s", record.topic(),
                    record.partition(), record.offset(), e.getOriginalMessage());
            throw new UnprocessableRecordException("not a PlanPublished: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new UnprocessableRecordException("record value is JSON null");
        }
        EventChecks.check(event);
        Ingestion.Outcome outcome = Retrying.run("plan event " + event.eventId(), () -> ingestion.applyPlan(event));
        if (outcome == Ingestion.Outcome.APPLIED) {
            relay.wakeUp();
        }
        LOG.infof("plan %s v%d: %s", event.evaluationId(), event.planVersion(), outcome);
    }
}
