package org.ecoeval.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.scoring.service.Ingestion;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumer of {@code eco.submissions}. Records of one evaluation arrive in order (key = evaluation id) and are
 * applied one at a time; a record that cannot be parsed or breaks the contract fails here and the connector's
 * dead-letter-queue strategy sends it to {@code eco.submissions.dlq}, then goes on with the next one.
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

    @Incoming("submissions")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        SubmissionEvent event = parse(record);
        if (event == null) {
            return;
        }
        Ingestion.Outcome outcome = Retrying.run("submission event " + event.eventId(),
                () -> ingestion.applySubmission(event));
        if (outcome == Ingestion.Outcome.APPLIED) {
            relay.wakeUp();
        }
        LOG.debugf("submission event %s (%s %s v%d): %s", event.eventId(), event.type(), event.submissionId(),
                event.version(), outcome);
    }

    SubmissionEvent parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null; // nothing to apply
        }
        SubmissionEvent event;
        try {
            event = mapper.readValue(record.value(), SubmissionEvent.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("unparsable record at %s-%d@%d sent to the dead-letter topic: %s", record.topic(),
                    record.partition(), record.offset(), e.getOriginalMessage());
            throw new UnprocessableRecordException("not a SubmissionEvent: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new UnprocessableRecordException("record value is JSON null");
        }
        try {
            EventChecks.check(event);
        } catch (UnprocessableRecordException e) {
            LOG.warnf("record at %s-%d@%d breaks the contract, sent to the dead-letter topic: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            throw e;
        }
        return event;
    }
}
