package org.ecoeval.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * Formats the KRaft log directory (idempotently) and runs one combined broker+controller in this JVM.
 *
 * <p>Usage: {@code BrokerMain <server.properties> <cluster-id> [--exit-on-stdin-eof]}. With the flag the
 * broker halts as soon as its standard input closes, i.e. when the test JVM that started it dies, so no
 * test ever leaves an orphan broker behind.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BrokerMain <server.properties> <cluster-id> [--exit-on-stdin-eof]");
            System.exit(2);
        }
        String properties = args[0];
        String clusterId = args[1];
        if (args.length > 2 && "--exit-on-stdin-eof".equals(args[2])) {
            Thread watcher = new Thread(BrokerMain::haltOnStdinEof, "parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", properties, "--ignore-formatted"}, System.out);
        kafka.Kafka.main(new String[] {properties});
    }

    private static void haltOnStdinEof() {
        try (InputStream in = System.in) {
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // the parent never writes; we only wait for the pipe to close
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as EOF: the parent is gone
        }
        Runtime.getRuntime().halt(0);
    }
}
