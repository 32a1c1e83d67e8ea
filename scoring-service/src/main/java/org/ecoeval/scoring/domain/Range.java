package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** A closed interval [min, max] that a raw sum is clamped to. */
public record Range(BigDecimal min, BigDecimal max) {

    public Range {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("range min " + min + " exceeds max " + max);
        }
    }

    public BigDecimal clamp(BigDecimal value) {
        if (value.compareTo(min) < 0) {
            return min;
        }
        if (value.compareTo(max) > 0) {
            return max;
        }
        return value;
    }
}
