package org.ecoeval.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The infrastructure half of {@code deploy/local/ecoeval}: starts and stops PostgreSQL and Kafka for
 * the local stack, detached, with their state under the launcher's state directory; lists and replays
 * dead letters ({@link DeadLetterCommand}).
 *
 * <pre>
 * LocalInfra postgres-up   --dir D --port 5432 --databases submission,scoring,tracking
 * LocalInfra postgres-down --dir D --port 5432
 * LocalInfra kafka-up      --dir D --port 9092 --controller-port 9093
 * LocalInfra kafka-down    --dir D --port 9092
 * LocalInfra dlq-list      --bootstrap 127.0.0.1:9092 --topic eco.submissions
 * LocalInfra dlq-replay    --bootstrap 127.0.0.1:9092 --topic eco.submissions
 * </pre>
 */
public final class LocalInfra {

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            usage();
        }
        if (args[0].startsWith("dlq-")) {
            // the operator reads this output: UTF-8 whatever the locale, and no SLF4J notice about a missing logger
            System.setProperty("slf4j.internal.verbosity", "ERROR");
            var out = new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
            var err = new java.io.PrintStream(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
            System.exit(DeadLetterCommand.run(args[0], Arrays.copyOfRange(args, 1, args.length), out, err));
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        Path dir = Path.of(require(options, "dir")).toAbsolutePath();
        int port = Integer.parseInt(require(options, "port"));
        switch (args[0]) {
            case "postgres-up" -> {
                PostgresServer server = PostgresServer.startDetached(postgresData(dir), port);
                for (String db : options.getOrDefault("databases", "").split(",")) {
                    if (!db.isBlank()) {
                        server.createDatabase(db.strip());
                    }
                }
                System.out.println("postgres " + server.runningPid() + " on 127.0.0.1:" + port);
            }
            case "postgres-home" -> System.out.println(postgresData(dir)); // where the data goes (restore)
            case "postgres-down" -> PostgresServer.at(PostgresDataHome.current(dir), port).stop();
            case "kafka-up" -> {
                int controller = Integer.parseInt(options.getOrDefault("controller-port", Integer.toString(port + 1)));
                KafkaBroker broker = KafkaBroker.startDetached(dir, port, controller);
                System.out.println("kafka " + broker.runningPid() + " on " + broker.bootstrapServers());
            }
            case "kafka-down" -> KafkaBroker.at(dir, port).stop();
            default -> usage();
        }
        System.exit(0);
    }

    /** See {@link PostgresDataHome}: durable, never under /tmp. */
    private static Path postgresData(Path dir) throws IOException {
        return PostgresDataHome.resolve(dir);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage();
        }
        return value;
    }

    private static void usage() {
        System.err.println(String.join("\n", List.of(
                "usage: LocalInfra postgres-up|postgres-down|kafka-up|kafka-down --dir DIR --port PORT",
                "       [--databases a,b,c] [--controller-port PORT]",
                "       LocalInfra dlq-list|dlq-replay --bootstrap HOST:PORT --topic TOPIC")));
        System.exit(2);
    }

    private LocalInfra() {
    }
}
