package org.ecoeval.scoring.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.ecoeval.contracts.ScoreChanged;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.scoring.domain.DeltaEiEngine;
import org.ecoeval.scoring.domain.IncrementalScore;
import org.ecoeval.scoring.domain.ScoreResult;
import org.ecoeval.scoring.domain.SubmissionInputs;
import org.ecoeval.scoring.persistence.EvaluationStore;
import org.ecoeval.scoring.persistence.HistoryStore;
import org.ecoeval.scoring.persistence.HistoryStore.Cause;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.ScoreState;
import org.ecoeval.scoring.persistence.ScoreStateStore;
import org.ecoeval.scoring.persistence.StoredPlan;
import org.ecoeval.scoring.persistence.StoredSubmission;
import org.ecoeval.scoring.persistence.SubmissionStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the two readings of each evaluation's score current through the domain's {@link IncrementalScore}, the engine
 * the property test proves equal to a full recomputation: there is no second implementation.
 *
 * <p>An evaluation's engine state lives in memory ({@link Live}), built once from its stored inputs (cold start, or
 * after another instance, a plan or a recompute changed it) and kept while the stored {@code state_version} is the one
 * it was built at. A poll's events are folded into it in order ({@link Batch#apply}); each event that moves a reading
 * leaves a history row naming it; at the end the batch writes, per evaluation and reading, one state row and, when the
 * rounded value or the grade moved, one ScoreChanged: a handful of statements per batch, none per event. The state is
 * mutated before the transaction commits, so it is marked stale first and only marked current again once the commit
 * succeeded; a rollback drops it.
 */
@ApplicationScoped
public class ScoreKeeper {

    @Inject
    Engines engines;
    @Inject
    ScoreStateStore states;
    @Inject
    SubmissionStore submissions;
    @Inject
    EvaluationStore evaluations;
    @Inject
    HistoryStore history;
    @Inject
    Outbox outbox;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;
    /** eco.scores; another topic only for the bench's replay into a second service. */
    @ConfigProperty(name = "ecoeval.scoring.scores-topic", defaultValue = Topics.SCORES)
    String scoresTopic;
    /** How many evaluations' engine states stay in memory (least recently used leave first; rebuilt when needed). */
    @ConfigProperty(name = "ecoeval.scoring.state-cache-size", defaultValue = "200")
    int cacheSize;

    private Map<String, Live> cache;

    /** What caused a change: for history and ScoreChanged. */
    public record CauseOf(Cause cause, String submissionId, String eventId, String eventType) {
    }

    /** One evaluation's engine state: both readings, their current results and what is stored as served. */
    static final class Live {
        final StoredPlan plan;
        final Map<Reading, IncrementalScore> scores = new EnumMap<>(Reading.class);
        final Map<Reading, ScoreResult> results = new EnumMap<>(Reading.class);
        final Map<Reading, ScoreState> served = new EnumMap<>(Reading.class);
        /** The stored state_version this state equals; -1 while a transaction changes it. */
        volatile long version = -1;

        Live(StoredPlan plan, DeltaEiEngine engine) {
            this.plan = plan;
            for (Reading r : Reading.values()) {
                scores.put(r, new IncrementalScore(engine, plan.evaluationYear(), plan.comparisonYear()));
            }
        }
    }

