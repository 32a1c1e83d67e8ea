package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.Indicator;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.ManagementItem;

/**
 * What to chase first (pure): for every input of a reading that is missing or not yet accepted (an indicator value
 * of one year, or a management item), the ΔEI it would give at the low and at the high end of its allowed range,
 * everything else as it stands, and the swing between them.
 *
 * <p>ΔEI is monotone in each single input (every term is linear in it and then clamped), so the extremes over the
 * range are reached at its two ends: {@code low}/{@code high} are the smaller/larger of ΔEI with the input at its
 * minimum and at its maximum (for a comparison-year value or a lower-is-better indicator the low comes from the top
 * of the range). An indicator value whose other year is missing as well moves nothing (its term needs both years):
 * its swing is 0 until the other year arrives. Sorted by swing, largest first, then by input for a stable order.
 */
public final class ImpactAnalysis {

    public enum Kind { INDICATOR, MANAGEMENT_ITEM }

    public enum State { MISSING, PROVISIONAL }

    /** A unit and task of the plan that owns an input. */
    public record Owner(String department, String task) {
    }

    /** {@code input}: {@code EQI.PATTERN@2024} for a value, the item code for a management item. */
    public record Item(String input, Kind kind, String name, State state, List<Owner> owners, BigDecimal low,
            BigDecimal high, BigDecimal swing) {
    }

    public record Impact(BigDecimal deltaEI, List<Item> items) {
    }

    private final DeltaEiEngine engine;

    public ImpactAnalysis(DeltaEiEngine engine) {
        this.engine = engine;
    }

    /**
     * @param reading   the inputs of the reading asked for, as they stand
     * @param accepted  the inputs of the confirmed reading (what the bureau has accepted)
     * @param indicatorOwners indicator code → the plan's tasks that carry it; {@code itemOwners} likewise for items
     */
    public Impact analyse(ScoreInputs reading, ScoreInputs accepted, Map<String, List<Owner>> indicatorOwners,
            Map<String, List<Owner>> itemOwners) {
        List<Item> items = new ArrayList<>();
        for (Indicator indicator : IndicatorCatalogue.indicators()) {
            for (int year : List.of(reading.evaluationYear(), reading.comparisonYear())) {
                ValueKey key = new ValueKey(indicator.code(), year);
                State state = accepted.values().containsKey(key) ? null
                        : reading.values().containsKey(key) ? State.PROVISIONAL : State.MISSING;
                if (state == null) {
                    continue;
                }
                BigDecimal atMin = deltaEI(withValue(reading, key, indicator.min()));
                BigDecimal atMax = deltaEI(withValue(reading, key, indicator.max()));
                items.add(item(indicator.code() + "@" + year, Kind.INDICATOR, indicator.name() + "（" + year + "年）",
                        state, indicatorOwners.getOrDefault(indicator.code(), List.of()), atMin, atMax));
            }
        }
        for (ManagementItem mi : IndicatorCatalogue.managementItems()) {
            State state = accepted.managementScores().containsKey(mi.code()) ? null
                    : reading.managementScores().containsKey(mi.code()) ? State.PROVISIONAL : State.MISSING;
            if (state == null) {
                continue;
            }
            BigDecimal atMin = deltaEI(withScore(reading, mi.code(), IndicatorCatalogue.MANAGEMENT_SCORE_MIN));
            BigDecimal atMax = deltaEI(withScore(reading, mi.code(), IndicatorCatalogue.MANAGEMENT_SCORE_MAX));
            items.add(item(mi.code(), Kind.MANAGEMENT_ITEM, mi.name(), state,
                    itemOwners.getOrDefault(mi.code(), List.of()), atMin, atMax));
        }
        items.sort(Comparator.comparing(Item::swing).reversed().thenComparing(Item::input));
        return new Impact(deltaEI(reading), List.copyOf(items));
    }

    private static Item item(String input, Kind kind, String name, State state, List<Owner> owners, BigDecimal a,
            BigDecimal b) {
        BigDecimal low = a.min(b);
        BigDecimal high = a.max(b);
        return new Item(input, kind, name, state, List.copyOf(owners), low, high,
                Decimals.clean(high.subtract(low, Decimals.MC)));
    }

    private BigDecimal deltaEI(ScoreInputs inputs) {
        return engine.fullRecompute(inputs).deltaEI();
    }

    private static ScoreInputs withValue(ScoreInputs in, ValueKey key, BigDecimal value) {
        Map<ValueKey, BigDecimal> values = new LinkedHashMap<>(in.values());
        values.put(key, value);
        return new ScoreInputs(in.evaluationYear(), in.comparisonYear(), values, in.managementScores(), in.patches(),
                in.events());
    }

    private static ScoreInputs withScore(ScoreInputs in, String item, BigDecimal score) {
        Map<String, BigDecimal> scores = new LinkedHashMap<>(in.managementScores());
        scores.put(item, score);
        return new ScoreInputs(in.evaluationYear(), in.comparisonYear(), in.values(), scores, in.patches(),
                in.events());
    }
}
