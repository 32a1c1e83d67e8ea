package org.ecoeval.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put what the infrastructure needs: the project root and the broker's classpath. */
public final class ProjectLayout {

    /** The project root: {@code -Decoeval.project.root}, else the nearest parent holding deploy/local. */
    public static Path root() {
        String configured = System.getProperty("ecoeval.project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy/local/kafka-broker"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the EcoEval project root above " + Path.of("").toAbsolutePath());
    }

    /** The broker module's runtime classpath plus its own classes, as written by its build. */
    public static String brokerClasspath() {
        Path module = root().resolve("deploy/local/kafka-broker/target");
        Path file = module.resolve("broker.classpath");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: build the project first (mvn install -DskipTests)");
        }
        try {
            return Files.readString(file).strip() + java.io.File.pathSeparator + module.resolve("classes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private ProjectLayout() {
    }
}
