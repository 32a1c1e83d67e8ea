package org.ecoeval.submission;

import org.ecoeval.infra.KafkaBroker;
import org.ecoeval.infra.TestInfrastructure;

/**
 * A second real KRaft broker of this test JVM, for the service's Kafka channels, that a test can stop and start again
 * on the same port and log directory, as an operator restarting Kafka would ({@link KafkaBroker#sharedForTests}: the
 * test profile and the test are loaded by different class loaders and share it by its coordinates).
 */
public final class RestartableKafka {
    private static final String NAME = "submission-restartable";

    /** Starts the broker once per JVM; returns its bootstrap servers. */
    public static String ensureStarted() {
        return broker().bootstrapServers();
    }

    public static void start() {
        broker().restart();
    }

    /** Starts the broker again unless it is running. */
    public static void startIfStopped() {
        broker().restart();
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and waits until it is gone. */
    public static void stop() {
        broker().stop();
    }

    private static KafkaBroker broker() {
        return KafkaBroker.sharedForTests(NAME, () -> TestInfrastructure.get().baseDir());
    }

    private RestartableKafka() {
    }
}
