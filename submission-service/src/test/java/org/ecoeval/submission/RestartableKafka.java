package org.ecoeval.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.Ports;
import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.infra.TestInfrastructure;

/**
 * A second real KRaft broker of this test JVM that a test can stop and start again on the same port and log
 * directory, as an operator restarting Kafka would. It halts with the JVM (stdin EOF). Its coordinates live in
 * system properties so that the test profile and the test (loaded by different class loaders) share it.
 */
public final class RestartableKafka {
    private static final String PROPERTY = "ecoeval.test.restartable-kafka";
    private static final List<Process> KEEP = new ArrayList<>();

    /** Starts the broker once per JVM; returns its bootstrap servers. */
    public static synchronized String ensureStarted() {
        if (System.getProperty(PROPERTY) == null) {
            Path dir = TestInfrastructure.get().baseDir().resolve("kafka-restartable");
            int port = Ports.free();
            int controller = Ports.free();
            System.setProperty(PROPERTY, dir + "|" + port + "|" + controller + "|0");
            start();
            createTopics();
        }
        return "127.0.0.1:" + part(1);
    }

    public static synchronized void start() {
        Path dir = Path.of(part(0));
        int port = Integer.parseInt(part(1));
        int controller = Integer.parseInt(part(2));
        try {
            Files.createDirectories(dir);
            Path properties = dir.resolve("server.properties");
            Properties p = new Properties();
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("node.id", "1");
            p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("log.dirs", dir.resolve("logs").toString());
            p.setProperty("num.partitions", "3");
            p.setProperty("offsets.topic.replication.factor", "1");
            p.setProperty("offsets.topic.num.partitions", "5");
            p.setProperty("transaction.state.log.replication.factor", "1");
            p.setProperty("transaction.state.log.min.isr", "1");
            p.setProperty("share.coordinator.state.topic.replication.factor", "1");
            p.setProperty("share.coordinator.state.topic.min.isr", "1");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            p.setProperty("auto.create.topics.enable", "false");
            try (var out = Files.newOutputStream(properties)) {
                p.store(out, "EcoEval submission-service restartable test broker");
            }
            Process process = new ProcessBuilder(ProjectLayout.javaExecutable().toString(), "-Xms64m", "-Xmx384m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ProjectLayout.brokerClasspath(),
                    "org.ecoeval.kafka.BrokerMain", properties.toString(), "ecoevalRestartable00001",
                    "--exit-on-stdin-eof")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling("kafka-restartable.log").toFile()))
                    .start();
            KEEP.add(process); // its stdin pipe must stay open: the broker halts when it closes
            System.setProperty(PROPERTY, part(0) + "|" + port + "|" + controller + "|" + process.pid());
            awaitReady(port, Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the broker again unless it is running. */
    public static synchronized void startIfStopped() {
        if (!running()) {
            start();
        }
    }

    public static synchronized boolean running() {
        return ProcessHandle.of(Long.parseLong(part(3))).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and waits until it is gone. */
    public static synchronized void stop() {
        long pid = Long.parseLong(part(3));
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    private static void createTopics() {
        try (Admin admin = admin(Integer.parseInt(part(1)))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : Topics.all()) {
                topics.add(new NewTopic(t, 3, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on the restartable broker", e);
        }
    }

    private static void awaitReady(int port, Duration timeout) {
        org.awaitility.Awaitility.await("restartable Kafka on port " + port).atMost(timeout)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!Ports.isListening(port)) {
                        return false;
                    }
                    try (Admin admin = admin(port)) {
                        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                });
    }

    private static Admin admin(int port) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000));
    }

    private static String part(int i) {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            throw new IllegalStateException("the restartable broker was never started");
        }
        return value.split("\\|")[i];
    }

    private RestartableKafka() {
    }
}
