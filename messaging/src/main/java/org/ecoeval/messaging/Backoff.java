package org.ecoeval.messaging;

import java.time.Duration;

/** Pauses between attempts: doubling from the first pause up to a ceiling, then staying there. */
public final class Backoff {
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.max = max;
        this.next = initial;
    }

    /** The pause before the next attempt. */
    public Duration next() {
        Duration current = next;
        next = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        return current;
    }
}