    private synchronized Map<String, Live> cache() {
        if (cache == null) {
            int max = cacheSize;
            cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Live> eldest) {
                    return size() > max;
                }
            });
        }
        return cache;
    }

    /** Starts folding a batch of events; the caller holds the locks of its evaluations and passes their versions. */
    public Batch batch(Connection c, Map<String, Long> versions) {
        return new Batch(c, versions);
    }

    /** A batch's changes to the scores of the evaluations it touches, folded in memory and written once. */
    public final class Batch {
        private final Connection c;
        private final Map<String, Long> versions;
        private final Map<String, Fold> folds = new LinkedHashMap<>();

        private Batch(Connection c, Map<String, Long> versions) {
            this.c = c;
            this.versions = versions;
        }

        /** Folds one submission's new state into its evaluation's readings (the plan is the evaluation's current). */
        public void apply(StoredPlan plan, StoredSubmission next, CauseOf cause) throws SQLException {
            Fold fold = folds.get(plan.evaluationId());
            if (fold == null) {
                fold = new Fold(plan, current(c, plan, versions.getOrDefault(plan.evaluationId(), 0L)));
                folds.put(plan.evaluationId(), fold);
            }
            fold.apply(next, cause);
        }

        /** Writes what the batch changed; returns the evaluations whose score state changed. */
        public Set<String> write() throws SQLException {
            List<ScoreState> rows = new ArrayList<>();
            List<HistoryStore.Entry> changes = new ArrayList<>();
            List<OutboxMessage> messages = new ArrayList<>();
            Set<String> changed = new TreeSet<>();
            for (Fold fold : folds.values()) {
                if (fold.write(rows, changes, messages)) {
                    changed.add(fold.plan.evaluationId());
                }
            }
            states.saveAll(c, rows);
            history.appendAll(c, changes);
            outbox.append(messages);
            return changed;
        }

        /**
         * Appends the snapshots of the evaluations the batch changed (both readings, with where each evaluation stands
         * after the batch) and keeps the states for after the commit at the versions the batch left; a rollback drops
         * them.
         */
        public void settle(Map<String, EvaluationStore.Standing> after) throws SQLException {
            Map<String, Live> kept = new LinkedHashMap<>();
            Map<String, Long> at = new LinkedHashMap<>(versions);
            List<ScoreState> snapshots = new ArrayList<>();
            Map<String, ScoreStateStore.Basis> bases = new LinkedHashMap<>();
            for (Fold fold : folds.values()) {
                String id = fold.plan.evaluationId();
                kept.put(id, fold.live);
                cache().put(id, fold.live);
                EvaluationStore.Standing standing = after.get(id);
                if (standing != null) {
                    at.put(id, standing.stateVersion());
                    bases.put(id, standing.basis());
                }
                if (!fold.touched.isEmpty()) {
                    snapshots.addAll(fold.live.served.values());
                }
            }
            states.appendSnapshots(c, snapshots, bases);
            afterCommit(kept, at);
        }
    }

    /** One evaluation inside a batch. */
    private final class Fold {
        final StoredPlan plan;
        final Live live;
        final Set<Reading> touched = EnumSet.noneOf(Reading.class);
        final Map<Reading, String> lastEventId = new EnumMap<>(Reading.class);
        final List<HistoryStore.Entry> changes = new ArrayList<>();

        Fold(StoredPlan plan, Live live) {
            this.plan = plan;
            this.live = live;
            live.version = -1; // changed from here on until the commit says otherwise
        }

        void apply(StoredSubmission next, CauseOf cause) {
            SubmissionInputs inputs = inputs(next, plan);
            for (Reading r : Reading.values()) {
                IncrementalScore score = live.scores.get(r);
                boolean changed = next.countsIn(r) ? score.apply(inputs) : score.remove(next.submissionId());
                if (!changed) {
                    continue;
                }
                touched.add(r);
                lastEventId.put(r, cause.eventId());
                ScoreResult before = live.results.get(r);
                ScoreResult after = score.result();
                live.results.put(r, after);
                if (moved(before, after)) {
                    changes.add(entry(r, after, before.deltaEI(), before.grade(), cause));
                }
            }
        }

        /** Adds this evaluation's rows to the batch's; true if any reading changed. */
        boolean write(List<ScoreState> rows, List<HistoryStore.Entry> allChanges, List<OutboxMessage> messages) {
            allChanges.addAll(changes);
            Instant now = Instant.now();
            for (Reading r : touched) {
                ScoreResult result = live.results.get(r);
                ScoreState was = live.served.get(r);
                String eventId = lastEventId.getOrDefault(r, was == null ? null : was.lastEventId());
                ScoreState row = new ScoreState(plan.evaluationId(), r, plan.methodology(), plan.evaluationYear(),
                        plan.comparisonYear(), result.deltaEI(), result.deltaEIRounded(), result.grade(), result.veto(),
                        result.complete(), json(ScoreViews.of(plan.evaluationId(), r, plan, result, null)), eventId);
                rows.add(row);
                boolean publishable = was == null || was.deltaEIRounded().compareTo(result.deltaEIRounded()) != 0
                        || !was.grade().equals(result.grade());
                if (publishable) {
                    ScoreChanged event = new ScoreChanged(UUID.randomUUID().toString(), plan.evaluationId(), r.label(),
                            result.deltaEI(), result.deltaEIRounded(), result.grade(), was == null ? null : was.grade(),
                            eventId, now);
                    // continues the trace of the event that moved the reading last, whatever batch it came in
                    messages.add(new OutboxMessage(scoresTopic, plan.evaluationId(), event.eventId(),
                            ScoreChanged.TYPE, json(event)).causedBy(eventId));
                }
                live.served.put(r, row);
            }
            return !touched.isEmpty();
        }

        HistoryStore.Entry entry(Reading r, ScoreResult after, java.math.BigDecimal previousDeltaEI,
                String previousGrade, CauseOf cause) {
            return new HistoryStore.Entry(0, plan.evaluationId(), r, Instant.now(), after.deltaEI(),
                    after.deltaEIRounded(), after.grade(), previousDeltaEI, previousGrade, after.veto(),
                    after.complete(), cause.cause(), cause.submissionId(), cause.eventId(), cause.eventType());
        }
    }

    /**
     * Builds both readings afresh from every stored submission of the evaluation (a plan arrived or changed the
     * methodology or the years; or a recompute found a difference), writes them and records what moved. O(stored
     * submissions), not on the per-event path. The caller holds the evaluation's lock.
     */
    public void rebuild(Connection c, StoredPlan plan, CauseOf cause) throws SQLException {
        String id = plan.evaluationId();
        Live live = build(c, plan);
        Fold fold = new Fold(plan, live);
        for (Reading r : Reading.values()) {
            ScoreResult result = live.results.get(r);
            ScoreState was = live.served.get(r);
            fold.touched.add(r);
            if (cause.eventId() != null) {
                fold.lastEventId.put(r, cause.eventId());
            }
            if (was == null || was.deltaEI().compareTo(result.deltaEI()) != 0 || !was.grade().equals(result.grade())
                    || was.veto() != result.veto()) {
                fold.changes.add(fold.entry(r, result, was == null ? null : was.deltaEI(),
                        was == null ? null : was.grade(), cause));
            }
        }
        List<ScoreState> rows = new ArrayList<>();
        List<HistoryStore.Entry> changes = new ArrayList<>();
        List<OutboxMessage> messages = new ArrayList<>();
        fold.write(rows, changes, messages);
        states.saveAll(c, rows);
        history.appendAll(c, changes);
        outbox.append(messages);
        long version = evaluations.bumpStateVersion(c, id);
        states.appendSnapshots(c, live.served.values(), Map.of(id, evaluations.standing(c, id).basis()));
        cache().put(id, live);
        afterCommit(Map.of(id, live), Map.of(id, version));
    }

    /**
     * The incremental engine's current result of a reading, for the recompute's comparison: the state in memory if it
     * is current, else one built from the stored inputs by the same engine. The caller holds the evaluation's lock.
     */
    public ScoreResult incrementalResult(Connection c, StoredPlan plan, Reading reading) throws SQLException {
        return current(c, plan, evaluations.stateVersion(c, plan.evaluationId())).results.get(reading);
    }

    /** What a stored submission contributes to the engine (incremental and full alike). */
    public static SubmissionInputs inputs(StoredSubmission s, StoredPlan plan) {
        return new SubmissionInputs(s.submissionId(), s.version(), s.submittedAt(), s.reviewedAt(),
                countedValues(s, plan), s.managementScores(), s.patches(), s.events());
    }

    /** The evaluation's state in memory if it equals the stored one, else built from the stored inputs. */
    private Live current(Connection c, StoredPlan plan, long version) throws SQLException {
        Live cached = cache().get(plan.evaluationId());
        if (cached != null && cached.version == version && !plan.scoresDifferentlyFrom(cached.plan)) {
            return cached;
        }
        Live live = build(c, plan);
        live.version = version;
        cache().put(plan.evaluationId(), live);
        return live;
    }

    private Live build(Connection c, StoredPlan plan) throws SQLException {
        // an operator watching a replay sees when the cache (ecoeval.scoring.state-cache-size) is too small for it
        registry.counter("ecoeval.scoring.state.builds").increment();
        Live live = new Live(plan, engines.of(plan.methodology()));
        submissions.forEach(c, plan.evaluationId(), s -> {
            SubmissionInputs inputs = inputs(s, plan);
            for (Reading r : Reading.values()) {
                if (s.countsIn(r)) {
                    live.scores.get(r).apply(inputs);
                }
            }
        });
        for (Reading r : Reading.values()) {
            live.results.put(r, live.scores.get(r).result());
            states.state(c, plan.evaluationId(), r).ifPresent(s -> live.served.put(r, s));
        }
        return live;
    }

    /** Marks the states current at the given versions once the transaction commits; drops them if it rolls back. */
    private void afterCommit(Map<String, Live> states, Map<String, Long> versions) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                states.forEach((id, live) -> {
                    if (status == Status.STATUS_COMMITTED) {
                        live.version = versions.getOrDefault(id, -1L);
                    } else {
                        cache().remove(id, live);
                    }
                });
            }
        });
    }

    private static boolean moved(ScoreResult before, ScoreResult after) {
        return before == null || before.deltaEI().compareTo(after.deltaEI()) != 0 || !before.grade().equals(after.grade())
                || before.veto() != after.veto();
    }

    /** Values of the evaluation and the comparison year only: no other year can count. */
    private static List<IndicatorValue> countedValues(StoredSubmission s, StoredPlan plan) {
        List<IndicatorValue> values = s.values();
        for (int i = 0; i < values.size(); i++) {
            if (!counts(values.get(i), plan)) {
                // the rare submission with another year's values: those are left out
                return values.stream().filter(v -> counts(v, plan)).toList();
            }
        }
        return values; // on the per-event path: most submissions have only counting values, so no copy
    }

    private static boolean counts(IndicatorValue v, StoredPlan plan) {
        return v.year() == plan.evaluationYear() || v.year() == plan.comparisonYear();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
