package org.ecoeval.scoring.persistence;

import java.util.Locale;
import java.util.Optional;

/** The two readings of a score (methodology.md, "Which values count"). */
public enum Reading {
    /** Every counting value: submitted (after any head approval) or accepted. */
    PROVISIONAL,
    /** Only values of accepted submissions, and the management scores. */
    CONFIRMED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Reading> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Reading r : values()) {
            if (r.label().equalsIgnoreCase(text.strip())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
