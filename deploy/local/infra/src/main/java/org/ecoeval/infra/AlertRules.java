package org.ecoeval.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names that the Prometheus alert rules in {@code deploy/prometheus/alerts.yml} read, so that each
 * service's test can prove it publishes the ones that concern it: a rule on a metric nobody publishes never fires.
 */
public final class AlertRules {
    private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.*)$", Pattern.MULTILINE);
    private static final Pattern METRIC = Pattern.compile("\\b((?:ecoeval|kafka)_[a-z0-9_]+)\\b");

    /** Every {@code ecoeval_*} and {@code kafka_*} metric any rule's expression names. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        try {
            Matcher expr = EXPR.matcher(Files.readString(ProjectLayout.root().resolve("deploy/prometheus/alerts.yml")));
            while (expr.find()) {
                Matcher metric = METRIC.matcher(expr.group(1));
                while (metric.find()) {
                    names.add(metric.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * The names a service must publish: those of its own prefix ({@code ecoeval_tracking_} for tracking) and the
     * shared ones (outbox, Kafka consumers), not another service's.
     */
    public static Set<String> metricNamesFor(String service) {
        Set<String> names = new TreeSet<>();
        for (String name : metricNames()) {
            boolean serviceSpecific = name.matches("ecoeval_(submission|scoring|tracking)_.*");
            if (!serviceSpecific || name.startsWith("ecoeval_" + service + "_")) {
                names.add(name);
            }
        }
        return names;
    }

    private AlertRules() {
    }
}
