package org.ecoeval.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The scale figure: the events of {@code counties} × {@code units} × {@code tasks} (one SubmissionSubmitted per task,
 * plus each county's plan) replayed into fresh scores by a real scoring-service process, against a bare Kafka
 * consumer reading the same records.
 *
 * <p>The records go to topics of this run only, and the scoring-service under test is a second instance of the
 * packaged service with a database of its own and its channels pointed at those topics: the running stack never
 * sees them. A warm-up set of other counties (as many as the timed set, at most 100,
 * {@code BENCH_SCALE_WARMUP_COUNTIES}) comes first on the same topics, so that every consumer's JIT has compiled its
 * path before the timed records arrive: each side takes the warm-up, then waits for its JIT compiler to go quiet
 * ({@link JitQuiet}) before it takes the first timed record. The service's warm-up comes in two stages, so that it
 * takes both of its paths whatever the timed replay's race between its two channels: half of the counties'
 * submissions before their plan, the other half's plan first.
 * For the service, the timed records are produced in one Kafka transaction left open until then, and its consumers
 * read committed records only: the commit releases them all at once. {@code BENCH_SCALE_ORDER=plans-first} applies
 * the timed counties' plans before that (production's order; the default, {@code race}, leaves it to the channels).
 * Every side is timed the same way, from the first timed record taken to the commit of the last one (for the service,
 * its first claim of a timed event to PostgreSQL's commit timestamp of its last change to a timed county's
 * evaluation), so neither start-up, the consumer group's join nor the warm-up counts.
 * Afterwards the service's full recomputation is asked for a sample of counties: a replay that scored wrongly fast
 * would not pass.
 */
final class ScaleReplay {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final List<String> INDICATORS = List.of("EQI.PATTERN", "EQI.FUNCTION", "EQI.BIODIVERSITY",
            "EQI.STRESS", "ENV.AIR.GOOD_DAYS_RATIO", "ENV.WATER.CLASS_III_RATIO", "ENV.SOIL.SAFE_POINT_RATIO");
    private static final int YEAR = 2027;

    /** Seconds of each side: the bare reader, the two durable baselines (one row, the required writes), the service. */
    record Result(int records, double bareSeconds, double durableSeconds, double requiredWritesSeconds,
            double replaySeconds, int verified) {
    }

