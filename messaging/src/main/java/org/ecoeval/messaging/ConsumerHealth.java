package org.ecoeval.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the consumers: DOWN ("degraded") while one of them is retrying a passing failure, with what it
 * waits on, since when and the last error; UP again once it got through.
 */
@Readiness
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    record Retrying(String what, Instant since, int attempts, String lastError) {
    }

    private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();

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
        if (retrying.isEmpty()) {
            return response.up().build();
        }
        response.down().withData("state", "degraded");
        retrying.forEach((consumer, r) -> response.withData(consumer,
                "retrying " + r.what() + " since " + r.since() + " (" + r.attempts() + " attempts): " + r.lastError()));
        return response.build();
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
