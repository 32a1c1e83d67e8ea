package org.ecoeval.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the local stack keeps PostgreSQL's data: somewhere that survives a reboot. Under the state directory
 * ({@code .ecoeval/postgres/data}) when the server's user can reach it; when we are root PostgreSQL runs as
 * {@code nobody}, who cannot enter a clone under {@code /root}, and then the data lives in
 * {@code /var/lib/ecoeval/<state directory's name and hash>} with a link from the state directory. Never under
 * {@code /tmp}, {@code /var/tmp}, {@code /dev/shm} or {@code /run}: tmpfs and systemd-tmpfiles lose them (an earlier
 * launcher kept the data under /tmp; {@link #resolve} moves such data to the durable place).
 */
public final class PostgresDataHome {
    static final List<Path> VOLATILE = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"), Path.of("/run"));
    static final Path DURABLE_ROOT = Path.of("/var/lib/ecoeval");

    /** A path on a volatile file system (or cleaned by the OS): not a place for a database. */
    public static boolean isVolatile(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return VOLATILE.stream().anyMatch(p::startsWith);
    }

    /** True when every directory from / down to {@code dir} lets other users through (o+x). */
    static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /** The durable directory outside the clone for the state directory {@code stateDir}: stable across runs. */
    static Path durableHomeFor(Path stateDir) {
        Path state = stateDir.toAbsolutePath().normalize();
        String id;
        try {
            id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(state.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // the clone's folder name, for a person reading /var/lib/ecoeval; the hash keeps two clones apart
        String name = state.getParent() == null || state.getParent().getFileName() == null ? "root"
                : state.getParent().getFileName().toString();
        return DURABLE_ROOT.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + id);
    }

    /**
     * The PostgreSQL data directory (PGDATA) of the state directory {@code dir} ({@code .ecoeval/postgres}),
     * creating the durable home or moving data left under /tmp by an earlier launcher there. Not to be called
     * while the server runs on data that must move.
     */
    public static Path resolve(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        if (!PostgresServer.isRoot()) {
            return data;
        }
        if (Files.isSymbolicLink(data)) {
            Path target = Files.readSymbolicLink(data);
            if (!isVolatile(target)) {
                return target.resolve("pgdata");
            }
            return moveToDurable(dir, data, target);
        }
        if (Files.isDirectory(data) || traversableByOthers(dir)) {
            Files.createDirectories(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            return data.resolve("pgdata");
        }
        Path home = durableHome(dir);
        Files.createSymbolicLink(data, home);
        return home.resolve("pgdata");
    }

    /** The data directory as it is now, moving and creating nothing: for stopping a server wherever it runs. */
    public static Path current(Path dir) throws IOException {
        Path data = dir.resolve("data");
        if (Files.isSymbolicLink(data)) {
            return Files.readSymbolicLink(data).resolve("pgdata");
        }
        return Files.isDirectory(data.resolve("pgdata")) ? data.resolve("pgdata") : data;
    }

    private static Path moveToDurable(Path dir, Path link, Path volatileHome) throws IOException {
        Path home = traversableByOthers(dir) ? dir.resolve("data.moving") : durableHome(dir);
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (Files.isDirectory(volatileHome.resolve("pgdata")) && !Files.exists(home.resolve("pgdata"))) {
            if (new PostgresServerProbe(volatileHome.resolve("pgdata")).running()) {
                throw new IllegalStateException("PostgreSQL still runs on " + volatileHome
                        + " (a volatile place): run 'ecoeval down' first, then 'up' moves its data to a durable place");
            }
            // cp -a keeps the owner (nobody) and modes; /tmp is often another file system, so no rename
            ChildProcess.run(List.of("cp", "-a", volatileHome.resolve("pgdata").toString(),
                    home.resolve("pgdata").toString()),
                    dir.resolve("move.log"), 600);
        }
        Files.delete(link);
        if (home.getFileName().toString().equals("data.moving")) {
            Files.move(home, link);
            home = link;
        } else {
            Files.createSymbolicLink(link, home);
        }
        System.err.println("PostgreSQL data moved from " + volatileHome + " to " + home.toRealPath()
                + " (durable); the old copy is left in place");
        return home.resolve("pgdata");
    }

    private static Path durableHome(Path dir) throws IOException {
        Path home = durableHomeFor(dir.getParent() == null ? dir : dir.getParent()); // of .ecoeval, not .ecoeval/postgres
        Files.createDirectories(home);
        Files.setPosixFilePermissions(DURABLE_ROOT, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** Whether a postmaster is alive on a data directory (its pid file names a live process). */
    private record PostgresServerProbe(Path pgdata) {
        boolean running() {
            try {
                Path pid = pgdata.resolve("postmaster.pid");
                return Files.exists(pid) && ChildProcess.isAlive(Long.parseLong(Files.readAllLines(pid).get(0).strip()));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }

    private PostgresDataHome() {
    }
}