    private final String kafka;
    private final String postgres;
    private final Path scoringJar;
    private final String oidcUrl;
    private final String adminToken;
    private final int counties;
    private final int warmupCounties;
    private final int units;
    private final int tasks;
    private final boolean plansFirst = Bench.env("BENCH_SCALE_ORDER", "race").equals("plans-first");
    private final String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000);
    private final HttpClient http = HttpClient.newHttpClient();

    ScaleReplay(String kafka, String postgres, Path scoringJar, String oidcUrl, String adminToken, int counties,
            int units, int tasks) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.scoringJar = scoringJar;
        this.oidcUrl = oidcUrl;
        this.adminToken = adminToken;
        this.counties = counties;
        // The JIT needs volume, not a proportion: a tenth of the timed records left Kafka's client, Jackson and the
        // engine below C2's thresholds, so the compiler was busy through the timed window. As many as the timed set,
        // capped at the 80k run's so that the tenfold run's per-record cost is compared on the same warm-up.
        this.warmupCounties = Integer.parseInt(Bench.env("BENCH_SCALE_WARMUP_COUNTIES",
                Integer.toString(Math.min(counties, 100))));
        this.units = units;
        this.tasks = tasks;
    }

    Result run(Duration bound) throws Exception {
        String plansTopic = "eco.bench." + run + ".plans";
        String submissionsTopic = "eco.bench." + run + ".submissions";
        String database = "scoring_bench_" + run;
        List<String> topics = List.of(plansTopic, submissionsTopic, plansTopic + ".dlq", submissionsTopic + ".dlq",
                "eco.bench." + run + ".scores");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
            try {
                // The warm-up takes both paths a timed record may take, whichever channel comes first: half of its
                // counties have their submissions before their plan (stored, then one rebuild from the stored
                // inputs), the other half their plan first (each submission folded through the engine, a history
                // row each). The second stage is produced once the service has applied the first.
                int half = (warmupCounties + 1) / 2;
                int warmup;
                int early;
                int records;
                double replay;
                int verified;
                Map<String, Double> stepsBefore;
                try (var plain = producer(null)) {
                    warmup = produce(plain, plansTopic, submissionsTopic, WARMUP, 0, half, false, true)
                            + produce(plain, plansTopic, submissionsTopic, WARMUP, half, warmupCounties, true, false);
                    // BENCH_SCALE_ORDER=plans-first: the timed counties' plans are applied before the timed records
                    early = plansFirst ? produce(plain, plansTopic, submissionsTopic, TIMED, 0, counties, true, false) : 0;
                    createDatabase(database);
                    try {
                        Process scoring = startScoring(database, plansTopic, submissionsTopic);
                        try {
                            awaitApplied(database, warmup + early, bound, scoring);
                            warmup += produce(plain, plansTopic, submissionsTopic, WARMUP, 0, half, true, false)
                                    + produce(plain, plansTopic, submissionsTopic, WARMUP, half, warmupCounties, false,
                                            true);
                            awaitApplied(database, warmup + early, bound, scoring);
                            // the timed records wait in one open Kafka transaction (produced after the warm-up: a
                            // read_committed consumer sees nothing past an open transaction): the service sees none
                            // of them until the commit, then all at once, whatever the time producing them took
                            try (var timed = producer("bench-scale-" + run)) {
                                timed.initTransactions();
                                timed.beginTransaction();
                                records = early + produce(timed, plansTopic, submissionsTopic, TIMED, 0, counties,
                                        !plansFirst, true);
                                System.err.printf("bench: scale: %d warm-up records, then %d timed%s%n", warmup,
                                        records, plansFirst ? " (their plans applied first)" : "");
                                // read before the compiler's quiet: the first scrape compiles the metrics' code
                                stepsBefore = batchSteps(metrics());
                                JitQuiet.await("scoring-service, warm-up applied", JitQuiet.process(scoring.pid()));
                                timed.commitTransaction();
                            }
                            replay = replay(database, warmup + records, bound, scoring);
                            printBatchSteps(stepsBefore);
                            verified = verify(List.of(0, counties / 2, counties - 1));
                        } finally {
                            scoring.destroy();
                            if (!scoring.waitFor(20, TimeUnit.SECONDS)) {
                                scoring.destroyForcibly().waitFor();
                            }
                        }
                    } finally {
                        dropDatabase(database);
                    }
                }
                // the baselines after the service, on their own machine time: every record is committed by now
                double bare = bareRead(List.of(plansTopic, submissionsTopic), warmup + records, bound);
                double durable = durableRead(List.of(plansTopic, submissionsTopic), warmup + records, bound, "one-row",
                        1);
                double required = durableRead(List.of(plansTopic, submissionsTopic), warmup + records, bound,
                        "required", REQUIRED_WRITES_THREADS);
                return new Result(records, bare, durable, required, replay, verified);
            } finally {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The floor of the required writes takes the partitions in as many threads as the service has consumers. */
    private static final int REQUIRED_WRITES_THREADS = 3;

    /** County codes of the warm-up set (18…) and of the timed set (19…): a record's key tells which it belongs to. */
    static final String WARMUP = "18";
    static final String TIMED = "19";
    /** Event ids of the warm-up set, so that the service's claims tell the two apart. */
    private static final String WARMUP_EVENT = "warmup-";

    /** A producer to the run's topics; with a transactional id, for the timed records' one transaction. */
    private KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // open from the first timed record until the service's warm-up is over (start-up, warm-up, JIT)
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(10).toMillis());
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /**
     * The counties {@code from} … {@code to} − 1 of one set ({@code set}0000 …): their plans, then every task's
     * SubmissionSubmitted, keyed by evaluation id as submission-service does; either part alone when asked.
     */
    private int produce(KafkaProducer<String, String> producer, String plansTopic, String submissionsTopic, String set,
            int from, int to, boolean withPlans, boolean withSubmissions) throws Exception {
        String idPrefix = set.equals(WARMUP) ? WARMUP_EVENT : "";
        int count = 0;
        Instant now = Instant.now();
        for (int c = from; withPlans && c < to; c++) {
            String evaluation = evaluation(set, c);
            PlanPublished plan = new PlanPublished(idPrefix + UUID.randomUUID(), evaluation, 1, plan(set, c),
                    List.of(), now);
            producer.send(record(plansTopic, evaluation, PlanPublished.TYPE, plan.eventId(), plan));
            count++;
        }
        for (int c = from; withSubmissions && c < to; c++) {
            String evaluation = evaluation(set, c);
            for (int u = 0; u < units; u++) {
                for (int t = 0; t < tasks; t++) {
                    int n = (c * units + u) * tasks + t;
                    String indicator = INDICATORS.get(n % INDICATORS.size());
                    SubmissionEvent event = new SubmissionEvent(idPrefix + UUID.randomUUID(),
                            SubmissionEvent.Type.SubmissionSubmitted, UUID.randomUUID().toString(), 1, evaluation,
                            "U%02d".formatted(u), "U%02d-T%02d".formatted(u, t), SubmissionStatus.SUBMITTED,
                            List.of(new IndicatorValue(indicator, YEAR, BigDecimal.valueOf(400 + n % 500, 1)),
                                    new IndicatorValue(indicator, YEAR - 1, BigDecimal.valueOf(400 + n * 7 % 500, 1))),
                            List.of(), List.of(), Map.of(), now.plusMillis(n), now.plusMillis(n), false);
                    producer.send(record(submissionsTopic, evaluation, event.type().name(), event.eventId(), event));
                    count++;
                }
            }
        }
        producer.flush();
        return count;
    }

    private static ProducerRecord<String, String> record(String topic, String key, String type, String id, Object value)
            throws Exception {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, JSON.writeValueAsString(value));
        r.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8))
                .add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8))
                .add(CloudEventHeaders.SOURCE, "/bench".getBytes(StandardCharsets.UTF_8))
                .add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private Plan plan(String set, int c) {
        List<Plan.Department> departments = new ArrayList<>();
        List<Plan.Task> planTasks = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            departments.add(new Plan.Department("U%02d".formatted(u), "单位" + u, null));
            for (int t = 0; t < tasks; t++) {
                planTasks.add(new Plan.Task("U%02d-T%02d".formatted(u, t), "U%02d".formatted(u), "任务", INDICATORS,
                        null, null, null, YEAR + "-10-20", null));
            }
        }
        return new Plan(new Plan.County(county(set, c), "基准县" + c, BigDecimal.valueOf(1000), "WATER_CONSERVATION"), YEAR,
                YEAR - 1, "mee-2022", "Asia/Shanghai", false, departments, List.of(), planTasks, null);
    }

    /**
     * A bare consumer of the same records: deserialised to strings, nothing else. Seconds from the first timed record
     * to the last.
     */
    private double bareRead(List<String> topics, int records, Duration bound) throws InterruptedException {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-bare-" + run);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.nanoTime() + bound.toNanos();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(topics);
            int seen = 0;
            long first = 0;
            long bytes = 0;
            while (seen < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bare consumer read " + seen + " of " + records + " in time");
                }
                var batch = consumer.poll(Duration.ofMillis(200));
                for (var r : batch) {
                    if (first == 0 && r.key().startsWith(TIMED)) {
                        JitQuiet.await("bare consumer", JitQuiet.thisJvm()); // as the service does after its warm-up
                        first = System.nanoTime();
                    }
                    bytes += r.value().length();
                    seen++;
                }
            }
            consumer.commitSync();
            if (bytes == 0) {
                throw new IllegalStateException("no bytes read");
            }
            return (System.nanoTime() - first) / 1e9;
        }
    }

    /**
     * A durable baseline (DurableConsumer) in a fresh JVM like the service, on a database of its own: parses every
     * record and writes it ({@code writes}: once, or the rows the issue requires per event) with its offsets, one
     * transaction per poll. Seconds from its first record to its last commit, as it reports them.
     */
    private double durableRead(List<String> topics, int records, Duration bound, String writes, int threads)
            throws Exception {
        String database = "durable_bench_" + run + "_" + writes.replace('-', '_');
        createDatabase(database);
        try {
            List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-cp",
                    System.getProperty("java.class.path"), DurableConsumer.class.getName(), kafka, postgres + database,
                    System.getenv().getOrDefault("ECOEVAL_DB_USER", "ecoeval"),
                    System.getenv().getOrDefault("ECOEVAL_DB_PASSWORD", ""), "bench-durable-" + writes + "-" + run,
                    Integer.toString(records), TIMED, writes, Integer.toString(threads)));
            command.addAll(topics);
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the durable baseline consumer did not finish in " + bound);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("the durable baseline consumer failed (exit " + p.exitValue() + ")");
            }
            return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
        } finally {
            dropDatabase(database);
        }
    }

    private Process startScoring(String database, String plansTopic, String submissionsTopic) throws Exception {
        Path log = Files.createTempFile("bench-scoring-", ".log");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        // e.g. -XX:StartFlightRecording=filename=/tmp/replay.jfr,settings=profile to see where the replay goes
        String options = Bench.env("BENCH_SCALE_JAVA_OPTS", "");
        if (!options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-Dquarkus.http.port=" + Bench.SCALE_SCORING_PORT,
                "-Dquarkus.management.port=" + Bench.SCALE_SCORING_MANAGEMENT_PORT, "-jar", scoringJar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("ECOEVAL_SCORING_DB_URL", postgres + database);
        env.put("ECOEVAL_KAFKA", kafka);
        // the packaged jar runs the prod profile, here on purpose against the local stack's PostgreSQL
        env.put("ECOEVAL_ALLOW_LOCAL_DEFAULTS", "true");
        env.put("ECOEVAL_LOG_JSON", "false");
        env.put("ECOEVAL_OIDC_URL", oidcUrl);
        env.put("MP_MESSAGING_INCOMING_PLANS_TOPIC", plansTopic);
        env.put("MP_MESSAGING_INCOMING_PLANS_GROUP_ID", "scoring-bench-" + run);
        env.put("MP_MESSAGING_INCOMING_SUBMISSIONS_TOPIC", submissionsTopic);
        env.put("MP_MESSAGING_INCOMING_SUBMISSIONS_GROUP_ID", "scoring-bench-" + run);
        // the timed records are released by one Kafka transaction's commit, after the warm-up (see run)
        env.put("MP_MESSAGING_INCOMING_PLANS_ISOLATION_LEVEL", "read_committed");
        env.put("MP_MESSAGING_INCOMING_SUBMISSIONS_ISOLATION_LEVEL", "read_committed");
        // dead letters go to <topic>.dlq of the run's topics by themselves; ScoreChanged to a topic of the run
        env.put("ECOEVAL_SCORES_TOPIC", "eco.bench." + run + ".scores");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        System.err.println("bench: scale: fresh scoring-service on :" + Bench.SCALE_SCORING_PORT + ", database "
                + database + ", log " + log);
        return pb.start();
    }

    /**
     * Waits until the fresh service has processed every record; seconds from its first claim of a timed event to the
     * commit of its last change to a timed county (PostgreSQL's commit timestamp where {@code track_commit_timestamp}
     * is on, as the launcher's PostgreSQL has it; else the time of the transaction's last statement).
     */
    private double replay(String database, int records, Duration bound, Process scoring) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        try (Connection c = connect(database)) {
            while (true) {
                if (!scoring.isAlive()) {
                    throw new IllegalStateException("the fresh scoring-service died (exit " + scoring.exitValue() + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fresh scoring-service did not finish the replay in " + bound);
                }
                // the module's tables are migrated before the service's own: wait for both
                // progress from the evaluations' counters (a hundred rows): counting the processed-event log every
                // half second took a second and a half of the database's time during a run
                if (tableExists(c, "messaging_processed_event") && tableExists(c, "score_snapshot")
                        && processed(c) >= records) {
                    String lastCommit = commitTimestamps(c) ? "pg_xact_commit_timestamp(xmin)" : "applied_at";
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                            "select (select count(*) from messaging_processed_event), extract(epoch from "
                                    + "(select max(" + lastCommit + ") from evaluation where evaluation_id like '"
                                    + TIMED + "%') - (select min(processed_at) from messaging_processed_event "
                                    + "where event_id not like '" + WARMUP_EVENT + "%'" + timedOnly() + "))")) {
                        rs.next();
                        if (rs.getInt(1) >= records) {
                            printTimeline(c);
                            return rs.getDouble(2);
                        }
                    }
                }
                Thread.sleep(500);
            }
        }
    }

    /** With the plans first, the timed records start with the submissions. */
    private String timedOnly() {
        return plansFirst ? " and topic like '%.submissions'" : "";
    }

    /** Waits until the fresh service has taken {@code records} events (the warm-up's). */
    private void awaitApplied(String database, int records, Duration bound, Process scoring) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        try (Connection c = connect(database)) {
            while (!(tableExists(c, "messaging_processed_event") && tableExists(c, "score_snapshot")
                    && processed(c) >= records)) {
                if (!scoring.isAlive()) {
                    throw new IllegalStateException("the fresh scoring-service died (exit " + scoring.exitValue() + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fresh scoring-service did not apply the warm-up in " + bound);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Events taken so far: submission events counted per evaluation, plus the plans kept. */
    private static long processed(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select (select coalesce(sum(event_count), 0) from evaluation) + (select count(*) from plan)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean commitTimestamps(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show track_commit_timestamp")) {
            return rs.next() && rs.getString(1).equals("on");
        }
    }

    /**
     * When the timed set's plans and submissions were applied, in seconds after the first timed claim (median and
     * last): the channel that finishes last is the replay's critical path. A plan applied before its county's
     * submissions has them folded one by one (a history row each); one applied after them rebuilds the county once.
     */
    private void printTimeline(Connection c) throws SQLException {
        String since = "(select min(processed_at) from messaging_processed_event where event_id not like '"
                + WARMUP_EVENT + "%'" + timedOnly() + ")";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select "
                + "(select extract(epoch from percentile_disc(0.5) within group (order by updated_at) - " + since
                + ") from submission where evaluation_id like '" + TIMED + "%'), "
                + "(select extract(epoch from max(updated_at) - " + since + ") from submission where evaluation_id like '"
                + TIMED + "%'), "
                + "(select extract(epoch from percentile_disc(0.5) within group (order by e.processed_at) - " + since
                + ") from messaging_processed_event e join plan p on p.event_id = e.event_id where p.evaluation_id like '"
                + TIMED + "%'), "
                + "(select extract(epoch from max(e.processed_at) - " + since + ") from messaging_processed_event e "
                + "join plan p on p.event_id = e.event_id where p.evaluation_id like '" + TIMED + "%')")) {
            rs.next();
            System.err.printf(java.util.Locale.ROOT, "bench: scale: applied after the first claim: submissions median "
                    + "%.1f s, last %.1f s; plans median %.1f s, last %.1f s%n", rs.getDouble(1), rs.getDouble(2),
                    rs.getDouble(3), rs.getDouble(4));
        }
    }

    /**
     * Where the fresh service's batch path spent its time: the sums of its {@code ecoeval_scoring_batch_step_seconds}
     * timer, read from its metrics, over the whole run (warm-up included) and over the timed replay alone (the sums
     * after it less those read just before the timed records were released).
     */
    private void printBatchSteps(Map<String, Double> before) throws Exception {
        String body = metrics();
        Map<String, Double> after = batchSteps(body);
        StringBuilder whole = new StringBuilder();
        StringBuilder timed = new StringBuilder();
        for (var step : after.entrySet()) {
            whole.append(whole.isEmpty() ? "" : ", ").append(step.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", step.getValue()));
            timed.append(timed.isEmpty() ? "" : ", ").append(step.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.2f s",
                            step.getValue() - before.getOrDefault(step.getKey(), 0.0)));
        }
        java.util.regex.Matcher builds = java.util.regex.Pattern.compile(
                "(?m)^ecoeval_scoring_state_builds_total(?:\\{[^}]*\\})?\\s+(\\S+)").matcher(body);
        System.err.println("bench: scale: the service's batch path, whole run with the warm-up: "
                + (whole.isEmpty() ? "(no ecoeval_scoring_batch_step_seconds in its metrics)" : whole)
                + (builds.find() ? "; engine states built from stored inputs: " + (long) Double.parseDouble(builds.group(1))
                        : ""));
        System.err.println("bench: scale: the service's batch path, timed replay alone: " + timed);
    }

    /** The sums of the service's {@code ecoeval_scoring_batch_step_seconds} timer by step, in seconds. */
    private static Map<String, Double> batchSteps(String metrics) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^ecoeval_scoring_batch_step_seconds_sum\\{[^}]*step=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)")
                .matcher(metrics);
        Map<String, Double> sums = new java.util.LinkedHashMap<>();
        while (m.find()) {
            sums.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return sums;
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Bench.SCALE_SCORING_MANAGEMENT_PORT
                + "/q/metrics")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The service's own full recomputation agrees with its incremental state for a sample of the counties. */
    private int verify(List<Integer> sample) throws Exception {
        int verified = 0;
        for (int c : sample) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + Bench.SCALE_SCORING_PORT + "/api/v1/evaluations/" + evaluation(TIMED, c) + "/score/recompute"))
                    .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("recompute of " + evaluation(TIMED, c) + ": " + r.statusCode() + " " + r.body());
            }
            JsonNode report = JSON.readTree(r.body());
            if (report.path("differed").asBoolean(true) || report.path("storedSubmissions").asInt() != units * tasks) {
                throw new IllegalStateException("replayed score of " + evaluation(TIMED, c) + " is wrong: " + r.body());
            }
            verified++;
        }
        return verified;
    }

    private static String county(String set, int c) {
        return set + "%04d".formatted(c);
    }

    private static String evaluation(String set, int c) {
        return county(set, c) + "-" + YEAR;
    }

    private Connection connect(String database) throws Exception {
        return DriverManager.getConnection(postgres + database, System.getenv().getOrDefault("ECOEVAL_DB_USER", "ecoeval"),
                System.getenv().getOrDefault("ECOEVAL_DB_PASSWORD", ""));
    }

    private static boolean tableExists(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select 1 from information_schema.tables where table_schema = 'public' and table_name = '" + table + "'")) {
            return rs.next();
        }
    }

    private void createDatabase(String database) throws Exception {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
    }

    private void dropDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        } catch (Exception e) {
            System.err.println("bench: could not drop " + database + ": " + e.getMessage());
        }
    }
}
