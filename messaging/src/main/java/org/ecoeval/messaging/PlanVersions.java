package org.ecoeval.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Methodologies;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.contracts.Topics;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * The copy of {@code eco.plans} that submission- and scoring-service keep, as far as it is the same for both: one
 * check of a {@link PlanPublished} record, one processed-event claim, and one rule for which version is kept, the
 * newest: {@code messaging_plan_version} holds each evaluation's kept version and is moved by a conditional upsert,
 * whose row lock also makes two instances receiving versions of one evaluation take turns. What a service keeps of
 * the plan is its own business ({@link Keeper}), called only for a version newer than the kept one.
 */
@ApplicationScoped
public class PlanVersions {
    private static final Logger LOG = Logger.getLogger(PlanVersions.class);

    /** What a service keeps of a newer plan version, in the transaction that records the version. */
    @FunctionalInterface
    public interface Keeper {
        void keep(PlanPublished event, String eventKey);
    }

    public enum Outcome { KEPT, OLDER_IGNORED, DUPLICATE }

    @Inject
    IncomingRecords incoming;
    @Inject
    ProcessedEvents processed;
    @Inject
    AgroalDataSource dataSource;

    /**
     * One {@code eco.plans} record: a record that cannot be read or breaks the contract goes to the dead-letter topic,
     * a tombstone is skipped, a database outage is waited out ({@link IncomingRecords}); a checked one goes to
     * {@code apply}, which opens the service's transaction (with the timeout its keeping needs) and calls
     * {@link #apply(PlanPublished, Keeper)} in it.
     */
    public void handle(String consumer, ConsumerRecord<String, String> record,
            java.util.function.Consumer<PlanPublished> apply) {
        incoming.handle(consumer, record, this::parse, apply);
    }

    /** Applies a checked event in the caller's transaction: claims it, and keeps it if it is newer. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome apply(PlanPublished event, Keeper keeper) {
        String key = eventKey(event);
        if (!processed.claim(Topics.PLANS, key, PlanPublished.TYPE)) {
            return Outcome.DUPLICATE;
        }
        Outcome outcome = takeIfNewer(event, key) ? Outcome.KEPT : Outcome.OLDER_IGNORED;
        if (outcome == Outcome.KEPT) {
            keeper.keep(event, key);
        }
        processed.recordOutcome(key, outcome.name());
        LOG.infof("plan %s version %d: %s", event.evaluationId(), event.planVersion(), outcome);
        return outcome;
    }

    /** The kept plan version of an evaluation, or 0. */
    public int keptVersion(String evaluationId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select plan_version from messaging_plan_version where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the kept plan version of " + evaluationId, e);
        }
    }

    /** Reads a record's value as a checked {@link PlanPublished}; throws {@link PoisonRecordException} otherwise. */
    public PlanPublished parse(String value) {
        PlanPublished event = incoming.readJson(value, PlanPublished.class);
        List<String> problems = problems(event);
        if (!problems.isEmpty()) {
            throw new PoisonRecordException(String.join("; ", problems));
        }
        return event;
    }

    /** The contract's rules of a PlanPublished record that either service needs to keep it; empty when it keeps. */
    public static List<String> problems(PlanPublished p) {
        List<String> problems = new ArrayList<>();
        boolean wellFormed = EvaluationId.isWellFormed(p.evaluationId());
        if (!wellFormed) {
            problems.add("evaluationId is not {county}-{year}: " + p.evaluationId());
        }
        if (p.planVersion() < 1) {
            problems.add("planVersion must be at least 1");
        }
        if (p.plan() == null) {
            problems.add("plan is missing");
        } else {
            if (p.plan().year() == null) {
                problems.add("plan.year is missing");
            } else if (wellFormed && EvaluationId.parse(p.evaluationId()).year() != p.plan().year()) {
                problems.add("plan.year " + p.plan().year() + " is not the evaluation's year");
            } else if (p.plan().year().equals(p.plan().comparisonYear())) {
                problems.add("plan.comparisonYear equals the evaluation year");
            }
            if (p.plan().methodology() != null && !Methodologies.isKnown(p.plan().methodology())) {
                problems.add("unknown methodology " + p.plan().methodology());
            }
            if (p.plan().tasks() == null) {
                problems.add("plan.tasks is missing");
            }
        }
        if (p.instances() == null) {
            problems.add("instances are missing");
        } else {
            for (TaskInstance i : p.instances()) {
                if (i == null || i.id() == null || i.department() == null || i.dueAt() == null) {
                    problems.add("every instance needs id, department and dueAt");
                    break;
                }
            }
        }
        return problems;
    }

    /** The event's id, or (from a publisher that sent none) its evaluation and version, which name it as well. */
    static String eventKey(PlanPublished event) {
        return event.eventId() != null && !event.eventId().isBlank() ? event.eventId()
                : event.evaluationId() + "@" + event.planVersion();
    }

    /** Records the event's version as kept if it is newer than the kept one; one statement, row locked till commit. */
    private boolean takeIfNewer(PlanPublished event, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into messaging_plan_version as k (evaluation_id, plan_version, event_id, received_at)
                values (?, ?, ?, ?)
                on conflict (evaluation_id) do update set plan_version = excluded.plan_version,
                    event_id = excluded.event_id, received_at = excluded.received_at
                where k.plan_version < excluded.plan_version
                """)) {
            ps.setString(1, event.evaluationId());
            ps.setInt(2, event.planVersion());
            ps.setString(3, key);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record plan version " + event.planVersion() + " of "
                    + event.evaluationId(), e);
        }
    }
}
