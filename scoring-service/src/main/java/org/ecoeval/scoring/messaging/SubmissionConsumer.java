package org.ecoeval.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.submissions}, a poll's records at a time. Records of one evaluation arrive in order
 * (key = evaluation id) and are applied in that order, all of a batch in ONE transaction: a replay or a burst
 * pays one commit per batch instead of one per event. A record that cannot be parsed or breaks the contract goes
 * to {@code eco.submissions.dlq} and the others are applied; if the batch's transaction fails, its events are
 * applied one transaction each (with retries), so that only an event that fails on its own is dead-lettered.
 */
@ApplicationScoped
public class SubmissionConsumer {
    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);

    @Inject
    ObjectMapper mapper;
    @Inject
    Ingestion ingestion;
    @Inject
    ScoreOutboxRelay relay;
    @Inject
    DeadLetters deadLetters;

    private record Received(ConsumerRecord<String, String> record, SubmissionEvent event) {
    }

    @Incoming("submissions")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<Received> received = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                SubmissionEvent event = parse(record);
                if (event != null) {
                    received.add(new Received(record, event));
                }
            } catch (UnprocessableRecordException e) {
                deadLetters.send(record, e);
            }
        }
        if (received.isEmpty()) {
            return;
        }
        List<Ingestion.Outcome> outcomes;
        try {
            outcomes = ingestion.applySubmissions(received.stream().map(Received::event).toList());
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "applying %d events in one transaction failed; applying them one by one",
                    received.size());
            outcomes = new ArrayList<>();
            for (Received r : received) {
                try {
                    outcomes.add(Retrying.run("submission event " + r.event().eventId(),
                            () -> ingestion.applySubmission(r.event())));
                } catch (RuntimeException e) {
                    deadLetters.send(r.record(), e);
                }
            }
        }
        if (outcomes.contains(Ingestion.Outcome.APPLIED)) {
            relay.wakeUp();
        }
        LOG.debugf("%d submission events: %s", received.size(), outcomes);
    }

    SubmissionEvent parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null; // nothing to apply
        }
        SubmissionEvent event;
        try {
            event = mapper.readValue(record.value(), SubmissionEvent.class);
        } catch (JsonProcessingException e) {
            throw new UnprocessableRecordException("not a SubmissionEvent: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new UnprocessableRecordException("record value is JSON null");
        }
        EventChecks.check(event);
        return event;
    }
}
