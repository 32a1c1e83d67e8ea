package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;

/** Shared test data: mee-2022, evaluation year 2024 against 2023, and the worked example of methodology.md. */
final class Fixtures {
    static final int E = 2024;
    static final int C = 2023;
    static final Methodology MEE_2022 = Methodology.load("mee-2022");
    static final DeltaEiEngine ENGINE = new DeltaEiEngine(MEE_2022);

    static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    static ScoreInputs.Builder inputs() {
        return ScoreInputs.builder(E, C);
    }

    /** The worked example of methodology.md, as resolved inputs. */
    static ScoreInputs workedExample() {
        return inputs()
                .values("EQI.PATTERN", "61", "60")
                .values("EQI.FUNCTION", "52", "50")
                .values("EQI.BIODIVERSITY", "40", "40")
                .values("EQI.STRESS", "18", "20")
                .values("ENV.WATER.CLASS_III_RATIO", "85", "80")
                .values("ENV.AIR.GOOD_DAYS_RATIO", "90", "88")
                .score("PROTECT.RESTORATION", "1")
                .score("PROTECT.RED_LINE", "0.5")
                .score("LIVING.SEWAGE", "-0.5")
                .patch("2", PatchDirection.IMPROVED, true)
                .patch("5", PatchDirection.DEGRADED, false)
                .emergency(Severity.GENERAL)
                .build();
    }

    /** A result whose ΔEI is exactly {@code deltaEI} (|ΔEI| ≤ 8): ΔEI′ = 0.4·0.2·ΔCLASS_III_RATIO = 0.08·d. */
    static ScoreResult resultWithDeltaEI(String deltaEI) {
        BigDecimal d = dec(deltaEI).multiply(dec("12.5"));
        String e = d.signum() >= 0 ? d.toPlainString() : "0";
        String c = d.signum() >= 0 ? "0" : d.negate().toPlainString();
        ScoreResult r = ENGINE.fullRecompute(inputs().values("ENV.WATER.CLASS_III_RATIO", e, c).build());
        Assertions.assertThat(r.deltaEI()).isEqualByComparingTo(deltaEI);
        return r;
    }

    static Instant at(long seconds) {
        return Instant.ofEpochSecond(1_700_000_000L + seconds);
    }

    static IndicatorValue value(String indicator, int year, String value) {
        return new IndicatorValue(indicator, year, dec(value));
    }

    static Patch patch(String id, String area, PatchDirection direction, boolean verified) {
        return new Patch(id, dec(area), direction, "test", verified);
    }

    static EnvironmentalEvent emergency(String id, Severity severity) {
        return new EnvironmentalEvent(id, EventKind.ENVIRONMENTAL_EMERGENCY, severity, LocalDate.of(E, 6, 2));
    }

    static EnvironmentalEvent problem(String id) {
        return new EnvironmentalEvent(id, EventKind.ECOLOGICAL_PROBLEM, null, LocalDate.of(E, 6, 2));
    }

    static SubmissionInputs submission(String id, int version, long submittedAt, List<IndicatorValue> values) {
        return new SubmissionInputs(id, version, at(submittedAt), null, values, Map.of(), List.of(), List.of());
    }

    private Fixtures() {
    }
}
