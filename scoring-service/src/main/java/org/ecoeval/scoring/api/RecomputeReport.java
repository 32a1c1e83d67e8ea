package org.ecoeval.scoring.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a full recomputation from the stored inputs: per reading, the result the service was serving
 * (its incremental state) next to the full recomputation, and every difference found. A difference (there must
 * never be one) is repaired by rebuilding the reading's state from the stored inputs.
 */
public record RecomputeReport(String evaluationId, Instant at, boolean differed, boolean repaired,
        long storedSubmissions, List<ReadingReport> readings, Reconciliation reconciliation) {

    /**
     * What submission-service published compared with what scoring holds, before the recomputation: every submission
     * whose published state scoring lacks (missing, or an older state) was applied, and is listed; {@code error} says
     * why the comparison could not be made (the recomputation from the stored inputs then still ran).
     */
    public record Reconciliation(int published, int applied, List<Gap> gaps, String error) {
    }

    /** A submission whose published state scoring lacked: what it held (null when nothing) and what was published. */
    public record Gap(String submissionId, String department, String task, int publishedVersion,
            String publishedStatus, Integer heldVersion, String heldStatus) {
    }

    public record ReadingReport(String reading, boolean differs, Side incremental, Side full, int countingSubmissions,
            List<String> differences) {
    }

    public record Side(BigDecimal deltaEI, BigDecimal deltaEIRounded, String grade, boolean complete) {
    }
}
