package org.ecoeval.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Waits until a JVM's JIT compiler has gone quiet: busy less than a fiftieth of the time over two seconds (an idle
 * service never stops compiling altogether: its schedulers, health checks and empty polls keep a trickle going).
 * The scale figure times consumers that the warm-up has warmed: on this 2-core machine, a fresh scoring-service's
 * compiler threads were a third of its CPU through the timed replay when the timed records followed the warm-up at
 * once (async-profiler, itimer), and a warm-up three times as long did not change that. Every side of the figure
 * (the service, the durable and the bare consumer) waits the same way between its warm-up and its timed records.
 */
final class JitQuiet {
    static final Duration QUIET = Duration.ofSeconds(2);
    /** Compilation time allowed over {@link #QUIET}: 2% of it. */
    static final long QUIET_COMPILE_MS = QUIET.toMillis() / 50;
    static final Duration AT_MOST = Duration.ofSeconds(60);

    /** Milliseconds this JVM's compiler threads have spent compiling (its compilation MXBean). */
    static LongSupplier thisJvm() {
        return () -> ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** Milliseconds another JVM of this machine has spent compiling ({@code jstat -compiler}, from the JDK). */
    static LongSupplier process(long pid) {
        return () -> {
            try {
                Process p = new ProcessBuilder("jstat", "-compiler", Long.toString(pid)).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("jstat -compiler " + pid + ": " + out);
                }
                List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
                // Compiled Failed Invalid Time FailedType FailedMethod; Time in seconds
                return Math.round(Double.parseDouble(lines.get(lines.size() - 1).trim().split("\\s+")[3]) * 1000);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the compiler's counters of process " + pid, e);
            }
        };
    }

    /**
     * Returns once {@code compileMillis} has grown by at most {@link #QUIET_COMPILE_MS} over the last {@link #QUIET},
     * or after {@link #AT_MOST} (a compiler that never settles is reported, not waited for forever), and says how
     * long it waited.
     */
    static void await(String who, LongSupplier compileMillis) throws InterruptedException {
        long start = System.nanoTime();
        long atWindowStart = compileMillis.getAsLong();
        while (true) {
            Thread.sleep(QUIET.toMillis());
            long now = compileMillis.getAsLong();
            if (now - atWindowStart <= QUIET_COMPILE_MS) {
                break;
            }
            if (System.nanoTime() - start > AT_MOST.toNanos()) {
                System.err.printf("bench: scale: %s: the JIT compiler did not go quiet in %d s; timing anyway%n", who,
                        AT_MOST.toSeconds());
                break;
            }
            atWindowStart = now;
        }
        System.err.printf(java.util.Locale.ROOT, "bench: scale: %s: JIT compiler quiet after %.1f s%n", who,
                (System.nanoTime() - start) / 1e9);
    }

    private JitQuiet() {
    }
}
