package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How an indicator value is turned into the 0–100 "higher is better" score that enters a weighted difference.
 * Expressed as data in the methodology file ({@code {"type": "linear-decreasing", "zeroAt": "15"}}).
 */
public sealed interface Normalisation {

    BigDecimal apply(BigDecimal x);

    /** {@code N = x} (higher-better percentages and sub-indices). */
    record Identity() implements Normalisation {
        @Override
        public BigDecimal apply(BigDecimal x) {
            return x;
        }
    }

    /** {@code N = of − x} (the stress sub-index enters EQI as 100 − I). */
    record Complement(BigDecimal of) implements Normalisation {
        public Complement {
            Objects.requireNonNull(of, "of");
        }

        @Override
        public BigDecimal apply(BigDecimal x) {
            return of.subtract(x, Decimals.MC);
        }
    }

    /** {@code N = clamp(scale·(zeroAt − x)/zeroAt, min, max)} (lower-better indices). */
    record LinearDecreasing(BigDecimal zeroAt, BigDecimal scale, Range clamp) implements Normalisation {
        public LinearDecreasing {
            Objects.requireNonNull(zeroAt, "zeroAt");
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(clamp, "clamp");
            if (zeroAt.signum() <= 0) {
                throw new IllegalArgumentException("linear-decreasing zeroAt must be > 0, was " + zeroAt);
            }
        }

        @Override
        public BigDecimal apply(BigDecimal x) {
            // one multiplication (exact for decimal inputs) and one division: a single rounding at most
            return clamp.clamp(scale.multiply(zeroAt.subtract(x, Decimals.MC), Decimals.MC).divide(zeroAt, Decimals.MC));
        }
    }
}
