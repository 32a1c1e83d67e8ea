package org.ecoeval.scoring.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.OutboxRelay;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.submissions}, a poll's records at a time. Records of one evaluation arrive in order
 * (key = evaluation id) and are applied in that order, all of a batch in ONE transaction: a replay or a burst
 * pays one commit per batch instead of one per event. A record that cannot be parsed or breaks the contract goes
 * to {@code eco.submissions.dlq}; a database outage is waited out; if the batch fails for another reason, its events
 * are applied one transaction each, so that only an event that fails on its own is dead-lettered
 * ({@link IncomingRecords}).
 */
@ApplicationScoped
public class SubmissionConsumer {
    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);

    @Inject
    Ingestion ingestion;
    @Inject
    OutboxRelay relay;
    @Inject
    IncomingRecords incoming;

    @Incoming("submissions")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<Ingestion.Outcome> outcomes = incoming.handleBatch("submissions", records, this::parse,
                ingestion::applySubmissions, ingestion::applySubmission);
        if (outcomes.contains(Ingestion.Outcome.APPLIED)) {
            relay.trigger(); // a ScoreChanged may wait in the outbox
        }
        LOG.debugf("%d submission records: %s", records.count(), outcomes);
    }

    SubmissionEvent parse(String value) {
        SubmissionEvent event = incoming.readJson(value, SubmissionEvent.class);
        EventChecks.check(event);
        return event;
    }
}
