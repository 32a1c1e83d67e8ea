package org.ecoeval.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One PostgreSQL server and one Kafka broker per test JVM, started on first use and stopped when the JVM
 * exits (a shutdown hook; on SIGKILL both halt by themselves as their stdin closes).
 */
public final class TestInfrastructure {
    private static TestInfrastructure instance;

    private final Path baseDir;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final java.util.List<Runnable> beforeStop = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TestInfrastructure(Path baseDir, PostgresServer postgres, KafkaBroker kafka) {
        this.baseDir = baseDir;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestInfrastructure start() {
        try {
            Path base = Files.createTempDirectory(Path.of("/tmp"), "ecoeval-test-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Kafka (a JVM) takes longer to start; run PostgreSQL's start beside it.
            var kafkaStart = java.util.concurrent.CompletableFuture.supplyAsync(() -> KafkaBroker.startForTests(base));
            PostgresServer postgres = PostgresServer.startForTests(base);
            KafkaBroker kafka = kafkaStart.join();
            TestInfrastructure infra = new TestInfrastructure(base, postgres, kafka);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "ecoeval-test-infra-stop"));
            return infra;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** A fresh database for one service's tests, created on first use. */
    public String database(String name) {
        postgres.createDatabase(name);
        return postgres.jdbcUrl(name);
    }

    public Path baseDir() {
        return baseDir;
    }

    /**
     * Runs {@code action} when this JVM ends, before Kafka and PostgreSQL stop: processes that use them (the
     * system tests' services) then shut down cleanly instead of waiting for a broker that is already gone.
     */
    public void beforeStop(Runnable action) {
        beforeStop.add(action);
    }

    private void stop() {
        for (Runnable action : beforeStop) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // stopping the infrastructure matters more than one failed action
            }
        }
        kafka.stop();
        postgres.stop();
        try (var paths = Files.walk(baseDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // the next run uses a fresh directory anyway
        }
    }
}
