package org.ecoeval.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting server processes in one of two ways: <em>attached</em> (tests) — the server dies with the JVM
 * that started it, even on SIGKILL, because a shell guard stops it when its stdin pipe closes; or
 * <em>detached</em> (the local launcher) — the server outlives the launcher in its own session.
 */
public final class ChildProcess {

    /**
     * The guard: runs the command in the background, waits for EOF on stdin (the parent JVM is gone or
     * asked for a stop), then sends the given signal and waits for the server to finish; a server that has not
     * finished a minute later is killed, so that nothing outlives its test run.
     */
    private static final String GUARD = "\"$@\" </dev/null & child=$!; cat >/dev/null; "
            + "kill -s %s $child 2>/dev/null; (sleep 60; kill -s KILL $child 2>/dev/null) & killer=$!; "
            + "wait $child; kill $killer 2>/dev/null";

    public static Process startAttached(List<String> command, Path log, String stopSignal) {
        List<String> guarded = new ArrayList<>(List.of("sh", "-c", GUARD.formatted(stopSignal), "guard"));
        guarded.addAll(command);
        try {
            return new ProcessBuilder(guarded)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Stops an attached process by closing its stdin, then waits for it. */
    public static void stopAttached(Process process, long timeoutSeconds) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (IOException ignored) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a process in a new session (setsid) so that it outlives the launcher; returns its pid. */
    public static long startDetached(List<String> command, Path log) {
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(command);
        try {
            Process process = new ProcessBuilder(detached)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs a short command to completion, failing with its output when it does not exit 0. */
    public static void run(List<String> command, Path log, long timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command + " (see " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed with exit " + process.exitValue() + ": " + command
                        + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ChildProcess() {
    }
}
