package org.ecoeval.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.ecoeval.infra.PostgresServer;
import org.ecoeval.infra.TestInfrastructure;
import org.ecoeval.infra.TestTokens;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The three packaged services on one real Kafka broker and one real PostgreSQL server (a database each),
 * trusting the test OIDC server, started once for the whole test JVM.
 */
public final class SystemUnderTest {
    private static SystemUnderTest instance;

    public final ServiceProcess submission;
    public final ServiceProcess scoring;
    public final ServiceProcess tracking;
    private final OidcWiremockTestResource oidc;

    private SystemUnderTest(ServiceProcess submission, ServiceProcess scoring, ServiceProcess tracking,
            OidcWiremockTestResource oidc) {
        this.submission = submission;
        this.scoring = scoring;
        this.tracking = tracking;
        this.oidc = oidc;
    }

    public static synchronized SystemUnderTest get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SystemUnderTest start() {
        TestInfrastructure infra = TestInfrastructure.get();
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        String oidcUrl = oidc.start().get("keycloak.url") + "/realms/quarkus/";
        // Service logs stay in target/ as build artefacts: the first thing to read when a system test fails.
        Path logs = Path.of("target", "service-logs").toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServiceProcess submission = service("submission-service", "submission", infra, oidcUrl, logs);
        ServiceProcess scoring = service("scoring-service", "scoring", infra, oidcUrl, logs);
        ServiceProcess tracking = service("tracking-service", "tracking", infra, oidcUrl, logs);
        tracking.override("ecoeval.tracking.dashboard.scoring-url", scoring.baseUrl()); // the dashboard reads the score
        // the self-check report reads both, and keeps its evidence copies and packages in target/
        tracking.override("ecoeval.tracking.report.scoring-url", scoring.baseUrl());
        tracking.override("ecoeval.tracking.report.submission-url", submission.baseUrl());
        tracking.override("ecoeval.tracking.report.store-dir", Path.of("target", "report-store").toAbsolutePath().toString());
        scoring.override("ecoeval.scoring.submission-url", submission.baseUrl()); // the recompute asks what was published
        SystemUnderTest system = new SystemUnderTest(submission, scoring, tracking, oidc);
        infra.beforeStop(system::stop); // the services stop before the broker and the database they use
        List<ServiceProcess> all = List.of(submission, scoring, tracking);
        all.forEach(ServiceProcess::start);
        CompletableFuture.allOf(all.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(240))))
                .toArray(CompletableFuture[]::new)).join();
        return system;
    }

    private static ServiceProcess service(String module, String database, TestInfrastructure infra, String oidcUrl,
            Path logs) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", infra.database(database));
        config.put("quarkus.datasource.username", PostgresServer.USER);
        config.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", oidcUrl);
        config.put("quarkus.oidc.token.audience", TestTokens.AUDIENCE);
        // tracking-service: sweep and deliver every second so that ladders climb within a test; no SMTP here
        config.put("ecoeval.tracking.sweep-interval", "1s");
        config.put("ecoeval.tracking.delivery.interval", "1s");
        config.put("ecoeval.tracking.delivery.initial-backoff", "PT1S");
        config.put("quarkus.mailer.mock", "true");
        config.put("ecoeval.tracking.webhook.allowed-targets", "127.0.0.1"); // the tests' webhook receivers
        config.put("ecoeval.tracking.webhook.secret-key", "I1piwOcogJZBar54c8/zjPxXdvkVW/1HVNGX8fm2caY="); // a test key (the prod profile has none)
        return new ServiceProcess(module, logs, config);
    }

    private void stop() {
        List.of(submission, scoring, tracking).parallelStream().forEach(ServiceProcess::stop);
        oidc.stop();
    }
}
