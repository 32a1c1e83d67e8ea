package org.ecoeval.scoring.domain;

import static org.ecoeval.scoring.domain.Decimals.MC;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;

/**
 * The score of one reading (provisional or confirmed) of one evaluation, kept up to date one submission at a time.
 *
 * <h2>Incremental design</h2>
 * The state holds, per submission, what it contributes ({@link SubmissionInputs}), and per slot the candidates that
 * fill it, ordered by precedence (see {@link SubmissionInputs}: latest submitted wins for values, patches and events;
 * latest review wins for management scores; ties by submission id):
 * <ul>
 * <li>indicator-year → candidates (the winner is read at {@link #result()} time: at most indicators × 2 slots);</li>
 * <li>management item → candidates (at most the catalogue's 18 items);</li>
 * <li>patch id → candidates, plus the <em>raw</em> running sum of the winners' contributions and counts;</li>
 * <li>event id → candidates, plus the raw running sum of the winners' deductions, the count and the veto count.</li>
 * </ul>
 * {@link #apply(SubmissionInputs)} withdraws the submission's previous contribution and adds the new one: the cost
 * is O(size of that submission × log(candidates per slot)), independent of the number of stored submissions. A
 * running sum changes only when a slot's winner changes, by subtracting the old winner's contribution and adding
 * the new one. The sums are never clamped: {@link DeltaEiEngine#evaluate(ScoreTerms)} clamps them in
 * {@link #result()}, which costs O(indicators + management items).
 *
 * <h2>Versions and order of arrival</h2>
 * A submission is replaced only by the same or a newer version; an older version arriving late is ignored
 * ({@code apply} returns false). {@link #remove(String, int)} (a submission returned, or no longer counting in this
 * reading) remembers the removed version, so a redelivered older or equal version does not bring it back, while a
 * newer version (resubmission) does. The state therefore converges to the same result whatever the order, and at any
 * moment {@link #result()} equals {@link #fullRecompute()} (exactly, for inputs of up to ~30 significant digits: the
 * sums are DECIMAL128 and decimal additions of that size are exact).
 *
 * <p>Not thread-safe: one evaluation's events are applied in order by one consumer (Kafka key = evaluation id). A
 * service that persists the state can store the {@link #submissions()} and rebuild with {@code apply} (O(n), once),
 * or persist {@link #terms()}-like rows; {@link #fullRecompute()} is the check for either.
 */
public final class IncrementalScore {

    private final DeltaEiEngine engine;
    private final int evaluationYear;
    private final int comparisonYear;

    private final Map<String, SubmissionInputs> submissions = new LinkedHashMap<>();
    private final Map<String, Integer> removedVersions = new HashMap<>();

    private final Map<ValueKey, TreeMap<Precedence, BigDecimal>> values = new HashMap<>();
    private final Map<String, TreeMap<Precedence, BigDecimal>> scores = new HashMap<>();
    private final Map<String, TreeMap<Precedence, Patch>> patches = new HashMap<>();
    private final Map<String, TreeMap<Precedence, EnvironmentalEvent>> events = new HashMap<>();
    /** The winner of each value and score slot, kept as the slots change: {@link #terms()} costs one copy of each. */
    private final Map<ValueKey, BigDecimal> winningValues = new LinkedHashMap<>();
    private final Map<String, BigDecimal> winningScores = new LinkedHashMap<>();

    private BigDecimal patchSum = BigDecimal.ZERO;
    private int countedPatches;
    private BigDecimal eventSum = BigDecimal.ZERO;
    private int vetoEvents;

    public IncrementalScore(DeltaEiEngine engine, int evaluationYear, int comparisonYear) {
        this.engine = Objects.requireNonNull(engine, "engine");
        InputRules.requireYears(evaluationYear, comparisonYear);
        this.evaluationYear = evaluationYear;
        this.comparisonYear = comparisonYear;
    }

    public static IncrementalScore of(Methodology methodology, int evaluationYear, int comparisonYear) {
        return new IncrementalScore(new DeltaEiEngine(methodology), evaluationYear, comparisonYear);
    }

    /**
     * Counts a submission (its current version) in this reading, replacing what an earlier version of it
     * contributed. Validates before changing anything: a value for another year than the evaluation or comparison
     * year throws {@link IllegalArgumentException} and leaves the state as it was.
     *
     * @return false if ignored because a newer version is already counted or an equal or newer one was removed
     */
    public boolean apply(SubmissionInputs submission) {
        for (IndicatorValue v : submission.values()) {
            InputRules.requireYear(v.indicator(), v.year(), evaluationYear, comparisonYear);
        }
        String id = submission.submissionId();
        Integer removed = removedVersions.get(id);
        if (removed != null && submission.version() <= removed) {
            return false;
        }
        SubmissionInputs current = submissions.get(id);
        if (current != null) {
            if (submission.version() < current.version()) {
                return false;
            }
            withdraw(current);
        }
        contribute(submission);
        submissions.put(id, submission);
        return true;
    }

    /**
     * Stops counting a submission up to {@code version} (returned by the bureau, or otherwise no longer counting).
     * Redeliveries of that version or older ones are then ignored by {@link #apply}.
     *
     * @return whether a counted contribution was withdrawn
     */
    public boolean remove(String submissionId, int version) {
        removedVersions.merge(submissionId, version, Math::max);
        SubmissionInputs current = submissions.get(submissionId);
        if (current == null || current.version() > version) {
            return false;
        }
        withdraw(current);
        submissions.remove(submissionId);
        return true;
    }

