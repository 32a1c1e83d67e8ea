package org.ecoeval.scoring.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Orders the candidates for one slot (an indicator-year, a management item, a patch id, an event id) when several
 * submissions fill it: the later instant wins, equal instants are decided by the greater submission id, so the
 * winner is a function of the stored inputs alone and not of the order in which they arrived.
 */
record Precedence(Instant at, String submissionId) implements Comparable<Precedence> {

    private static final Comparator<Precedence> ORDER = Comparator.comparing(Precedence::at)
            .thenComparing(Precedence::submissionId);

    Precedence {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(submissionId, "submissionId");
    }

    @Override
    public int compareTo(Precedence other) {
        return ORDER.compare(this, other);
    }
}
