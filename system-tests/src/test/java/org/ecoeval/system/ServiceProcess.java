package org.ecoeval.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.ecoeval.infra.ChildProcess;
import org.ecoeval.infra.Ports;
import org.ecoeval.infra.ProjectLayout;

/**
 * One packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as a child process of the
 * test JVM, with configuration overrides; it stops with the test JVM, even when that JVM is killed.
 */
public final class ServiceProcess {
    private final String module;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Map<String, String> overrides;
    private Process process;

    ServiceProcess(String module, Path logDir, Map<String, String> overrides) {
        this(module, module, logDir, overrides);
    }

    /** One more instance of a module, under its own name (its log file) and port. */
    ServiceProcess(String module, String name, Path logDir, Map<String, String> overrides) {
        this.module = module;
        this.port = Ports.free();
        this.managementPort = Ports.free(); // health and metrics: a free port too, so parallel runs do not clash
        this.log = logDir.resolve(name + ".log");
        this.overrides = overrides;
    }

    /** Another instance of the same module with the same configuration, on its own port and log. */
    ServiceProcess another(String name) {
        return new ServiceProcess(module, name, log.getParent(), new java.util.HashMap<>(overrides));
    }

    /** One more configuration override, before {@link #start()}. */
    void override(String key, String value) {
        overrides.put(key, value);
    }

    ServiceProcess start() {
        Path jar = ProjectLayout.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn install)");
        }
        List<String> command = new ArrayList<>(List.of(ProjectLayout.javaExecutable().toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                // the packaged jar runs the prod profile, here on purpose against the local test infrastructure
                "-Decoeval.allow-local-defaults=true", "-Dquarkus.log.console.json.enabled=false"));
        overrides.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        process = ChildProcess.startAttached(command, log, "TERM");
        return this;
    }

    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            Awaitility.await(module + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .failFast(module + " exited", () -> !process.isAlive())
                    .ignoreExceptions().until(() -> {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                URI.create(managementUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        return response.statusCode() == 200;
                    });
        } catch (RuntimeException e) {
            throw new IllegalStateException(module + " did not become ready; the end of " + log + ":\n" + tail(), e);
        }
    }

    /** SIGKILL: the service gets no chance to finish anything, as in a power cut. */
    void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            Awaitility.await(module + " killed").atMost(Duration.ofSeconds(10))
                    .until(() -> process.descendants().noneMatch(ProcessHandle::isAlive));
            ChildProcess.stopAttached(process, 10);
            process = null;
        }
    }

    void stop() {
        if (process != null) {
            ChildProcess.stopAttached(process, 30);
            process = null;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: health and metrics, no token. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String api() {
        return baseUrl() + "/api/v1";
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
