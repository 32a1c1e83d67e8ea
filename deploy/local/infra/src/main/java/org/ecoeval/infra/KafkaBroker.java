package org.ecoeval.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.ecoeval.contracts.Topics;

/**
 * A real KRaft Kafka broker (combined broker and controller) in a child JVM, from the kafka-broker
 * module's classpath. Attached brokers halt when the JVM that started them dies (stdin EOF).
 */
public final class KafkaBroker {
    private static final String CLUSTER_ID = "ecoevalLocalCluster0001";
    private static final int PARTITIONS = 3;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process attached;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaBroker startForTests(Path baseDir) {
        KafkaBroker broker = new KafkaBroker(baseDir.resolve("kafka"), Ports.free(), Ports.free());
        broker.startAttached();
        broker.createTopics(Topics.all());
        return broker;
    }

    /**
     * A test broker of this JVM that code in another class loader (a Quarkus test and its test resource) can stop and
     * start again: the first call starts it under {@code baseDir} with its topics, and its coordinates go to a system
     * property that every later call, from any loader, reads. Stopping and restarting work by its pid file.
     */
    public static synchronized KafkaBroker sharedForTests(String name, java.util.function.Supplier<Path> baseDir) {
        String property = "ecoeval.test.kafka." + name;
        String coordinates = System.getProperty(property);
        if (coordinates == null) {
            KafkaBroker broker = new KafkaBroker(baseDir.get().resolve("kafka-" + name), Ports.free(), Ports.free());
            broker.startAttached();
            broker.createTopics(Topics.all());
            System.setProperty(property, broker.dir + "|" + broker.port + "|" + broker.controllerPort);
            SHARED.add(broker); // keeps its stdin pipe open: the broker halts when that closes
            return broker;
        }
        String[] parts = coordinates.split("\\|");
        return new KafkaBroker(Path.of(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    private static final List<KafkaBroker> SHARED = new ArrayList<>();

    /**
     * Starts a stopped test broker again on the same ports and log directory, with its topics and
     * records intact: fault tests stop the broker, go on working, and bring it back.
     */
    public synchronized void restart() {
        if (attached != null && attached.isAlive() || attached == null && runningPid() > 0) {
            return;
        }
        startAttached();
        if (!SHARED.contains(this)) {
            SHARED.add(this);
        }
    }

    public synchronized boolean isRunning() {
        return attached != null ? attached.isAlive() : runningPid() > 0;
    }

    private void startAttached() {
        List<String> command = prepare();
        command.add("--exit-on-stdin-eof");
        try {
            attached = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            Files.writeString(pidFile(), Long.toString(attached.pid())); // found by a handle of another class loader
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(90));
    }

    /** For the local launcher: keeps its log directory, outlives the launcher; no-op when running. */
    public static KafkaBroker startDetached(Path dir, int port, int controllerPort) {
        KafkaBroker broker = new KafkaBroker(dir, port, controllerPort);
        if (broker.runningPid() <= 0) {
            long pid = ChildProcess.startDetached(broker.prepare(), broker.log());
            try {
                Files.writeString(broker.pidFile(), Long.toString(pid));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        broker.awaitReady(Duration.ofSeconds(120));
        broker.createTopics(Topics.all());
        return broker;
    }

    public static KafkaBroker at(Path dir, int port) {
        return new KafkaBroker(dir, port, 0);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker (SIGTERM lets it shut down cleanly in well under a second) and waits. */
    public synchronized void stop() {
        if (attached != null && attached.isAlive()) {
            attached.destroy();
            try {
                if (!attached.waitFor(30, TimeUnit.SECONDS)) {
                    attached.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        long pid = runningPid();
        if (pid > 0) {
            ChildProcess.signal(pid, "TERM");
            Instant deadline = Instant.now().plusSeconds(30);
            while (ChildProcess.isAlive(pid) && Instant.now().isBefore(deadline)) {
                pause(100);
            }
            if (ChildProcess.isAlive(pid)) {
                ChildProcess.signal(pid, "KILL");
            }
        }
    }

    public long runningPid() {
        try {
            if (!Files.exists(pidFile())) {
                return 0;
            }
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            return ChildProcess.isAlive(pid) ? pid : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public void createTopics(List<String> names) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
                    if (Topics.isCompacted(name)) {
                        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers(), e);
        }
    }

    private List<String> prepare() {
        try {
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("node.id", "1");
            p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("log.dirs", dir.resolve("logs").toString());
            p.setProperty("num.partitions", Integer.toString(PARTITIONS));
            p.setProperty("offsets.topic.replication.factor", "1");
            p.setProperty("offsets.topic.num.partitions", "5");
            p.setProperty("transaction.state.log.replication.factor", "1");
            p.setProperty("transaction.state.log.min.isr", "1");
            p.setProperty("share.coordinator.state.topic.replication.factor", "1");
            p.setProperty("share.coordinator.state.topic.min.isr", "1");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            p.setProperty("auto.create.topics.enable", "false");
            Path properties = dir.resolve("server.properties");
            try (var out = Files.newOutputStream(properties)) {
                p.store(out, "EcoEval local KRaft broker");
            }
            return new ArrayList<>(List.of(ProjectLayout.javaExecutable().toString(), "-Xms128m", "-Xmx512m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ProjectLayout.brokerClasspath(),
                    "org.ecoeval.kafka.BrokerMain", properties.toString(), CLUSTER_ID));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (attached != null && !attached.isAlive()) {
                throw new IllegalStateException("Kafka exited at start; see " + log());
            }
            if (Ports.isListening(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = e;
                }
            }
            pause(100);
        }
        throw new IllegalStateException("Kafka not ready on port " + port + " (see " + log() + ")", last);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    private Path log() {
        return dir.resolveSibling(dir.getFileName() + ".log");
    }

    private Path pidFile() {
        return dir.resolve("broker.pid");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
