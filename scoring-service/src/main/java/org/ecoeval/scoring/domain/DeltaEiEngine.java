package org.ecoeval.scoring.domain;

import static org.ecoeval.scoring.domain.Decimals.MC;
import static org.ecoeval.scoring.domain.Decimals.clean;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.ManagementItem;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;

/**
 * The ΔEI computation of methodology.md for one {@link Methodology}: pure, stateless, thread-safe, decimal
 * ({@link Decimals#MC DECIMAL128}) throughout.
 *
 * <h2>Two paths, one evaluation</h2>
 * The computation is split so that a service never has to recompute from every submission:
 * <ol>
 * <li>{@link #evaluate(ScoreTerms)} turns the <em>sufficient statistics</em> of a score ({@link ScoreTerms}: the
 * winning value per indicator-year, the winning score per management item, the raw patch sum and the raw event sum
 * with counts) into a {@link ScoreResult}. Its cost is O(indicators + management items), independent of the number
 * of submissions. All clamping (management ±1.5, remote sensing ±0.7, events [−1, 0]) happens here, on the sums.</li>
 * <li>The terms come either from {@link #terms(ScoreInputs)}, which sums every input from scratch (the
 * {@link #fullRecompute(ScoreInputs) full recomputation}), or from an {@link IncrementalScore}, which keeps them up
 * to date by adding and subtracting the contributions ({@link #patchContribution}, {@link #eventDeduction}) of the
 * one submission an event touches.</li>
 * </ol>
 *
 * <h2>Rules where methodology.md is silent</h2>
 * <ul>
 * <li><b>Missing.</b> If {@code EQI.VALUE} is present in both years it alone gives ΔEQI and no EQI code is missing.
 * Otherwise every sub-index not present in both years is listed (EQI.VALUE itself is never listed). Every
 * environmental indicator not present in both years is listed. Codes are listed in methodology order. Management
 * items, patches and events never make a score incomplete (an unscored item counts 0; having no patch or event is a
 * legitimate state).</li>
 * <li><b>EQI of the evaluation year</b> (for the class): {@code EQI.VALUE} of that year if given, otherwise the
 * weighted sub-indices if all are given for that year, otherwise none. The class is read from the EQI rounded as
 * the grade is (2 decimals, half-up).</li>
 * <li><b>Ecological problems</b> deduct their fixed amount whatever severity they carry.</li>
 * <li><b>Parameter statuses</b> are those of the groups the result depended on: always the technical weights, the
 * total, the rounding, the grade bands and the roll-up; the sub-index weights when ΔEQI used at least one
 * sub-index pair (or the class used them); the environmental weights and normalisations when at least one
 * environmental pair is present; the management, remote-sensing and event groups when at least one item score,
 * patch or event counts; the EQI class bands when a class is reported.</li>
 * </ul>
 */
public final class DeltaEiEngine {

    private final Methodology methodology;
    private final Map<String, List<String>> itemsByCategory;

    public DeltaEiEngine(Methodology methodology) {
        this.methodology = Objects.requireNonNull(methodology, "methodology");
        Map<String, List<String>> items = new LinkedHashMap<>();
        for (String category : methodology.management().categoryWeights().keySet()) {
            items.put(category, IndicatorCatalogue.managementItems().stream()
                    .filter(i -> i.category().equals(category)).map(ManagementItem::code).toList());
        }
        this.itemsByCategory = items;
    }

    public Methodology methodology() {
        return methodology;
    }

    /** The reference path: the result computed from scratch from resolved inputs. */
    public ScoreResult fullRecompute(ScoreInputs inputs) {
        return evaluate(terms(inputs));
    }

    /** Sums every input from scratch into the sufficient statistics. */
    public ScoreTerms terms(ScoreInputs inputs) {
        BigDecimal patchSum = BigDecimal.ZERO;
        int counted = 0;
        for (Patch p : inputs.patches()) {
            if (patchCounts(p)) {
                counted++;
                patchSum = patchSum.add(patchContribution(p), MC);
            }
        }
        BigDecimal eventSum = BigDecimal.ZERO;
        int vetoes = 0;
        for (EnvironmentalEvent e : inputs.events()) {
            eventSum = eventSum.add(eventDeduction(e), MC);
            if (vetoes(e)) {
                vetoes++;
            }
        }
        return new ScoreTerms(inputs.evaluationYear(), inputs.comparisonYear(), inputs.values(),
                inputs.managementScores(), patchSum, counted, inputs.patches().size(), eventSum,
                inputs.events().size(), vetoes);
    }

