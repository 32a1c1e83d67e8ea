package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One computed reading of ΔEI (the fields of the score API, architecture.md). Every decimal carries its full
 * value (trailing zeros stripped) except {@code deltaEIRounded}, which has exactly the grading scale (2).
 *
 * @param deltaEI           ΔEI = ΔEI′ + EM′管理 + EM′遥感 + EM′事件, full decimal value
 * @param deltaEIRounded    ΔEI rounded half-up to 2 decimals; the grade is read from it
 * @param grade             the Chinese grade name; the veto grade when {@code veto}
 * @param bandGrade         the grade of {@code deltaEIRounded} alone, before any veto
 * @param rollup            变好 / 基本稳定 / 变差 of {@code grade}
 * @param veto              an event that vetoes (EXTRAORDINARY emergency) counts
 * @param eqi               EQI of the evaluation year, when computable (the whole index, or all sub-indices); else null
 * @param eqiClass          its class (一类..五类), or null
 * @param complete          nothing is missing
 * @param missing           indicator codes whose value is missing in either year (see {@link DeltaEiEngine})
 * @param parameterStatuses the statuses of the parameter groups the result depended on
 * @param parametersUsed    those parameter groups with their statuses
 */
public record ScoreResult(String methodology, int evaluationYear, int comparisonYear, BigDecimal deltaEI,
        BigDecimal deltaEIRounded, String grade, String bandGrade, String rollup, boolean veto, Technical technical,
        Management management, RemoteSensing remoteSensing, Events events, BigDecimal eqi, String eqiClass,
        boolean complete, List<String> missing, Set<ParameterStatus> parameterStatuses,
        Map<ParameterGroup, ParameterStatus> parametersUsed) {

    /** Which data ΔEQI was computed from. */
    public enum EqiBasis {
        /** {@code EQI.VALUE} present in both years. */
        WHOLE_INDEX,
        /** The weighted sub-indices present in both years. */
        SUB_INDICES
    }

    /** ΔEI′ = 0.6·ΔEQI + 0.4·ΔEnv. */
    public record Technical(BigDecimal deltaEQI, BigDecimal deltaEnv, BigDecimal value, EqiBasis eqiBasis) {
    }

    /** EM′管理 (clamped), its unclamped value, the mean score per category (methodology order), items scored. */
    public record Management(BigDecimal value, BigDecimal raw, Map<String, BigDecimal> categories, int scoredItems) {
        public Management {
            categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        }
    }

    /** EM′遥感 (clamped), the unclamped sum, the patches that counted and all patches. */
    public record RemoteSensing(BigDecimal value, BigDecimal raw, int countedPatches, int patches) {
    }

    /** EM′事件 (clamped), the unclamped sum, the number of events and of vetoing events. */
    public record Events(BigDecimal value, BigDecimal raw, int count, int vetoEvents) {
    }

    public ScoreResult {
        missing = List.copyOf(missing);
        parameterStatuses = parameterStatuses.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(parameterStatuses));
        EnumMap<ParameterGroup, ParameterStatus> used = new EnumMap<>(ParameterGroup.class);
        used.putAll(parametersUsed);
        parametersUsed = Collections.unmodifiableMap(used);
    }

    /** {@code parameterStatuses} as the API writes them: lower-case, in the order seed, confirmed, inferred, assumed. */
    public List<String> parameterStatusLabels() {
        return parameterStatuses.stream().map(ParameterStatus::label).toList();
    }
}
