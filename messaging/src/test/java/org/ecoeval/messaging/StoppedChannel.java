package org.ecoeval.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A consumer of the test application whose channel stops at its first record (failure-strategy=fail), as a channel
 * does when the connector gives up on it: what {@link ConsumerHealth} must then report.
 */
@ApplicationScoped
public class StoppedChannel {
    public static final String TOPIC = org.ecoeval.contracts.Topics.ALERTS;

    @Incoming("stops-at-first-record")
    public void consume(String value) {
        throw new IllegalStateException("this channel cannot go on: " + value);
    }
}
