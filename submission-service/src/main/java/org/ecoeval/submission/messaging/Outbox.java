package org.ecoeval.submission.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.submission.domain.OutboxEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a {@link SubmissionEvent} into the outbox table inside the caller's transaction, and asks the relay to
 * publish once that transaction has committed. A rolled-back transaction leaves no row and sends nothing.
 */
@ApplicationScoped
public class Outbox {

    /** Fired inside the writing transaction; observed after a successful commit. */
    public record Written(String evaluationId) {
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<Written> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(SubmissionEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.eventId());
        row.evaluationId = event.evaluationId();
        row.eventType = event.type().name();
        try {
            row.payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.type(), e);
        }
        row.createdAt = Instant.now();
        row.persist();
        written.fire(new Written(event.evaluationId()));
    }
}
