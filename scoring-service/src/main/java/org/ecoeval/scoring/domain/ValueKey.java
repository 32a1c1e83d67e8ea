package org.ecoeval.scoring.domain;

import java.util.Objects;

/** One indicator in one year: the slot a submitted value fills. */
public record ValueKey(String indicator, int year) {
    public ValueKey {
        Objects.requireNonNull(indicator, "indicator");
    }
}
