package org.ecoeval.scoring.domain;

import java.util.Locale;

/**
 * How well a methodology parameter is established (methodology.md): {@code confirmed} (quoted by public
 * sources), {@code seed} (stated by the county plan), {@code inferred} (consistent with every published result
 * found), {@code assumed} (a reasonable default, to be replaced when the official table is at hand).
 */
public enum ParameterStatus {
    SEED, CONFIRMED, INFERRED, ASSUMED;

    /** The lower-case name used in the methodology file and in the score API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ParameterStatus fromLabel(String label) {
        for (ParameterStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown parameter status '" + label + "' (expected seed, confirmed, inferred or assumed)");
    }
}
