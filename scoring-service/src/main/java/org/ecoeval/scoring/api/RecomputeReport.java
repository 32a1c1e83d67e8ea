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
        long storedSubmissions, List<ReadingReport> readings) {

    public record ReadingReport(String reading, boolean differs, Side incremental, Side full, int countingSubmissions,
            List<String> differences) {
    }

    public record Side(BigDecimal deltaEI, BigDecimal deltaEIRounded, String grade, boolean complete) {
    }
}
