package org.ecoeval.messaging;

/**
 * A record that can never be applied, however often it is tried: it cannot be parsed, or it breaks the contract. It
 * goes to the dead-letter topic at once; every other failure is retried or judged by {@link RetryPolicy}.
 */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