    /** Whether a patch contributes under the rule (verified, unless the methodology counts unverified ones). */
    public boolean patchCounts(Patch p) {
        return p.verified() || methodology.remoteSensing().countUnverified();
    }

    /** ±min(cap, perKm2·area) for a counting patch (+ IMPROVED, − DEGRADED), 0 for one that does not count. */
    public BigDecimal patchContribution(Patch p) {
        if (!patchCounts(p)) {
            return BigDecimal.ZERO;
        }
        Methodology.RemoteSensing rs = methodology.remoteSensing();
        BigDecimal magnitude = rs.capPerPatch().min(rs.perKm2().multiply(p.areaKm2(), MC));
        return p.direction() == PatchDirection.IMPROVED ? magnitude : magnitude.negate();
    }

    /** The (non-positive) deduction of one event. */
    public BigDecimal eventDeduction(EnvironmentalEvent e) {
        return deduction(e).amount();
    }

    /** Whether an event vetoes the evaluation (an EXTRAORDINARY emergency under mee-2022). */
    public boolean vetoes(EnvironmentalEvent e) {
        return deduction(e).veto();
    }

    private Methodology.Deduction deduction(EnvironmentalEvent e) {
        Methodology.Events ev = methodology.events();
        return e.kind() == EventKind.ECOLOGICAL_PROBLEM ? ev.ecologicalProblem() : ev.emergency().get(e.severity());
    }

    /** The grade of a ΔEI (rounded first), ignoring any veto. */
    public String grade(BigDecimal deltaEI) {
        Methodology.Grading g = methodology.grading();
        return g.grade(g.round(deltaEI));
    }

    /** The EQI class of an EQI value (rounded first). */
    public String eqiClass(BigDecimal eqi) {
        return Methodology.classify(methodology.eqiClasses().classes(), methodology.grading().round(eqi));
    }

