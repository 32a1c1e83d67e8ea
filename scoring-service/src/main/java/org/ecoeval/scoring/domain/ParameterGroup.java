package org.ecoeval.scoring.domain;

/**
 * The parameter groups of a methodology file, each with its own {@link ParameterStatus}. The key is the path of
 * the group's object in the file (e.g. {@code management.range}); each such object carries a {@code status}.
 */
public enum ParameterGroup {
    /** EQI sub-index weights and the stress term entering as (100 − I). */
    ECOLOGICAL_SUB_INDICES("ecologicalChange.subIndices"),
    ENVIRONMENTAL_WEIGHTS("environmentalChange.weights"),
    ENVIRONMENTAL_NORMALISATION("environmentalChange.normalisation"),
    /** ΔEI′ = 0.6·ΔEQI + 0.4·ΔEnv. */
    TECHNICAL("technical"),
    /** Category means, category weights and the scale of EM′管理. */
    MANAGEMENT_MAPPING("management.mapping"),
    MANAGEMENT_RANGE("management.range"),
    /** Per-km² contribution, per-patch cap, verified-only rule. */
    REMOTE_SENSING_RULE("remoteSensing.rule"),
    REMOTE_SENSING_RANGE("remoteSensing.range"),
    /** Deduction per severity / problem, and the veto. */
    EVENTS_TABLE("events.table"),
    EVENTS_RANGE("events.range"),
    /** ΔEI = ΔEI′ + EM′管理 + EM′遥感 + EM′事件. */
    TOTAL("total"),
    GRADE_ROUNDING("grading.rounding"),
    GRADE_BANDS("grading.bands"),
    ROLLUP_NAMES("grading.rollup.names"),
    ROLLUP_BANDS("grading.rollup.bands"),
    EQI_CLASS("eqiClass");

    private final String key;

    ParameterGroup(String key) {
        this.key = key;
    }

    /** The dotted path of this group in the methodology file. */
    public String key() {
        return key;
    }
}
