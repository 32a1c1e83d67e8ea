package org.ecoeval.scoring.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** The processed-event log of both consumers, keyed by event id, written in the transaction of the effect. */
@ApplicationScoped
public class ProcessedEventStore {

    /**
     * Claims an event id for this transaction. False when it was processed before (a duplicate or redelivery):
     * the caller then changes nothing. A concurrent claim of the same id waits for the other transaction.
     */
    public boolean claim(Connection c, String eventId, String topic, String type, String evaluationId)
            throws SQLException {
        return Sql.update(c, "insert into processed_event (event_id, topic, event_type, evaluation_id, outcome, "
                + "processed_at) values (?, ?, ?, ?, 'PENDING', ?) on conflict (event_id) do nothing",
                eventId, topic, type, evaluationId, Instant.now()) == 1;
    }

    public void outcome(Connection c, String eventId, String outcome) throws SQLException {
        Sql.update(c, "update processed_event set outcome = ? where event_id = ?", outcome, eventId);
    }
}
