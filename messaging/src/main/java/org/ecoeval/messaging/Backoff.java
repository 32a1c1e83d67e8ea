package org.ecoeval.messaging;

import java.time.Duration;

/**
 * Pauses between attempts: doubling from the first pause up to a ceiling, then staying there. The one rule for every
 * retry of the services (consumers waiting out an outage, alert deliveries to a failing receiver).
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** The pause before the next attempt. */
    public Duration next() {
        return pauseAfter(++attempt, initial, max);
    }

    /** The pause after the {@code attempt}-th failed attempt (1 is the first): initial × 2^(attempt−1), at most max. */
    public static Duration pauseAfter(int attempt, Duration initial, Duration max) {
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
