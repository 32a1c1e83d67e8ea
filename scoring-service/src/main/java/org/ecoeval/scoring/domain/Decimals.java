package org.ecoeval.scoring.domain;

import java.math.BigDecimal;
import java.math.MathContext;

/** The decimal arithmetic of the engine: {@link MathContext#DECIMAL128} (34 digits), never binary floating point. */
public final class Decimals {
    public static final MathContext MC = MathContext.DECIMAL128;

    /**
     * The value without trailing zeros but never in exponent notation for integers (10, not 1E+1), for
     * reporting the full decimal value of a component.
     */
    public static BigDecimal clean(BigDecimal value) {
        BigDecimal s = value.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private Decimals() {
    }
}
