package org.ecoeval.scoring.messaging;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Runs one event's transaction again when it fails for a reason that may pass (a lost connection, a
 * serialisation conflict between two instances). After the last attempt the failure propagates and the record
 * goes to the dead-letter topic with the reason, rather than stopping the consumer for every county.
 */
final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);
    private static final int ATTEMPTS = 3;

    static <T> T run(String what, Supplier<T> action) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return action.get();
            } catch (UnprocessableRecordException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf(e, "%s failed (attempt %d of %d)", what, attempt, ATTEMPTS);
            }
        }
        throw last;
    }

    private Retrying() {
    }
}
