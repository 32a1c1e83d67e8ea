package org.ecoeval.contracts;

import java.math.BigDecimal;

/**
 * One measured input of the score: its code, meaning, unit, admissible range and direction.
 * Values outside {@code [min, max]} are rejected at submission.
 */
public record Indicator(String code, String name, String unit, BigDecimal min, BigDecimal max, Direction direction,
        Group group) {

    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    /** Ecological quality (EQI) or environmental quality (ENV). */
    public enum Group { ECOLOGICAL_QUALITY, ENVIRONMENTAL_QUALITY }

    public boolean admits(BigDecimal value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
}
