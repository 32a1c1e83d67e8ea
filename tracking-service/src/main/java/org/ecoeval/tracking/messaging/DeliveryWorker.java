package org.ecoeval.tracking.messaging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.messaging.Backoff;
import org.ecoeval.tracking.domain.WebhookPolicy;
import org.ecoeval.tracking.persistence.AlertStore;
import org.ecoeval.tracking.persistence.WebhookSecrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers alerts: webhooks (JSON POST signed with HMAC-SHA256 of {@code timestamp + "." + body} under the
 * supervisor's secret, headers {@code X-EcoEval-Timestamp} and {@code X-EcoEval-Signature: sha256=<hex>})
 * and e-mails (quarkus-mailer over SMTP). Every attempt is logged; a failed one is retried with exponential
 * backoff until it succeeds or {@code give-up-after} (24 h) has passed since the alert. Deliveries are
 * claimed with a lease ({@code FOR UPDATE SKIP LOCKED}), so several instances never send one twice at once;
 * a crash mid-send means at-least-once, which receivers recognise by {@code X-EcoEval-Delivery}.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    public static final String IDENTITY = "alert-delivery";

    @Inject
    AlertStore alerts;

    @Inject
    Mailer mailer;

    @Inject
    Clock clock;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookPolicy webhooks;

    /** A webhook whose address the policy refuses: recorded as a failed attempt, never sent. */
    static final class WebhookRefused extends Exception {
        WebhookRefused(String reason) {
            super(reason);
        }
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @ConfigProperty(name = "ecoeval.tracking.delivery.initial-backoff", defaultValue = "PT30S")
    Duration initialBackoff;

    @ConfigProperty(name = "ecoeval.tracking.delivery.max-backoff", defaultValue = "PT1H")
    Duration maxBackoff;

    @ConfigProperty(name = "ecoeval.tracking.delivery.give-up-after", defaultValue = "PT24H")
    Duration giveUpAfter;

    @ConfigProperty(name = "ecoeval.tracking.delivery.lease", defaultValue = "PT2M")
    Duration lease;

    @ConfigProperty(name = "ecoeval.tracking.delivery.timeout", defaultValue = "PT10S")
    Duration timeout;

    @ConfigProperty(name = "ecoeval.tracking.delivery.batch-size", defaultValue = "50")
    int batchSize;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Scheduled(identity = IDENTITY, every = "${ecoeval.tracking.delivery.interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf(e, "alert delivery run failed; the next one retries");
        }
    }

    /** Attempts every delivery that is due; returns how many were attempted. */
    public int deliverDue() {
        Instant now = clock.instant();
        List<AlertStore.DeliveryRow> claimed = QuarkusTransaction.requiringNew()
                .call(() -> alerts.claimDue(now, now.plus(lease), batchSize));
        for (AlertStore.DeliveryRow d : claimed) {
            attempt(d);
        }
        return claimed.size();
    }

    private void attempt(AlertStore.DeliveryRow d) {
        Instant start = clock.instant();
        Integer status = null;
        String error = null;
        try {
            if ("WEBHOOK".equals(d.channel())) {
                status = post(d, start);
                if (status / 100 != 2) {
                    error = "HTTP " + status;
                }
            } else {
                mailer.send(Mail.withText(d.target(), d.subject(), d.body()));
            }
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        Instant end = clock.instant();
        int attempt = d.attempts() + 1;
        String failure = error == null ? null : truncate(error);
        long millis = Duration.between(start, end).toMillis();
        metrics.counter(DeliveryMetrics.ATTEMPTS, "channel", d.channel(),
                "outcome", error == null ? "DELIVERED" : "FAILED").increment();
        Integer code = status;
        QuarkusTransaction.requiringNew().run(() -> {
            alerts.recordAttempt(d.id(), attempt, start, failure == null ? "DELIVERED" : "FAILED", code, failure, millis);
            if (failure == null) {
                alerts.delivered(d.id(), attempt, end);
            } else {
                Instant next = end.plus(backoff(attempt));
                if (next.isAfter(d.createdAt().plus(giveUpAfter))) {
                    alerts.gaveUp(d.id(), attempt, failure);
                    metrics.counter(DeliveryMetrics.GIVEN_UP, "channel", d.channel()).increment();
                    LOG.warnf("delivery %d of alert %s to %s given up after %d attempts: %s", d.id(), d.alertId(),
                            d.target(), attempt, failure);
                } else {
                    alerts.retryLater(d.id(), attempt, next, failure);
                }
            }
        });
    }

    /** The wait after the n-th failed attempt: initial × 2^(n−1), at most max-backoff. */
    Duration backoff(int attempt) {
        return Backoff.pauseAfter(attempt, initialBackoff, maxBackoff);
    }

    private int post(AlertStore.DeliveryRow d, Instant now) throws Exception {
        // again at delivery: the plan was checked at registration, but a name may resolve elsewhere by now
        var refusal = webhooks.refusal(d.target());
        if (refusal.isPresent()) {
            throw new WebhookRefused(refusal.get());
        }
        String timestamp = String.valueOf(now.getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.target())).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "EcoEval-tracking-service")
                .header("X-EcoEval-Event", "AlertRaised")
                .header("X-EcoEval-Alert", d.alertId().toString())
                .header("X-EcoEval-Delivery", String.valueOf(d.id()))
                .header("X-EcoEval-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8));
        String secret = secrets.open(d.secret()); // sealed at rest (SecretBox)
        if (secret != null && !secret.isEmpty()) {
            request.header("X-EcoEval-Signature", "sha256=" + sign(secret, timestamp, d.body()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Hex of HMAC-SHA256(secret, timestamp + "." + body), as architecture.md specifies. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
