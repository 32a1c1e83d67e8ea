package org.ecoeval.contracts;

import java.util.List;

/** Kafka topic names of the contract (architecture.md). Every record is keyed by evaluation id. */
public final class Topics {
    public static final String PLANS = "eco.plans";
    public static final String SUBMISSIONS = "eco.submissions";
    public static final String SCORES = "eco.scores";
    public static final String ALERTS = "eco.alerts";

    /** Consumers send records they cannot parse to {@code <topic>.dlq}. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic the system uses, dead-letter topics included; {@link #PLANS} is compacted. */
    public static List<String> all() {
        return List.of(PLANS, SUBMISSIONS, SCORES, ALERTS,
                deadLetter(PLANS), deadLetter(SUBMISSIONS), deadLetter(SCORES), deadLetter(ALERTS));
    }

    public static boolean isCompacted(String topic) {
        return PLANS.equals(topic);
    }

    private Topics() {
    }
}
