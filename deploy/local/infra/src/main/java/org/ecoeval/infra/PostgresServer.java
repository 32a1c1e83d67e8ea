package org.ecoeval.infra;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server from the zonky binaries on the classpath (no Docker, no system install).
 * PostgreSQL refuses to run as root, so when we are root every server command runs through
 * {@code setpriv} as {@code nobody}, with binaries and data under world-traversable {@code /tmp}.
 */
public final class PostgresServer {
    public static final String USER = "ecoeval";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    private final Path dataDir;
    private final int port;
    private final Path log;
    private Process attached;
    private boolean forTests;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** A server for one test JVM: fresh data, fsync off, stopped when this JVM ends however it ends. */
    public static PostgresServer startForTests(Path baseDir) {
        PostgresServer server = new PostgresServer(baseDir.resolve("pgdata"), Ports.free());
        server.initialise();
        server.forTests = true;
        server.attached = ChildProcess.startAttached(server.serverCommand(true), server.log, "INT");
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    /**
     * Starts a stopped test server again on the same port and data directory, its databases intact: fault tests stop
     * the database while the services work, and bring it back.
     */
    public synchronized void restart() {
        if (!forTests) {
            throw new IllegalStateException("only a test server is restarted this way");
        }
        if (attached != null && attached.isAlive()) {
            return;
        }
        attached = ChildProcess.startAttached(serverCommand(true), log, "INT");
        awaitReady(Duration.ofSeconds(60));
    }

    /** A server for the local launcher: kept data, detached; a no-op when it is already running. */
    public static PostgresServer startDetached(Path dataDir, int port) {
        PostgresServer server = new PostgresServer(dataDir, port);
        if (server.runningPid() > 0) {
            return server;
        }
        server.initialise();
        ChildProcess.startDetached(server.serverCommand(false), server.log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    public static PostgresServer at(Path dataDir, int port) {
        return new PostgresServer(dataDir, port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates the database when it does not exist yet. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server with a fast shutdown (SIGINT) and waits for it. */
    public synchronized void stop() {
        if (attached != null) {
            ChildProcess.stopAttached(attached, 30);
            attached = null;
            return;
        }
        long pid = runningPid();
        if (pid > 0) {
            ChildProcess.signal(pid, "INT");
            Instant deadline = Instant.now().plusSeconds(30);
            while (ChildProcess.isAlive(pid) && Instant.now().isBefore(deadline)) {
                pause(100);
            }
        }
    }

    /** The postmaster's pid from its pid file when that process is alive, else 0. */
    public long runningPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return 0;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            return ChildProcess.isAlive(pid) ? pid : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void initialise() {
        Path bin = binaries().resolve("bin");
        try {
            Files.createDirectories(dataDir.getParent());
            makeTraversable(dataDir.getParent());
            if (Files.exists(dataDir.resolve("PG_VERSION"))) {
                return;
            }
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            if (isRoot()) {
                ChildProcess.run(List.of("chown", "-R", NOBODY + ":" + NOBODY, dataDir.toString()), log, 30);
                Files.createFile(log);
                ChildProcess.run(List.of("chown", NOBODY + ":" + NOBODY, log.toString()), log, 30);
            }
        } catch (FileAlreadyExistsException ignored) {
            // the log of an earlier run
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess.run(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(),
                "-U", USER, "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync")), log, 120);
    }

    private List<String> serverCommand(boolean forTests) {
        List<String> command = new ArrayList<>(List.of(binaries().resolve("bin/postgres").toString(),
                "-D", dataDir.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "max_connections=200",
                // per-statement counts and times (pg_stat_statements): tests count a request's statements
                // (submission-service's IntakeStatementsTest), operators and the bench read where time goes
                "-c", "shared_preload_libraries=pg_stat_statements"));
        if (!forTests) {
            // the bench times a replay to the commit of its last transaction (pg_xact_commit_timestamp)
            command.addAll(List.of("-c", "track_commit_timestamp=on"));
        }
        if (forTests) {
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        return asServerUser(command);
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (attached != null && !attached.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited at start; see " + log);
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
                pause(100);
            }
        }
        throw new IllegalStateException("PostgreSQL not ready on port " + port + " (see " + log + ")", last);
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Extracts the binaries once per version under /tmp (atomically, so concurrent JVMs are safe). */
    static synchronized Path binaries() {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "ecoeval-postgres-" + zonkyVersion());
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try (InputStream archive = PostgresServer.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " not on the classpath (zonky binaries missing)");
            }
            Path staging = Files.createTempDirectory(target.getParent(), "ecoeval-postgres-extract");
            try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = staging.resolve(entry.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("archive entry outside target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                    }
                }
            }
            makeTraversableTree(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
                // another JVM finished first; its copy is as good as ours
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract PostgreSQL binaries", e);
        }
    }

    /** The binaries jar's version, read off its file name (e.g. ...-linux-amd64-17.6.0.jar). */
    private static String zonkyVersion() {
        var url = PostgresServer.class.getClassLoader().getResource(ARCHIVE);
        var m = url == null ? null
                : java.util.regex.Pattern.compile("linux-amd64-([0-9][^/!]*)\\.jar").matcher(url.toString());
        return m != null && m.find() ? m.group(1) : "unknown";
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        Set<PosixFilePermission> result = PosixFilePermissions.fromString(s.toString());
        // every user must read and (for directories and programs) traverse/execute the binaries
        result.add(PosixFilePermission.OTHERS_READ);
        result.add(PosixFilePermission.GROUP_READ);
        return result;
    }

    private static void makeTraversableTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                    makeTraversable(p);
                }
            }
        }
    }

    private static void makeTraversable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
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
