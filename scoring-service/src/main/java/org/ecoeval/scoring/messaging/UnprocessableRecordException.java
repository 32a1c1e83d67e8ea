package org.ecoeval.scoring.messaging;

/** A record that can never be applied (unparsable or breaking the contract): it goes to the dead-letter topic. */
public class UnprocessableRecordException extends RuntimeException {
    public UnprocessableRecordException(String message) {
        super(message);
    }

    public UnprocessableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
