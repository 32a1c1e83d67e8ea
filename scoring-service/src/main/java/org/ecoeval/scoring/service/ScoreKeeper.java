package org.ecoeval.scoring.service;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.ScoreChanged;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.scoring.domain.DeltaEiEngine;
import org.ecoeval.scoring.domain.Decimals;
import org.ecoeval.scoring.domain.ScoreResult;
import org.ecoeval.scoring.domain.ScoreTerms;
import org.ecoeval.scoring.domain.SubmissionInputs;
import org.ecoeval.scoring.domain.ValueKey;
import org.ecoeval.scoring.persistence.HistoryStore;
import org.ecoeval.scoring.persistence.HistoryStore.Cause;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.ScoreState;
import org.ecoeval.scoring.persistence.ScoreStateStore;
import org.ecoeval.scoring.persistence.SlotCandidate;
import org.ecoeval.scoring.persistence.SlotCandidate.Kind;
import org.ecoeval.scoring.persistence.SlotCandidate.Slot;
import org.ecoeval.scoring.persistence.SlotCandidate.Winner;
import org.ecoeval.scoring.persistence.StoredPlan;
import org.ecoeval.scoring.persistence.StoredSubmission;
import org.ecoeval.scoring.persistence.SubmissionStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps the two readings of an evaluation's score current, one submission at a time, inside the transaction of
 * the event (the caller holds the evaluation's lock).
 *
 * <p>The state of a reading is persisted per term: every candidate a counting submission offers to a slot (an
 * indicator-year, a management item, a patch id, an event id), the winner of each slot, and the running unclamped
 * sums of the winning patches' contributions and events' deductions. An event withdraws what the submission's
 * previous state offered and adds what its new state offers, re-decides only the slots so touched, moves the sums
 * from old to new winners, and evaluates the engine on the terms ({@link ScoreTerms}: at most 20 values and 18 item
 * scores). Nothing on this path reads other submissions, so its cost does not grow with their number.
 */
@ApplicationScoped
public class ScoreKeeper {

    @Inject
    Engines engines;
    @Inject
    ScoreStateStore store;
    @Inject
    SubmissionStore submissions;
    @Inject
    HistoryStore history;
    @Inject
    Outbox outbox;
    /** eco.scores; another topic only for the bench's replay into a second service. */
    @ConfigProperty(name = "ecoeval.scoring.scores-topic", defaultValue = Topics.SCORES)
    String scoresTopic;
    @Inject
    ObjectMapper mapper;

    /** What caused a change: for history and ScoreChanged. */
    public record CauseOf(Cause cause, String submissionId, String eventId, String eventType) {
    }

    /** Applies one submission's change of state ({@code before} → {@code after}) to both readings. */
    public void apply(Connection c, StoredPlan plan, StoredSubmission before, StoredSubmission after, CauseOf cause)
            throws SQLException {
        DeltaEiEngine engine = engines.of(plan.methodology());
        List<SlotCandidate> offeredBefore = before == null ? List.of() : candidates(before, plan, engine);
        List<SlotCandidate> offeredAfter = candidates(after, plan, engine);
        for (Reading reading : Reading.values()) {
            List<SlotCandidate> was = before != null && before.countsIn(reading) ? offeredBefore : List.of();
            List<SlotCandidate> now = after.countsIn(reading) ? offeredAfter : List.of();
            if (was.isEmpty() && now.isEmpty() && store.state(c, plan.evaluationId(), reading).isPresent()) {
                continue;
            }
            ScoreState state = store.state(c, plan.evaluationId(), reading)
                    .orElseGet(() -> emptyState(plan, reading));
            state = change(c, state, was, now);
            evaluate(c, engine, plan, state, cause);
        }
    }

    /**
     * Builds both readings from every stored submission of the evaluation (a plan arrived, or changed the
     * methodology or the years; or a recompute found a difference). O(stored submissions), not on the per-event
     * path.
     */
    public void rebuild(Connection c, StoredPlan plan, CauseOf cause) throws SQLException {
        DeltaEiEngine engine = engines.of(plan.methodology());
        String evaluationId = plan.evaluationId();
        store.clear(c, evaluationId);
        List<SlotCandidate> provisional = new ArrayList<>();
        List<SlotCandidate> confirmed = new ArrayList<>();
        String after = "";
        while (true) {
            List<StoredSubmission> page = submissions.page(c, evaluationId, after, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (StoredSubmission s : page) {
                List<SlotCandidate> offered = candidates(s, plan, engine);
                if (s.countsIn(Reading.PROVISIONAL)) {
                    provisional.addAll(offered);
                }
                if (s.countsIn(Reading.CONFIRMED)) {
                    confirmed.addAll(offered);
                }
            }
            store.addCandidates(c, evaluationId, Reading.PROVISIONAL, provisional);
            store.addCandidates(c, evaluationId, Reading.CONFIRMED, confirmed);
            provisional.clear();
            confirmed.clear();
            after = page.get(page.size() - 1).submissionId();
        }
        for (Reading reading : Reading.values()) {
            ScoreStateStore.Sums sums = store.rebuildWinners(c, evaluationId, reading);
            ScoreState previous = store.state(c, evaluationId, reading).orElse(null);
            ScoreState base = emptyState(plan, reading);
            if (previous != null) {
                base = base.withResult(previous.deltaEI(), previous.deltaEIRounded(), previous.grade(), previous.veto(),
                        previous.complete(), previous.resultJson(), previous.lastEventId());
            }
            evaluate(c, engine, plan, base.withSums(sums.patchSum(), sums.countedPatches(), sums.patches(),
                    sums.eventSum(), sums.events(), sums.vetoEvents()), cause);
        }
    }

    /** The incremental state's current result, evaluated afresh from the persisted terms. */
    public ScoreResult incrementalResult(Connection c, StoredPlan plan, Reading reading) throws SQLException {
        ScoreState state = store.state(c, plan.evaluationId(), reading).orElseGet(() -> emptyState(plan, reading));
        return engines.of(plan.methodology()).evaluate(terms(c, state));
    }

    /** What a stored submission contributes to the engine's reference (full) computation. */
    public static SubmissionInputs inputs(StoredSubmission s, StoredPlan plan) {
        return new SubmissionInputs(s.submissionId(), s.version(), s.submittedAt(), s.reviewedAt(),
                countedValues(s, plan), s.managementScores(), s.patches(), s.events());
    }

    // ---- per-term maintenance ----

    private ScoreState change(Connection c, ScoreState state, List<SlotCandidate> was, List<SlotCandidate> now)
            throws SQLException {
        Map<Slot, SlotCandidate> before = bySlot(was);
        Map<Slot, SlotCandidate> after = bySlot(now);
        List<SlotCandidate> removed = new ArrayList<>();
        List<SlotCandidate> added = new ArrayList<>();
        Set<Slot> touched = new LinkedHashSet<>();
        before.forEach((slot, k) -> {
            if (!k.sameOffer(after.get(slot))) {
                removed.add(k);
                touched.add(slot);
            }
        });
        after.forEach((slot, k) -> {
            if (!k.sameOffer(before.get(slot))) {
                added.add(k);
                touched.add(slot);
            }
        });
        String evaluationId = state.evaluationId();
        store.removeCandidates(c, evaluationId, state.reading(), removed);
        store.addCandidates(c, evaluationId, state.reading(), added);

        BigDecimal patchSum = state.patchSum();
        int counted = state.countedPatches();
        int patches = state.patches();
        BigDecimal eventSum = state.eventSum();
        int events = state.events();
        int vetoes = state.vetoEvents();
        for (Slot slot : touched) {
            Winner old = store.winner(c, evaluationId, state.reading(), slot).orElse(null);
            Winner neu = store.leadingCandidate(c, evaluationId, state.reading(), slot).orElse(null);
            if (old == null && neu == null || old != null && old.sameAs(neu)) {
                continue;
            }
            store.setWinner(c, evaluationId, state.reading(), slot, neu);
            if (slot.kind() == Kind.PATCH) {
                if (old != null) {
                    patches--;
                    if (old.counts()) {
                        counted--;
                        patchSum = patchSum.subtract(old.amount(), Decimals.MC);
                    }
                }
                if (neu != null) {
                    patches++;
                    if (neu.counts()) {
                        counted++;
                        patchSum = patchSum.add(neu.amount(), Decimals.MC);
                    }
                }
            } else if (slot.kind() == Kind.EVENT) {
                if (old != null) {
                    events--;
                    vetoes -= old.veto() ? 1 : 0;
                    eventSum = eventSum.subtract(old.amount(), Decimals.MC);
                }
                if (neu != null) {
                    events++;
                    vetoes += neu.veto() ? 1 : 0;
                    eventSum = eventSum.add(neu.amount(), Decimals.MC);
                }
            }
        }
        return state.withSums(patchSum, counted, patches, eventSum, events, vetoes);
    }

    /** Evaluates the engine on the reading's terms, saves the state, and records a change of the score. */
    private void evaluate(Connection c, DeltaEiEngine engine, StoredPlan plan, ScoreState state, CauseOf cause)
            throws SQLException {
        ScoreResult result = engine.evaluate(terms(c, state));
        String json;
        try {
            json = mapper.writeValueAsString(ScoreViews.of(plan.evaluationId(), state.reading(), plan, result, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the score as JSON", e);
        }
        ScoreState next = state.withResult(result.deltaEI(), result.deltaEIRounded(), result.grade(), result.veto(),
                result.complete(), json, cause.eventId() != null ? cause.eventId() : state.lastEventId());
        store.save(c, next);

        boolean first = state.deltaEI() == null;
        boolean valueChanged = first || state.deltaEI().compareTo(result.deltaEI()) != 0
                || !state.grade().equals(result.grade()) || state.veto() != result.veto();
        boolean publishable = first || state.deltaEIRounded().compareTo(result.deltaEIRounded()) != 0
                || !state.grade().equals(result.grade());
        Instant now = Instant.now();
        if (valueChanged) {
            history.append(c, new HistoryStore.Entry(0, plan.evaluationId(), state.reading(), now, result.deltaEI(),
                    result.deltaEIRounded(), result.grade(), state.deltaEI(), state.grade(), result.veto(),
                    result.complete(), cause.cause(), cause.submissionId(), cause.eventId(), cause.eventType()));
        }
        if (publishable) {
            ScoreChanged event = new ScoreChanged(UUID.randomUUID().toString(), plan.evaluationId(),
                    state.reading().label(), result.deltaEI(), result.deltaEIRounded(), result.grade(),
                    first ? null : state.grade(), cause.eventId(), now);
            try {
                outbox.append(new OutboxMessage(scoresTopic, plan.evaluationId(), event.eventId(), ScoreChanged.TYPE,
                        mapper.writeValueAsString(event)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write ScoreChanged as JSON", e);
            }
        }
    }

    private ScoreTerms terms(Connection c, ScoreState state) throws SQLException {
        Map<ValueKey, BigDecimal> values = new LinkedHashMap<>();
        Map<String, BigDecimal> scores = new LinkedHashMap<>();
        for (ScoreStateStore.Term t : store.terms(c, state.evaluationId(), state.reading())) {
            if (t.kind() == Kind.VALUE) {
                int at = t.key().lastIndexOf('@');
                values.put(new ValueKey(t.key().substring(0, at), Integer.parseInt(t.key().substring(at + 1))),
                        t.amount());
            } else {
                scores.put(t.key(), t.amount());
            }
        }
        return new ScoreTerms(state.evaluationYear(), state.comparisonYear(), values, scores, state.patchSum(),
                state.countedPatches(), state.patches(), state.eventSum(), state.events(), state.vetoEvents());
    }

    private static ScoreState emptyState(StoredPlan plan, Reading reading) {
        return new ScoreState(plan.evaluationId(), reading, plan.methodology(), plan.evaluationYear(),
                plan.comparisonYear(), BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, 0, 0, null, null, null, false, false,
                null, null);
    }

    /** Every offer a submission makes, one per slot (a later entry for the same slot replaces an earlier one). */
    List<SlotCandidate> candidates(StoredSubmission s, StoredPlan plan, DeltaEiEngine engine) {
        Map<Slot, SlotCandidate> out = new LinkedHashMap<>();
        String id = s.submissionId();
        for (IndicatorValue v : countedValues(s, plan)) {
            put(out, new SlotCandidate(Kind.VALUE, v.indicator() + "@" + v.year(), id, s.submittedAt(), v.value(), true,
                    false, null));
        }
        Instant reviewed = s.reviewedAt() != null ? s.reviewedAt() : s.submittedAt();
        s.managementScores().forEach((item, score) -> put(out,
                new SlotCandidate(Kind.SCORE, item, id, reviewed, score, true, false, null)));
        for (Patch p : s.patches()) {
            put(out, new SlotCandidate(Kind.PATCH, p.patchId(), id, s.submittedAt(), engine.patchContribution(p),
                    engine.patchCounts(p), false, json(p)));
        }
        for (EnvironmentalEvent e : s.events()) {
            put(out, new SlotCandidate(Kind.EVENT, e.eventId(), id, s.submittedAt(), engine.eventDeduction(e), true,
                    engine.vetoes(e), json(e)));
        }
        return new ArrayList<>(out.values());
    }

    /** Values of the evaluation and the comparison year only: no other year can count. */
    private static List<IndicatorValue> countedValues(StoredSubmission s, StoredPlan plan) {
        return s.values().stream()
                .filter(v -> v.year() == plan.evaluationYear() || v.year() == plan.comparisonYear()).toList();
    }

    private static void put(Map<Slot, SlotCandidate> out, SlotCandidate k) {
        out.remove(k.slot()); // keep the later entry, in its place
        out.put(k.slot(), k);
    }

    private static Map<Slot, SlotCandidate> bySlot(List<SlotCandidate> list) {
        Map<Slot, SlotCandidate> out = new LinkedHashMap<>();
        list.forEach(k -> out.put(k.slot(), k));
        return out;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
