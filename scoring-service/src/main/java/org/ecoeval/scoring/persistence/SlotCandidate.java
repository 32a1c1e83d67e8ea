package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one submission offers to one slot of a reading: an indicator-year ({@link Kind#VALUE}), a management item
 * ({@link Kind#SCORE}), a patch id ({@link Kind#PATCH}) or an event id ({@link Kind#EVENT}). The slot's winner is
 * the candidate with the latest {@code at}, then the greatest submission id.
 *
 * @param amount the value, the item score, the patch's contribution or the event's deduction
 * @param counts for a patch: whether it counts under the rule (its contribution is then {@code amount})
 * @param veto   for an event: whether it vetoes
 */
public record SlotCandidate(Kind kind, String key, String submissionId, Instant at, BigDecimal amount, boolean counts,
        boolean veto, String payload) {

    public enum Kind { VALUE, SCORE, PATCH, EVENT }

    public record Slot(Kind kind, String key) {
    }

    public Slot slot() {
        return new Slot(kind, key);
    }

    /** Same offer to the same slot (the payload is descriptive only). */
    public boolean sameOffer(SlotCandidate other) {
        return other != null && kind == other.kind && key.equals(other.key) && submissionId.equals(other.submissionId)
                && at.equals(other.at) && amount.compareTo(other.amount) == 0 && counts == other.counts
                && veto == other.veto;
    }

    /** The current winner of a slot as kept in {@code score_winner}. */
    public record Winner(String submissionId, BigDecimal amount, boolean counts, boolean veto) {
        public boolean sameAs(Winner other) {
            return other != null && submissionId.equals(other.submissionId) && amount.compareTo(other.amount) == 0
                    && counts == other.counts && veto == other.veto;
        }
    }
}
