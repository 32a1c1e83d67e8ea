package org.ecoeval.platform.failure;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tells a failure that passes by itself (the database or the broker unreachable, a timeout, a serialisation
 * conflict or deadlock between two transactions) from one that will fail again the same way (a record that breaks
 * a rule, a bug). The one place that decides it: consumers retry the first kind for as long as it lasts and
 * dead-letter only the second; REST answers the first with 503 and Retry-After instead of 500.
 */
public final class TransientFailures {

    /** SQLSTATE classes and codes of PostgreSQL that a later attempt may not meet. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "57014", // query_canceled (statement or lock timeout)
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (the server is starting or stopping)
            "58030"); // io_error
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of(
            "08", // connection exception: refused, lost, could not be established
            "53"); // insufficient resources: too many connections, out of memory or disk
    /** Exceptions of libraries this module does not depend on, recognised by name (also as superclasses). */
    private static final Set<String> TRANSIENT_CLASS_NAMES = Set.of(
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.DisconnectException",
            "org.hibernate.exception.JDBCConnectionException",
            "org.hibernate.exception.LockAcquisitionException",
            "org.hibernate.PessimisticLockException",
            "jakarta.persistence.LockTimeoutException",
            "jakarta.persistence.QueryTimeoutException",
            "java.util.concurrent.TimeoutException");

    private TransientFailures() {
    }

    /**
     * True when the failure, or anything behind it, is of the kind that passes: its causes, the exceptions suppressed
     * along the way (a commit that fails as the database goes away surfaces as a RollbackException whose reason is a
     * suppressed XAException caused by "terminating connection", 57P01) and a SQLException's next exceptions.
     */
    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            if (isTransientItself(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(Arrays.asList(t.getSuppressed()));
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof ConnectException || t instanceof SocketTimeoutException
                || t instanceof SocketException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (TRANSIENT_SQL_STATES.contains(state)
                    || state.length() >= 2 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)))) {
                return true;
            }
            // Agroal's pool answers "Acquisition timeout" without a SQLSTATE when no connection can be had in time.
            String message = sql.getMessage();
            if (state == null && message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (TRANSIENT_CLASS_NAMES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
