package org.ecoeval.scoring.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The score of one reading of an evaluation (architecture.md, scoring-service): the contract's fields
 * ({@code deltaEI}, {@code deltaEIRounded}, {@code grade}, {@code rollup}, {@code veto}, {@code technical},
 * {@code management}, {@code remoteSensing}, {@code events}, {@code complete}, {@code missing},
 * {@code parameterStatuses}, {@code basis}) and a few added ones. Until the evaluation's plan has arrived there is
 * no methodology to compute with: the numbers are then null and {@code pending} says why, while {@code basis}
 * already counts the events taken in.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScoreView(String evaluationId, String reading, String methodology, Integer planVersion,
        Integer evaluationYear, Integer comparisonYear, BigDecimal deltaEI, BigDecimal deltaEIRounded, String grade,
        String bandGrade, String rollup, Boolean veto, Technical technical, Management management,
        RemoteSensing remoteSensing, Events events, BigDecimal eqi, String eqiClass, boolean complete,
        List<String> missing, List<String> parameterStatuses, Map<String, String> parametersUsed, Basis basis,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pending) {

    public ScoreView withBasis(Basis newBasis) {
        return new ScoreView(evaluationId, reading, methodology, planVersion, evaluationYear, comparisonYear, deltaEI,
                deltaEIRounded, grade, bandGrade, rollup, veto, technical, management, remoteSensing, events, eqi,
                eqiClass, complete, missing, parameterStatuses, parametersUsed, newBasis, pending);
    }

    /** ΔEI′ = 0.6·ΔEQI + 0.4·ΔEnv; {@code eqiBasis}: WHOLE_INDEX or SUB_INDICES. */
    public record Technical(BigDecimal deltaEQI, BigDecimal deltaEnv, BigDecimal value, String eqiBasis) {
    }

    /** EM′管理 (clamped), the unclamped value, the mean score per category, the number of items scored. */
    public record Management(BigDecimal value, BigDecimal raw, Map<String, BigDecimal> categories, int scoredItems) {
    }

    /** EM′遥感 (clamped), the unclamped sum, counted and all patches. */
    public record RemoteSensing(BigDecimal value, BigDecimal raw, int countedPatches, int patches) {
    }

    /** EM′事件 (clamped), the unclamped sum, the number of events and of vetoing events. */
    public record Events(BigDecimal value, BigDecimal raw, int count, int vetoEvents) {
    }

    /**
     * The submission events the score is based on: how many, the last one, its time, and when this service applied
     * it (just before that transaction committed).
     */
    public record Basis(long eventCount, String lastEventId, Instant asOf, Instant appliedAt) {
    }
}
