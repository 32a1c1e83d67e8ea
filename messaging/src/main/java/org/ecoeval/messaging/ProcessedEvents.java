package org.ecoeval.messaging;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * The processed-event log of a service's consumers, keyed by event id and written in the transaction of the event's
 * effect: a claimed id is one whose effect commits with it, so a duplicate or a redelivery changes nothing. A
 * concurrent claim of the same id waits for the other transaction and then finds it taken.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    AgroalDataSource dataSource;

    /** Claims one event id in the caller's transaction; false when it was processed before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String topic, String eventId, String type) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into messaging_processed_event (event_id, topic, "
                        + "event_type, processed_at) values (?, ?, ?, ?) on conflict (event_id) do nothing")) {
            ps.setString(1, eventId);
            ps.setString(2, topic);
            ps.setString(3, type);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim event " + eventId, e);
        }
    }

    /**
     * Claims a batch's event ids in one statement; returns those not processed before (an id twice in the batch is
     * claimed once).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> claimAll(String topic, Collection<String> eventIds) {
        return claimAll(topic, eventIds, null);
    }

    /**
     * Claims a batch's event ids in one statement with the outcome most of them will have ({@code expected}, e.g.
     * APPLIED), so that only the exceptions need {@link #recordOutcomes} afterwards: one write per event, not two.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> claimAll(String topic, Collection<String> eventIds, String expected) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        Set<String> distinct = new LinkedHashSet<>(eventIds);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into messaging_processed_event (event_id, topic, "
                        + "processed_at, outcome) select id, ?, ?, ? from unnest(?) as id "
                        + "on conflict (event_id) do nothing returning event_id")) {
            Array ids = c.createArrayOf("varchar", distinct.toArray());
            ps.setString(1, topic);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, expected);
            ps.setArray(4, ids);
            Set<String> claimed = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim " + distinct.size() + " events", e);
        }
    }

    /** Records what became of a claimed event (e.g. APPLIED, STALE), for operators reading the log. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOutcome(String eventId, String outcome) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update messaging_processed_event set outcome = ? where event_id = ?")) {
            ps.setString(1, outcome);
            ps.setString(2, eventId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the outcome of event " + eventId, e);
        }
    }

    /** Records what became of a batch's claimed events in one statement (event id → outcome). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOutcomes(java.util.Map<String, String> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update messaging_processed_event p set outcome = o.outcome "
                        + "from unnest(?, ?) as o(event_id, outcome) where p.event_id = o.event_id")) {
            ps.setArray(1, c.createArrayOf("varchar", outcomes.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("varchar", outcomes.values().toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the outcomes of " + outcomes.size() + " events", e);
        }
    }
}
