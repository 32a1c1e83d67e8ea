package org.ecoeval.scoring;

import static org.ecoeval.scoring.EventStream.emergency;
import static org.ecoeval.scoring.EventStream.patch;
import static org.ecoeval.scoring.EventStream.value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.ecoeval.contracts.SubmissionEvent;

/**
 * The worked example of methodology.md handed in the way a county does it: six units, a first version with a wrong
 * value that the bureau returns, a corrected second version, a value another unit submitted earlier for the same
 * slot, reviews with management scores. The expected scores are computed here from the rules of methodology.md
 * (weights written out), never read back from the service.
 */
public final class WorkedScenario {
    static final MathContext MC = MathContext.DECIMAL128;
    public static final int YEAR = 2024;
    public static final int COMPARISON = 2023;
    private static final Instant T0 = Instant.parse("2024-09-01T00:00:00Z");

    public final String county = EventStream.freshCounty();
    public final String evaluationId = county + "-" + YEAR;
    /** Every event published, in order (distinct event ids). */
    public final List<SubmissionEvent> published = new ArrayList<>();

    public final EventStream.Submission eeb = new EventStream.Submission(evaluationId, "EEB", T0).values(
            value("EQI.PATTERN", YEAR, "59"), value("EQI.PATTERN", COMPARISON, "60"), // 59: wrong, returned
            value("EQI.FUNCTION", YEAR, "52"), value("EQI.FUNCTION", COMPARISON, "50"),
            value("EQI.BIODIVERSITY", YEAR, "40"), value("EQI.BIODIVERSITY", COMPARISON, "40"),
            value("EQI.STRESS", YEAR, "18"), value("EQI.STRESS", COMPARISON, "20"));
    public final EventStream.Submission wat = new EventStream.Submission(evaluationId, "WAT", T0.plusSeconds(500))
            .values(value("ENV.WATER.CLASS_III_RATIO", YEAR, "83")); // submitted before ENV's 85: loses the slot
    public final EventStream.Submission env = new EventStream.Submission(evaluationId, "ENV", T0.plusSeconds(1000))
            .values(value("ENV.WATER.CLASS_III_RATIO", YEAR, "85"), value("ENV.WATER.CLASS_III_RATIO", COMPARISON, "80"),
                    value("ENV.AIR.GOOD_DAYS_RATIO", YEAR, "90"), value("ENV.AIR.GOOD_DAYS_RATIO", COMPARISON, "88"));
    public final EventStream.Submission rs = new EventStream.Submission(evaluationId, "RS", T0.plusSeconds(2000))
            .patches(patch("P-7", "2.0", PatchDirection.IMPROVED, true), patch("P-8", "5", PatchDirection.DEGRADED, false));
    public final EventStream.Submission gov = new EventStream.Submission(evaluationId, "GOV", T0.plusSeconds(3000))
            .events(emergency("E-1", Severity.GENERAL));
    public final EventStream.Submission fin = new EventStream.Submission(evaluationId, "FIN", T0.plusSeconds(4000));

    public static final Map<String, BigDecimal> FIN_REVIEW = Map.of("PROTECT.RESTORATION", new BigDecimal("1"),
            "PROTECT.RED_LINE", new BigDecimal("0.5"), "LIVING.SEWAGE", new BigDecimal("-0.5"));

    // ---- the rules of methodology.md, written out ----

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** ΔEQI = 0.35·ΔP + 0.35·ΔF + 0.20·ΔB − 0.10·ΔS over the sub-indices present in both years. */
    public static BigDecimal deltaEqi(String pe, String pc, String fe, String fc, String be, String bc, String se,
            String sc) {
        return d("0.35").multiply(d(pe).subtract(d(pc))).add(d("0.35").multiply(d(fe).subtract(d(fc))))
                .add(d("0.20").multiply(d(be).subtract(d(bc)))).subtract(d("0.10").multiply(d(se).subtract(d(sc))));
    }

    /** ΔEnv = Σ 0.2·(N(e) − N(c)); percentages are their own normalisation. */
    public static BigDecimal deltaEnvPercentages(String... pairs) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < pairs.length; i += 2) {
            sum = sum.add(d("0.2").multiply(d(pairs[i]).subtract(d(pairs[i + 1]))));
        }
        return sum;
    }

    /** ΔEI′ = 0.6·ΔEQI + 0.4·ΔEnv. */
    public static BigDecimal technical(BigDecimal deltaEqi, BigDecimal deltaEnv) {
        return d("0.6").multiply(deltaEqi).add(d("0.4").multiply(deltaEnv));
    }

    /** EM′管理 = 1.5·Σ 0.2·mean(category items), unscored items 0; PROTECT and LIVING have four items each. */
    public static BigDecimal management() {
        BigDecimal protect = d("1").add(d("0.5")).divide(d("4"), MC);
        BigDecimal living = d("-0.5").divide(d("4"), MC);
        return d("1.5").multiply(d("0.2").multiply(protect).add(d("0.2").multiply(living)));
    }

    /** A verified 2 km² improved patch: +min(0.35, 0.1·2); the unverified one counts nothing. */
    public static BigDecimal remoteSensing() {
        return d("0.35").min(d("0.1").multiply(d("2.0")));
    }

    /** One GENERAL emergency: −0.1. */
    public static BigDecimal eventsTerm() {
        return d("-0.1");
    }

    public static final BigDecimal EQI_V1 = deltaEqi("59", "60", "52", "50", "40", "40", "18", "20");
    public static final BigDecimal EQI_V2 = deltaEqi("61", "60", "52", "50", "40", "40", "18", "20");
    public static final BigDecimal ENV = deltaEnvPercentages("85", "80", "90", "88");

    /** Everything counts in the provisional reading at the end: the worked example, 1.485. */
    public static final BigDecimal FINAL_PROVISIONAL = technical(EQI_V2, ENV).add(management()).add(remoteSensing())
            .add(eventsTerm());
    /** Only accepted submissions count in the confirmed reading: EEB v2, ENV, FIN (RS, GOV and WAT not accepted). */
    public static final BigDecimal FINAL_CONFIRMED = technical(EQI_V2, ENV).add(management());

    public WorkedScenario() {
    }

    public SubmissionEvent publish(EventStream stream, SubmissionEvent e) {
        published.add(e);
        return stream.publish(e);
    }

    public void publishPlan(EventStream stream) {
        stream.publishPlan(evaluationId, 1, EventStream.plan(county, YEAR, COMPARISON, "EEB", "WAT", "ENV", "RS", "GOV",
                "FIN"));
    }
}