    /** The result of the sufficient statistics: O(indicators + management items). */
    public ScoreResult evaluate(ScoreTerms t) {
        Set<ParameterGroup> used = EnumSet.of(ParameterGroup.TECHNICAL, ParameterGroup.TOTAL,
                ParameterGroup.GRADE_ROUNDING, ParameterGroup.GRADE_BANDS, ParameterGroup.ROLLUP_NAMES,
                ParameterGroup.ROLLUP_BANDS);
        List<String> missing = new ArrayList<>();
        Map<ValueKey, BigDecimal> values = t.values();
        int e = t.evaluationYear();
        int c = t.comparisonYear();

        // 1. ΔEQI
        Methodology.Ecological eco = methodology.ecological();
        BigDecimal wholeE = values.get(new ValueKey(eco.wholeIndex(), e));
        BigDecimal wholeC = values.get(new ValueKey(eco.wholeIndex(), c));
        BigDecimal deltaEqi;
        ScoreResult.EqiBasis basis;
        if (wholeE != null && wholeC != null) {
            deltaEqi = wholeE.subtract(wholeC, MC);
            basis = ScoreResult.EqiBasis.WHOLE_INDEX;
        } else {
            Difference d = weightedDifference(eco.subIndices(), values, e, c, missing);
            deltaEqi = d.sum();
            basis = ScoreResult.EqiBasis.SUB_INDICES;
            if (d.pairs() > 0) {
                used.add(ParameterGroup.ECOLOGICAL_SUB_INDICES);
            }
        }

        // 2. ΔEnv
        Difference env = weightedDifference(methodology.environmental().terms(), values, e, c, missing);
        if (env.pairs() > 0) {
            used.add(ParameterGroup.ENVIRONMENTAL_WEIGHTS);
            used.add(ParameterGroup.ENVIRONMENTAL_NORMALISATION);
        }

        // 3. ΔEI′
        Methodology.Technical tech = methodology.technical();
        BigDecimal technical = tech.ecologicalWeight().multiply(deltaEqi, MC)
                .add(tech.environmentalWeight().multiply(env.sum(), MC), MC);

        // 4. EM′管理
        Methodology.Management mg = methodology.management();
        Map<String, BigDecimal> categories = new LinkedHashMap<>();
        BigDecimal weighted = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> cat : mg.categoryWeights().entrySet()) {
            List<String> items = itemsByCategory.get(cat.getKey());
            BigDecimal sum = BigDecimal.ZERO;
            for (String item : items) {
                sum = sum.add(t.managementScores().getOrDefault(item, mg.unscoredItemScore()), MC);
            }
            BigDecimal mean = items.isEmpty() ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(items.size()), MC);
            categories.put(cat.getKey(), clean(mean));
            weighted = weighted.add(cat.getValue().multiply(mean, MC), MC);
        }
        BigDecimal managementRaw = mg.scale().multiply(weighted, MC);
        BigDecimal management = mg.range().clamp(managementRaw);
        if (!t.managementScores().isEmpty()) {
            used.add(ParameterGroup.MANAGEMENT_MAPPING);
            used.add(ParameterGroup.MANAGEMENT_RANGE);
        }

        // 5. EM′遥感
        BigDecimal remote = methodology.remoteSensing().range().clamp(t.patchSum());
        if (t.patches() > 0) {
            used.add(ParameterGroup.REMOTE_SENSING_RULE);
            used.add(ParameterGroup.REMOTE_SENSING_RANGE);
        }

        // 6. EM′事件
        BigDecimal events = methodology.events().range().clamp(t.eventSum());
        boolean veto = t.vetoEvents() > 0;
        if (t.events() > 0) {
            used.add(ParameterGroup.EVENTS_TABLE);
            used.add(ParameterGroup.EVENTS_RANGE);
        }

        // 7. ΔEI
        BigDecimal deltaEi = technical.add(management, MC).add(remote, MC).add(events, MC);

        // 8. grade
        Methodology.Grading grading = methodology.grading();
        BigDecimal rounded = grading.round(deltaEi);
        String bandGrade = grading.grade(rounded);
        String grade = veto ? methodology.events().vetoGrade() : bandGrade;

        // 9. EQI class of the evaluation year
        BigDecimal eqi = wholeE;
        if (eqi == null) {
            eqi = subIndexEqi(eco, values, e);
            if (eqi != null) {
                used.add(ParameterGroup.ECOLOGICAL_SUB_INDICES);
            }
        }
        String eqiClass = null;
        if (eqi != null) {
            eqiClass = eqiClass(eqi);
            used.add(ParameterGroup.EQI_CLASS);
        }

        Map<ParameterGroup, ParameterStatus> parametersUsed = new EnumMap<>(ParameterGroup.class);
        Set<ParameterStatus> statuses = EnumSet.noneOf(ParameterStatus.class);
        for (ParameterGroup g : used) {
            parametersUsed.put(g, methodology.status(g));
            statuses.add(methodology.status(g));
        }

        return new ScoreResult(methodology.version(), e, c, clean(deltaEi), rounded, grade, bandGrade,
                grading.rollup(grade), veto,
                new ScoreResult.Technical(clean(deltaEqi), clean(env.sum()), clean(technical), basis),
                new ScoreResult.Management(clean(management), clean(managementRaw), categories,
                        t.managementScores().size()),
                new ScoreResult.RemoteSensing(clean(remote), clean(t.patchSum()), t.countedPatches(), t.patches()),
                new ScoreResult.Events(clean(events), clean(t.eventSum()), t.events(), t.vetoEvents()),
                eqi == null ? null : clean(eqi), eqiClass, missing.isEmpty(), missing, statuses, parametersUsed);
    }

    private record Difference(BigDecimal sum, int pairs) {
    }

    /** Σ w·(N(x_e) − N(x_c)) over the terms present in both years; the others are added to {@code missing}. */
    private static Difference weightedDifference(List<Methodology.WeightedTerm> terms, Map<ValueKey, BigDecimal> values,
            int e, int c, List<String> missing) {
        BigDecimal sum = BigDecimal.ZERO;
        int pairs = 0;
        for (Methodology.WeightedTerm term : terms) {
            BigDecimal xe = values.get(new ValueKey(term.indicator(), e));
            BigDecimal xc = values.get(new ValueKey(term.indicator(), c));
            if (xe == null || xc == null) {
                missing.add(term.indicator());
                continue;
            }
            pairs++;
            BigDecimal change = term.normalisation().apply(xe).subtract(term.normalisation().apply(xc), MC);
            sum = sum.add(term.weight().multiply(change, MC), MC);
        }
        return new Difference(sum, pairs);
    }

    /** Σ w·N(x) over all sub-indices of one year, or null if any is absent. */
    private static BigDecimal subIndexEqi(Methodology.Ecological eco, Map<ValueKey, BigDecimal> values, int year) {
        if (eco.subIndices().isEmpty()) {
            return null;
        }
        BigDecimal eqi = BigDecimal.ZERO;
        for (Methodology.WeightedTerm term : eco.subIndices()) {
            BigDecimal x = values.get(new ValueKey(term.indicator(), year));
            if (x == null) {
                return null;
            }
            eqi = eqi.add(term.weight().multiply(term.normalisation().apply(x), MC), MC);
        }
        return eqi;
    }
}