    /** Stops counting a submission whatever its version, without remembering it. */
    public boolean remove(String submissionId) {
        SubmissionInputs current = submissions.remove(submissionId);
        if (current == null) {
            return false;
        }
        withdraw(current);
        return true;
    }

    /** The current result: O(indicators + management items). */
    public ScoreResult result() {
        return engine.evaluate(terms());
    }

    /** The current sufficient statistics. */
    public ScoreTerms terms() {
        return new ScoreTerms(evaluationYear, comparisonYear, winningValues, winningScores, patchSum, countedPatches,
                patches.size(), eventSum, events.size(), vetoEvents);
    }

    /** The resolved inputs (one winner per slot): O(slots), for inspection and for storing a snapshot. */
    public ScoreInputs inputs() {
        ScoreTerms t = terms();
        return new ScoreInputs(evaluationYear, comparisonYear, t.values(), t.managementScores(),
                patches.values().stream().map(s -> s.lastEntry().getValue()).toList(),
                events.values().stream().map(s -> s.lastEntry().getValue()).toList());
    }

    /** The result recomputed from scratch from the counted submissions (the reference the state must equal). */
    public ScoreResult fullRecompute() {
        return engine.fullRecompute(ScoreInputs.resolve(evaluationYear, comparisonYear, submissions.values()));
    }

    /** The submissions counted, in their current versions. */
    public Collection<SubmissionInputs> submissions() {
        return Collections.unmodifiableCollection(submissions.values());
    }

    public List<String> submissionIds() {
        return List.copyOf(submissions.keySet());
    }

    public DeltaEiEngine engine() {
        return engine;
    }

    public int evaluationYear() {
        return evaluationYear;
    }

    public int comparisonYear() {
        return comparisonYear;
    }

    // ---- slot maintenance ----

    private void contribute(SubmissionInputs s) {
        Precedence content = s.contentPrecedence();
        Precedence review = s.reviewPrecedence();
        s.valuesByKey().forEach((k, v) -> winner(winningValues, k, add(values, k, content, v, null)));
        s.managementScores().forEach((k, v) -> winner(winningScores, k, add(scores, k, review, v, null)));
        s.patchesById().forEach((k, p) -> add(patches, k, content, p, this::adjustPatch));
        s.eventsById().forEach((k, e) -> add(events, k, content, e, this::adjustEvent));
    }

    private void withdraw(SubmissionInputs s) {
        Precedence content = s.contentPrecedence();
        Precedence review = s.reviewPrecedence();
        s.valuesByKey().keySet().forEach(k -> winner(winningValues, k, take(values, k, content, null)));
        s.managementScores().keySet().forEach(k -> winner(winningScores, k, take(scores, k, review, null)));
        s.patchesById().keySet().forEach(k -> take(patches, k, content, this::adjustPatch));
        s.eventsById().keySet().forEach(k -> take(events, k, content, this::adjustEvent));
    }

    /** Records a slot's winner after a change ({@code null}: the slot is empty). */
    private static <K, V> void winner(Map<K, V> winners, K key, V winner) {
        if (winner == null) {
            winners.remove(key);
        } else {
            winners.put(key, winner);
        }
    }

    /**
     * Adds a candidate; if it becomes the slot's winner, moves the running sums from the old winner to it. Returns
     * the slot's winner.
     */
    private static <K, V> V add(Map<K, TreeMap<Precedence, V>> slots, K key, Precedence p, V value,
            BiConsumer<V, Integer> adjust) {
        TreeMap<Precedence, V> slot = slots.computeIfAbsent(key, x -> new TreeMap<>());
        Map.Entry<Precedence, V> before = slot.lastEntry();
        slot.put(p, value);
        if (adjust != null && (before == null || p.compareTo(before.getKey()) > 0)) {
            if (before != null) {
                adjust.accept(before.getValue(), -1);
            }
            adjust.accept(value, +1);
        }
        return slot.lastEntry().getValue();
    }

    /**
     * Removes a candidate; if it was the slot's winner, moves the running sums to the next one (if any). Returns the
     * slot's winner, {@code null} if the slot is empty.
     */
    private static <K, V> V take(Map<K, TreeMap<Precedence, V>> slots, K key, Precedence p,
            BiConsumer<V, Integer> adjust) {
        TreeMap<Precedence, V> slot = slots.get(key);
        if (slot == null) {
            return null;
        }
        boolean wasWinner = slot.lastKey().equals(p);
        V removed = slot.remove(p);
        if (removed == null) {
            return slot.lastEntry().getValue();
        }
        if (adjust != null && wasWinner) {
            adjust.accept(removed, -1);
            if (!slot.isEmpty()) {
                adjust.accept(slot.lastEntry().getValue(), +1);
            }
        }
        if (slot.isEmpty()) {
            slots.remove(key);
            return null;
        }
        return slot.lastEntry().getValue();
    }

    private void adjustPatch(Patch p, int sign) {
        if (engine.patchCounts(p)) {
            BigDecimal c = engine.patchContribution(p);
            patchSum = sign > 0 ? patchSum.add(c, MC) : patchSum.subtract(c, MC);
            countedPatches += sign;
        }
    }

    private void adjustEvent(EnvironmentalEvent e, int sign) {
        BigDecimal d = engine.eventDeduction(e);
        eventSum = sign > 0 ? eventSum.add(d, MC) : eventSum.subtract(d, MC);
        if (engine.vetoes(e)) {
            vetoEvents += sign;
        }
    }
}
