package org.ecoeval.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.ecoeval.platform.failure.TransientFailures;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * The one retry policy of every consumer. A failure that passes by itself (database or broker unreachable, timeout,
 * serialisation conflict, deadlock: {@link TransientFailures}) is retried with growing pauses for as long as it
 * lasts; the consumer holds its position meanwhile (the connector pauses the partitions once its queue is full) and
 * {@link ConsumerHealth} reports it degraded. Any other failure propagates at once, so that the caller can tell
 * the one record that breaks from the rest and dead-letter only that one.
 */
@ApplicationScoped
public class RetryPolicy {
    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    @ConfigProperty(name = "ecoeval.messaging.retry.initial-backoff", defaultValue = "PT0.5S")
    Duration initialBackoff;
    /** Short enough that a consumer is back within seconds of the database's return. */
    @ConfigProperty(name = "ecoeval.messaging.retry.max-backoff", defaultValue = "PT10S")
    Duration maxBackoff;
    @Inject
    @Readiness
    ConsumerHealth health;

    private final Object wakeUp = new Object();
    private volatile boolean stopping;

    /**
     * Runs {@code action} until it succeeds or fails for a reason that does not pass. {@code consumer} names the
     * consumer in health and logs, {@code what} the thing being applied.
     *
     * @throws ShuttingDownException when the service stops while the failure lasts: nothing is acknowledged, so
     *         the records are delivered again after the restart
     */
    public <T> T whileTransient(String consumer, String what, Supplier<T> action) {
        Backoff backoff = new Backoff(initialBackoff, maxBackoff);
        for (int attempt = 1;; attempt++) {
            try {
                T result = action.get();
                if (attempt > 1) {
                    health.recovered(consumer);
                    LOG.infof("%s: %s applied after %d attempts", consumer, what, attempt);
                }
                return result;
            } catch (RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    if (attempt > 1) {
                        health.recovered(consumer);
                    }
                    throw e;
                }
                Duration pause = backoff.next();
                health.retrying(consumer, what, e, attempt);
                LOG.warnf("%s: %s failed for a passing reason (attempt %d), retrying in %s ms: %s", consumer, what,
                        attempt, pause.toMillis(), ConsumerHealth.describe(e));
                pause(pause, e);
            }
        }
    }

    private void pause(Duration pause, RuntimeException cause) {
        long until = System.nanoTime() + pause.toNanos();
        synchronized (wakeUp) {
            while (!stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ShuttingDownException(cause);
                }
            }
        }
        throw new ShuttingDownException(cause);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** The service stops while a passing failure lasts; the record stays unacknowledged. */
    public static class ShuttingDownException extends RuntimeException {
        ShuttingDownException(Throwable cause) {
            super("stopping while retrying: " + cause.getMessage(), cause);
        }
    }
}
