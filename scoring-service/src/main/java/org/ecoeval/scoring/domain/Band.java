package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A named interval of the real line with inclusive or exclusive bounds; a {@code null} bound is unbounded. Used
 * for the grades (on rounded ΔEI) and the EQI classes.
 */
public record Band(String name, BigDecimal min, boolean minInclusive, BigDecimal max, boolean maxInclusive) {

    public Band {
        Objects.requireNonNull(name, "name");
        if (min != null && max != null) {
            int c = min.compareTo(max);
            if (c > 0 || (c == 0 && !(minInclusive && maxInclusive))) {
                throw new IllegalArgumentException("band " + name + " is empty");
            }
        }
    }

    public boolean contains(BigDecimal value) {
        if (min != null) {
            int c = value.compareTo(min);
            if (c < 0 || (c == 0 && !minInclusive)) {
                return false;
            }
        }
        if (max != null) {
            int c = value.compareTo(max);
            if (c > 0 || (c == 0 && !maxInclusive)) {
                return false;
            }
        }
        return true;
    }
}
