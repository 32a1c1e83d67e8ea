package org.ecoeval.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;

/**
 * Readiness of the consumers: DOWN ("degraded") while one of them is retrying a passing failure, with what it
 * waits on, since when and the last error; UP again once it got through. DOWN ("stopped") for good when a channel
 * has failed (the connector stopped it, e.g. out of memory, or even dead-lettering was impossible): such a
 * channel consumes nothing until the service restarts, so the instance must not look ready (the connector's own
 * report of it is a liveness check only).
 */
@Readiness
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    record Retrying(String what, Instant since, int attempts, String lastError) {
    }

    private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();

    @Inject
    HealthCenter channels;

    void retrying(String consumer, String what, Throwable failure, int attempt) {
        retrying.compute(consumer, (k, old) -> new Retrying(what, old == null ? Instant.now() : old.since(), attempt,
                describe(failure)));
    }

    void recovered(String consumer) {
        retrying.remove(consumer);
    }

    /** True while some consumer waits for a passing failure to pass. */
    public boolean degraded() {
        return !retrying.isEmpty();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("messaging-consumers");
        List<HealthReport.ChannelInfo> stopped = stoppedChannels();
        if (!stopped.isEmpty()) {
            response.down().withData("state", "stopped");
            stopped.forEach(channel -> response.withData(channel.getChannel(),
                    "stopped: " + (channel.getMessage() == null ? "failed" : channel.getMessage())));
            return response.build();
        }
        if (retrying.isEmpty()) {
            return response.up().build();
        }
        response.down().withData("state", "degraded");
        retrying.forEach((consumer, r) -> response.withData(consumer,
                "retrying " + r.what() + " since " + r.since() + " (" + r.attempts() + " attempts): " + r.lastError()));
        return response.build();
    }

    /**
     * The incoming channels the connector reports failed (its liveness), none before messaging has started. Outgoing
     * channels are left out: a producer's send failures during a broker outage count against its liveness for good,
     * while the relay keeps the records and sends them once the broker is back.
     */
    List<HealthReport.ChannelInfo> stoppedChannels() {
        if (channels == null || !channels.isInitialized()) {
            return List.of();
        }
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return channels.getLiveness().getChannels().stream().filter(c -> !c.isOk())
                .filter(c -> config.getOptionalValue("mp.messaging.incoming." + configuredName(c.getChannel())
                        + ".connector", String.class).isPresent())
                .toList();
    }

    /**
     * The channel's name in the configuration: a copy of a channel with {@code concurrency} is reported as
     * {@code name$1}, {@code name$2}, … and configured as {@code name}.
     */
    static String configuredName(String channel) {
        return channel.replaceFirst("\\$\\d+$", "");
    }

    /** The failure and its root cause, which is what an operator needs (e.g. the database's refusal). */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (root != failure && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += ": " + root.getMessage();
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
