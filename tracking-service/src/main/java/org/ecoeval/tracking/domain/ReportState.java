package org.ecoeval.tracking.domain;

import java.util.List;

/**
 * The life of one version of the self-check report (自查报告): the bureau generates it (DRAFT) and sends it for
 * sign-off (AWAITING_SIGN_OFF); a leader of the county signs it off (SIGNED, the data package is frozen then) or
 * returns it with a comment (RETURNED: the bureau corrects the data and generates a new version); the bureau
 * records that it was sent to the region (SENT). Pure rules, no framework.
 */
public enum ReportState {
    DRAFT, AWAITING_SIGN_OFF, SIGNED, RETURNED, SENT;

    /** What can be done to a version, by whom (the contract's roles). */
    public enum Action {
        SUBMIT("bureau"), SIGN_OFF("leader"), RETURN("leader"), SENT("bureau");

        private final String role;

        Action(String role) {
            this.role = role;
        }

        public String role() {
            return role;
        }
    }

    /** The state an action leads to from this one, or null when the action is not allowed in this state. */
    public ReportState after(Action action) {
        return switch (action) {
            case SUBMIT -> this == DRAFT ? AWAITING_SIGN_OFF : null;
            case SIGN_OFF -> this == AWAITING_SIGN_OFF ? SIGNED : null;
            case RETURN -> this == AWAITING_SIGN_OFF ? RETURNED : null;
            case SENT -> this == SIGNED ? SENT : null;
        };
    }

    /** The actions this state allows, in the order they are usually taken. */
    public List<Action> allowed() {
        return java.util.Arrays.stream(Action.values()).filter(a -> after(a) != null).toList();
    }

    /** The package exists (and never changes) from sign-off on. */
    public boolean packaged() {
        return this == SIGNED || this == SENT;
    }
}
