package org.ecoeval.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Loads the running local stack from a second process on loopback, prints one table of ratios and writes them to
 * {@code result.json} (architecture.md, "Operations"), each figure measured side by side with its baseline in the same
 * run. Bounded in count and time.
 *
 * <p>Tokens come from the launcher through the environment: {@code BENCH_BUREAU_TOKEN}, {@code BENCH_UNIT_TOKENS}
 * (space-separated, one per unit U00…), for county {@code BENCH_COUNTY}. Several evaluations of that county (the
 * tokens name the county, not the year) keep the phases apart and never let a window run out of tasks: freshness and
 * polling use 2027, the end-to-end run 2028, the request-path windows 2030–2034.
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String submission = env("BENCH_SUBMISSION_URL", "http://127.0.0.1:8081");
    private final String scoring = env("BENCH_SCORING_URL", "http://127.0.0.1:8082");
    private final String tracking = env("BENCH_TRACKING_URL", "http://127.0.0.1:8083");
    private final String kafka = env("BENCH_KAFKA", "127.0.0.1:9092");
    private final String county = env("BENCH_COUNTY", "152599");
    private final String bureau = System.getenv("BENCH_BUREAU_TOKEN");
    private final List<String> unitTokens = List.of(env("BENCH_UNIT_TOKENS", "").trim().split("\\s+"));
    private final int tasksPerUnit = Integer.parseInt(env("BENCH_TASKS_PER_UNIT", "100"));
    /** scoring- and tracking-service, paused (SIGSTOP) while intake's request path is measured alone. */
    private final List<String> quietPids = List.of(env("BENCH_QUIET_PIDS", "").trim().split("\\s+")).stream()
            .filter(s -> !s.isBlank()).toList();
    static final int SCALE_SCORING_PORT = Integer.parseInt(env("BENCH_SCALE_SCORING_PORT", "8092"));
    /** The fresh scoring-service's management port: not the stack's 9082 (taken by its own scoring-service). */
    static final int SCALE_SCORING_MANAGEMENT_PORT = Integer.parseInt(env("BENCH_SCALE_SCORING_MANAGEMENT_PORT", "9192"));
    private final Evaluation first;
    /** Enough tasks that no request-path window runs out (intake alone goes faster than a plan's 2,000 tasks). */
    private final List<Evaluation> requestPath;
    private final Evaluation endToEnd;
    private final List<String[]> rows = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean resumeOnExit = new java.util.concurrent.atomic.AtomicBoolean();
    private final ArrayNode figures = JSON.createArrayNode();

    /** One evaluation of the bench county: its tasks are handed out in order, each submitted once. */
    private final class Evaluation {
        final String id;
        final int year;
        final AtomicInteger next = new AtomicInteger();

        Evaluation(int year) {
            this.year = year;
            this.id = county + "-" + year;
        }

        int taskCount() {
            return unitTokens.size() * tasksPerUnit;
        }
    }

    private Bench() {
        first = new Evaluation(2027);
        endToEnd = new Evaluation(2028);
        requestPath = List.of(new Evaluation(2030), new Evaluation(2031), new Evaluation(2032), new Evaluation(2033),
                new Evaluation(2034));
    }

    public static void main(String[] args) throws Exception {
        new Bench().run();
    }

    private void run() throws Exception {
        // BENCH_PHASES picks phases (e.g. "scale" alone); the table is only comparable run to run with all of them
        List<String> phases = List.of(env("BENCH_PHASES", "freshness,ingest,polling,scale,incremental").split(","));
        if (phases.contains("freshness") || phases.contains("ingest") || phases.contains("polling")) {
            if (bureau == null || unitTokens.isEmpty() || unitTokens.get(0).isEmpty()) {
                throw new IllegalStateException("BENCH_BUREAU_TOKEN and BENCH_UNIT_TOKENS must be set (run through ecoeval bench)");
            }
            registerPlan(first);
            registerPlan(endToEnd);
            for (Evaluation e : requestPath) {
                registerPlan(e);
            }
            warmUp(100);
        }
        if (phases.contains("freshness")) {
            freshness(Integer.parseInt(env("BENCH_FRESHNESS_SAMPLES", "1000")));
            settle(first);
        }
        if (phases.contains("ingest")) {
            double baseline = requestPath(Duration.ofSeconds(4), 8);
            for (Evaluation e : requestPath) {
                settle(e);
            }
            endToEnd(8, baseline);
        }
        if (phases.contains("polling")) {
            polling(Duration.ofSeconds(8), 4);
        }
        if (phases.contains("incremental")) {
            incremental();
        }
        ScaleReplay.Result scaled = null;
        if (phases.contains("scale")) {
            print(System.err); // the figures so far, while the long scale run goes on
            writeResult();
            scaled = scale(1);
        }
        if (phases.contains("tenfold")) {
            // not among the default phases: ten times the records (800k) takes the fresh service minutes
            print(System.err);
            writeResult();
            ScaleReplay.Result once = scaled != null ? scaled : scale(1);
            ScaleReplay.Result tenfold = scale(10);
            figure("scale.800k-vs-80k-per-record", "scale: seconds per record into fresh scores, %d vs %d records"
                    .formatted(tenfold.records(), once.records()), tenfold.replaySeconds() / tenfold.records() * 1e6,
                    once.replaySeconds() / once.records() * 1e6, "µs", "≤ 1.2×");
        }
        print(System.out);
        writeResult();
    }

    /** A fresh evaluation per run (the minute in the county code keeps runs apart) with units × tasks. */
    private void registerPlan(Evaluation e) throws Exception {
        StringBuilder departments = new StringBuilder();
        StringBuilder tasks = new StringBuilder();
        for (int u = 0; u < unitTokens.size(); u++) {
            departments.append(u == 0 ? "" : ",").append(
                    "{\"code\":\"U%02d\",\"name\":\"单位%d\",\"headEmail\":\"u%d-head@example.org\"}".formatted(u, u, u));
            for (int t = 0; t < tasksPerUnit; t++) {
                tasks.append(tasks.length() == 0 ? "" : ",").append(("{\"id\":\"U%02d-T%02d\",\"department\":\"U%02d\","
                        + "\"title\":\"任务\",\"due\":\"%d-10-20\",\"indicators\":[\"EQI.PATTERN\",\"EQI.FUNCTION\","
                        + "\"ENV.AIR.GOOD_DAYS_RATIO\",\"ENV.WATER.CLASS_III_RATIO\"]}").formatted(u, t, u, e.year));
            }
        }
        String plan = ("{\"county\":{\"code\":\"%s\",\"name\":\"基准县\",\"areaKm2\":1000,\"functionType\":\"WATER_CONSERVATION\"},"
                + "\"year\":%d,\"comparisonYear\":%d,\"methodology\":\"mee-2022\",\"timeZone\":\"Asia/Shanghai\","
                + "\"departments\":[%s],\"supervisors\":[{\"name\":\"办公室\",\"email\":\"office@example.org\"}],"
                + "\"tasks\":[%s],\"escalation\":{\"remindBefore\":[\"P3D\"],\"escalateAfter\":[\"PT0S\"]}}")
                .formatted(county, e.year, e.year - 1, departments, tasks);
        HttpResponse<String> r = send("PUT", tracking + "/api/v1/evaluations/" + e.id + "/plan", bureau, plan, null);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("plan refused: " + r.statusCode() + " " + r.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (send("GET", submission + "/api/v1/evaluations/" + e.id + "/submissions", unitTokens.get(0), null, null)
                .statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("submission-service did not learn the plan of " + e.id);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The services' code paths compiled before anything is timed: submissions (not counted in any figure), the
     * baseline endpoints, score and status reads.
     */
    private void warmUp(int submissions) throws Exception {
        for (int i = 0; i < submissions; i++) {
            if (submitNext(first, i % 2 == 0).statusCode() != 201) {
                throw new IllegalStateException("submission refused during warm-up");
            }
            send("POST", submission + "/api/v1/bench/ingest-baseline", unitTokens.get(0), submissionBody(first, i),
                    null);
            send("GET", tracking + "/api/v1/bench/noop", bureau, null, null);
            basis(first);
            submittedTasks(first);
        }
        settle(first);
    }

    /**
     * Waits until scoring and tracking have taken in every submission made so far, so that one phase's backlog
     * does not load the next phase's figure.
     */
    private void settle(Evaluation e) throws Exception {
        long submitted = Math.min(e.next.get(), e.taskCount());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (basis(e).path("eventCount").asLong(-1) < submitted || submittedTasks(e) < submitted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack did not take in " + submitted + " submissions of " + e.id
                        + " in 5 minutes");
            }
            Thread.sleep(100);
        }
    }

    private long submittedTasks(Evaluation e) throws Exception {
        HttpResponse<String> r = send("GET", tracking + "/api/v1/evaluations/" + e.id + "/status", bureau, null, null);
        return r.statusCode() != 200 ? -1 : JSON.readTree(r.body()).path("totals").path("submitted").asLong(-1);
    }

    /**
     * Submit → score visible, against Kafka's own produce → consume round trip on a topic of the same broker, the two
     * interleaved sample by sample. A sample of the system is a new version of one submission (PUT, the same path
     * and event as a first submission, so that a thousand samples need no thousand tasks), timed from just before
     * the request to the {@code basis.appliedAt} scoring records right before its commit; the reader that waits
     * for it polls every 10 ms and adds nothing to the figure.
     */
    private void freshness(int samples) throws Exception {
        int task = first.next.get();
        String unitToken = unitTokens.get(task / tasksPerUnit); // the unit of the task submitted next
        String id = JSON.readTree(submitNext(first, false).body()).path("id").asText();
        settle(first);
        Stats system = new Stats();
        Stats broker = new Stats();
        List<Instant> starts = new ArrayList<>();
        List<Instant> applieds = new ArrayList<>();
        try (KafkaRoundTrip roundTrip = new KafkaRoundTrip()) {
            for (int i = 0; i < samples; i++) {
                long before = basis(first).path("eventCount").asLong();
                Instant start = Instant.now();
                starts.add(start);
                HttpResponse<String> r = send("PUT", submission + "/api/v1/submissions/" + id, unitToken,
                        submissionBody(first, task), null);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("new version refused during freshness run: " + r.statusCode()
                            + " " + r.body());
                }
                JsonNode basis;
                while ((basis = basis(first)).path("eventCount").asLong() <= before) {
                    Thread.sleep(10);
                }
                Instant applied = Instant.parse(basis.path("appliedAt").asText());
                applieds.add(applied);
                system.add(Duration.between(start, applied).toNanos());
                broker.add(roundTrip.once());
            }
        }
        hops(id, starts, applieds);
        figure("freshness.p50", "freshness p50: submit → score applied vs Kafka produce → consume (%d samples each)"
                .formatted(samples), system.percentileMillis(50), broker.percentileMillis(50), "ms", "≤ 5×");
        figure("freshness.p99", "freshness p99", system.percentileMillis(99), broker.percentileMillis(99), "ms",
                "≤ 3×");
    }

    /**
     * Where a freshness sample's time goes, from the services' own records of each version's event: the request until
     * its outbox row was written (in the request's transaction), the row until the relay had the broker's ack and
     * marked it, the mark until scoring claimed the event, the claim until scoring's commit ({@code appliedAt}).
     * Printed as medians and 99th percentiles; a figure the README quotes, not a goal.
     */
    private void hops(String submissionId, List<Instant> starts, List<Instant> applieds) throws Exception {
        String postgres = env("BENCH_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/");
        String user = System.getenv().getOrDefault("ECOEVAL_DB_USER", "ecoeval");
        String password = System.getenv().getOrDefault("ECOEVAL_DB_PASSWORD", "");
        List<String> eventIds = new ArrayList<>();
        List<Instant[]> outbox = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(postgres + "submission", user, password);
                var ps = c.prepareStatement("select event_id, created_at, published_at from messaging_outbox "
                        + "where payload like ? order by seq")) {
            ps.setString(1, "%" + submissionId + "%");
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    eventIds.add(rs.getString(1));
                    outbox.add(new Instant[] {rs.getTimestamp(2).toInstant(), rs.getTimestamp(3) == null ? null
                            : rs.getTimestamp(3).toInstant()});
                }
            }
        }
        Map<String, Instant> claimed = new java.util.HashMap<>();
        try (var c = java.sql.DriverManager.getConnection(postgres + "scoring", user, password);
                var ps = c.prepareStatement("select event_id, processed_at from messaging_processed_event "
                        + "where event_id = any (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        // the first row is the POST that created the submission; the samples are the versions after it
        int offset = outbox.size() - starts.size();
        if (offset < 0) {
            System.err.println("bench: freshness: fewer outbox rows than samples; no breakdown");
            return;
        }
        Stats request = new Stats();
        Stats relay = new Stats();
        Stats delivery = new Stats();
        Stats apply = new Stats();
        for (int i = 0; i < starts.size(); i++) {
            Instant[] row = outbox.get(offset + i);
            Instant claim = claimed.get(eventIds.get(offset + i));
            if (row[1] == null || claim == null) {
                continue;
            }
            request.add(Duration.between(starts.get(i), row[0]).toNanos());
            relay.add(Duration.between(row[0], row[1]).toNanos());
            delivery.add(Duration.between(row[1], claim).toNanos());
            apply.add(Duration.between(claim, applieds.get(i)).toNanos());
        }
        System.out.printf(Locale.ROOT, "freshness by hop (%d samples; p50 / p99): request → outbox row %.1f / %.1f ms; "
                + "row → relay marked it acknowledged %.1f / %.1f ms; mark → scoring claims the event %.1f / %.1f ms; "
                + "claim → scoring's commit %.1f / %.1f ms%n", request.count(), request.percentileMillis(50),
                request.percentileMillis(99), relay.percentileMillis(50), relay.percentileMillis(99),
                delivery.percentileMillis(50), delivery.percentileMillis(99), apply.percentileMillis(50),
                apply.percentileMillis(99));
    }

    /** Kafka's own round trip: produce with acks=all, consume on an assigned partition. */
    private final class KafkaRoundTrip implements AutoCloseable {
        private final String topic = "eco.bench.roundtrip";
        private final KafkaProducer<String, String> producer;
        private final KafkaConsumer<String, String> consumer;

        KafkaRoundTrip() throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
                if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
                }
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
        }

        long once() throws Exception {
            String id = UUID.randomUUID().toString();
            long start = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, county, id)).get();
            boolean seen = false;
            while (!seen) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    seen |= record.value().equals(id);
                }
            }
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }

    /**
     * Intake's request path: POST → 201 with the downstream consumers quiet (scoring- and tracking-service paused),
     * against the same clients posting the same bodies to the endpoint that only inserts one row into the same
     * PostgreSQL. Half of the requests carry an Idempotency-Key. A timed warm-up at load, then windows alternating
     * system, baseline, system, baseline. Returns the baseline's rate.
     */
    private double requestPath(Duration window, int threads) throws Exception {
        String baselineUrl = submission + "/api/v1/bench/ingest-baseline";
        ThrowingSupplier<Integer> system = () -> {
            for (Evaluation e : requestPath) {
                int n = e.next.getAndIncrement();
                if (n < e.taskCount()) {
                    return submit(e, n, ThreadLocalRandom.current().nextBoolean()).statusCode();
                }
            }
            return -1;
        };
        ThrowingSupplier<Integer> baseline = () -> {
            int n = ThreadLocalRandom.current().nextInt(first.taskCount());
            return send("POST", baselineUrl, unitTokens.get(n / tasksPerUnit), submissionBody(requestPath.get(0), n),
                    ThreadLocalRandom.current().nextBoolean() ? UUID.randomUUID().toString() : null).statusCode();
        };
        Rate systemRate = new Rate();
        Rate baselineRate = new Rate();
        pauseConsumers(true);
        try {
            accepted(Duration.ofSeconds(2), threads, system); // warm-up at load, not counted
            accepted(Duration.ofSeconds(2), threads, baseline);
            for (int i = 0; i < 2; i++) {
                systemRate.add(accepted(window, threads, system));
                baselineRate.add(accepted(window, threads, baseline));
            }
        } finally {
            pauseConsumers(false);
        }
        if (requestPath.stream().allMatch(e -> e.next.get() >= e.taskCount())) {
            throw new IllegalStateException("the request-path windows ran out of tasks");
        }
        figure("ingest.request-path", "ingest, request path: POST → 201 per second, consumers paused, vs one-row "
                + "insert (%d clients, half with Idempotency-Key)".formatted(threads), systemRate.perSecond(),
                baselineRate.perSecond(), "submissions/s", "≥ 0.8×");
        return baselineRate.perSecond();
    }

    /**
     * Intake end to end: every task of the third evaluation posted by the same clients, timed from the first POST
     * until scoring and tracking have applied the last one, against the request path's baseline.
     */
    private void endToEnd(int threads, double baseline) throws Exception {
        int count = endToEnd.taskCount();
        long start = System.nanoTime();
        accepted(Duration.ofMinutes(5), threads, () -> {
            int n = endToEnd.next.getAndIncrement();
            return n < count ? submit(endToEnd, n, ThreadLocalRandom.current().nextBoolean()).statusCode() : -1;
        });
        while (basis(endToEnd).path("eventCount").asLong(-1) < count || submittedTasks(endToEnd) < count) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                throw new IllegalStateException("end-to-end run did not finish in 10 minutes");
            }
            Thread.sleep(20);
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        figure("ingest.end-to-end", "ingest, end to end: %d submissions accepted and applied by scoring and tracking "
                .formatted(count) + "per second vs one-row insert", rate, baseline, "submissions/s", "≥ 0.5×");
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Accepted requests and the time they took, summed over windows. */
    private static final class Rate {
        private long count;
        private double seconds;

        void add(double[] window) {
            count += (long) window[0];
            seconds += window[1];
        }

        double perSecond() {
            return count / seconds;
        }
    }

    /**
     * Requests answered 201 within the window and the seconds until the last answer; a status of -1 means nothing is
     * left to send.
     */
    private double[] accepted(Duration window, int threads, ThrowingSupplier<Integer> post) throws Exception {
        AtomicLong accepted = new AtomicLong();
        Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
        long end = System.nanoTime() + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        AtomicLong last = new AtomicLong(start);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int status = post.get();
                    if (status == -1) {
                        break;
                    }
                    if (status == 201) {
                        accepted.incrementAndGet();
                    } else {
                        refused.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    }
                    last.accumulateAndGet(System.nanoTime(), Math::max);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(window.toSeconds() + 60, TimeUnit.SECONDS);
        if (!refused.isEmpty()) {
            throw new IllegalStateException("requests not answered 201 during an ingest window: " + refused);
        }
        return new double[] {accepted.get(), (last.get() - start) / 1e9};
    }

    /** SIGSTOP / SIGCONT to scoring- and tracking-service (their pids from the launcher). */
    private void pauseConsumers(boolean pause) throws Exception {
        if (pause && resumeOnExit.compareAndSet(false, true)) {
            // never leave the services stopped, however the harness ends
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String pid : quietPids) {
                    try {
                        new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
                    } catch (IOException | InterruptedException e) {
                        System.err.println("bench: could not resume process " + pid + ": " + e);
                    }
                }
            }));
        }
        for (String pid : quietPids) {
            Process kill = new ProcessBuilder("kill", pause ? "-STOP" : "-CONT", pid).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("cannot " + (pause ? "pause" : "resume") + " process " + pid);
            }
        }
    }

    /**
     * Status polls per second with and without If-None-Match, against an authenticated no-op of the same service
     * (the same HTTP, token verification and role check, nothing else).
     */
    private void polling(Duration window, int threads) throws Exception {
        String status = tracking + "/api/v1/evaluations/" + first.id + "/status";
        String etag = http.send(request("GET", status, bureau, null).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("ETag").orElse(null);
        double full = throughput(window, threads, () -> request("GET", status, bureau, null), 200);
        double conditional = throughput(window, threads, () -> {
            HttpRequest.Builder b = request("GET", status, bureau, null);
            return etag == null ? b : b.header("If-None-Match", etag);
        }, 304);
        double noop = throughput(window, threads, () -> request("GET", tracking + "/api/v1/bench/noop", bureau, null),
                204);
        figure("polling.304-vs-200", "polling: status of %d tasks with If-None-Match (304) vs without (200)"
                .formatted(first.taskCount()), conditional, full, "requests/s", "—");
        figure("polling.304-vs-noop", "polling: status with If-None-Match vs an authenticated no-op", conditional,
                noop, "requests/s", "—");
    }

    private double throughput(Duration window, int threads, java.util.function.Supplier<HttpRequest.Builder> requests,
            int expected) throws Exception {
        AtomicLong done = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int code = http.send(requests.get().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    statuses.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
                    done.incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(window.toSeconds() + 30, TimeUnit.SECONDS);
        if (statuses.size() != 1 || !statuses.containsKey(expected)) {
            throw new IllegalStateException("expected only " + expected + " while polling, got " + statuses);
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** The n-th task's submission of an evaluation: two values of one indicator (evaluation and comparison year). */
    private HttpResponse<String> submitNext(Evaluation e, boolean withKey) throws Exception {
        int n = e.next.getAndIncrement();
        if (n >= e.taskCount()) {
            throw new IllegalStateException("no task left in " + e.id + "; raise BENCH_TASKS_PER_UNIT");
        }
        return submit(e, n, withKey);
    }

    private HttpResponse<String> submit(Evaluation e, int n, boolean withKey) throws Exception {
        int unit = n / tasksPerUnit;
        return send("POST", submission + "/api/v1/evaluations/" + e.id + "/submissions", unitTokens.get(unit),
                submissionBody(e, n), withKey ? UUID.randomUUID().toString() : null);
    }

    private String submissionBody(Evaluation e, int n) {
        String indicator = List.of("EQI.PATTERN", "EQI.FUNCTION", "ENV.AIR.GOOD_DAYS_RATIO", "ENV.WATER.CLASS_III_RATIO")
                .get(n % 4);
        return ("{\"task\":\"U%02d-T%02d\",\"values\":[{\"indicator\":\"%s\",\"year\":%d,\"value\":%d.5},"
                + "{\"indicator\":\"%s\",\"year\":%d,\"value\":%d.25}]}")
                .formatted((n / tasksPerUnit) % unitTokens.size(), n % tasksPerUnit, indicator, e.year, 40 + n % 50,
                        indicator, e.year - 1, 40 + (n * 7) % 50);
    }

    /** scoring's own benchmark (run by the launcher just before): per-event cost with 100k and 1k stored. */
    private void incremental() throws IOException {
        String file = System.getenv("BENCH_INCREMENTAL_RESULT");
        if (file == null || !Files.exists(Path.of(file))) {
            System.err.println("bench: incremental: no result of scoring's benchmark (BENCH_INCREMENTAL_RESULT)");
            return;
        }
        Map<Long, Double> p50 = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 5 && cols[0].matches("\\d+")) {
                p50.put(Long.parseLong(cols[0]), Double.parseDouble(cols[4]));
            }
        }
        if (p50.containsKey(1000L) && p50.containsKey(100000L)) {
            figure("incremental.100k-vs-1k", "incremental: scoring per-event cost (p50), 100k vs 1k stored submissions",
                    p50.get(100000L), p50.get(1000L), "ms", "≤ 1.2×");
        }
    }

    /**
     * 100 counties × 20 units × 40 tasks of events (times {@code factor} counties) replayed into fresh scores vs a bare
     * consumer and a durable one (ScaleReplay).
     */
    private ScaleReplay.Result scale(int factor) throws Exception {
        int counties = Integer.parseInt(env("BENCH_SCALE_COUNTIES", "100")) * factor;
        int units = Integer.parseInt(env("BENCH_SCALE_UNITS", "20"));
        int tasks = Integer.parseInt(env("BENCH_SCALE_TASKS", "40"));
        System.err.printf("bench: scale: %d counties × %d units × %d tasks …%n", counties, units, tasks);
        ScaleReplay.Result r = new ScaleReplay(kafka, env("BENCH_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/"),
                Path.of(env("BENCH_SCORING_JAR", "scoring-service/target/quarkus-app/quarkus-run.jar")),
                env("BENCH_OIDC_URL", "http://127.0.0.1:8180/realms/ecoeval"), System.getenv("BENCH_ADMIN_TOKEN"),
                counties, units, tasks).run(Duration.ofMinutes(Long.parseLong(env("BENCH_SCALE_MINUTES", "20"))));
        if (factor != 1) {
            System.err.printf("bench: scale ×%d: %d records in %.1f s (durable %.1f s, required writes %.1f s, "
                    + "bare %.1f s)%n", factor, r.records(), r.replaySeconds(), r.durableSeconds(),
                    r.requiredWritesSeconds(), r.bareSeconds());
            return r;
        }
        figure("scale.vs-durable-consumer", "scale: the same records into fresh scores vs a durable bare consumer (fresh JVM, "
                + "parses each, one multi-row insert + offsets per poll, synchronous commit)", r.replaySeconds(),
                r.durableSeconds(), "s", "≤ 2×");
        figure("scale.vs-bare-consumer", "scale: %d records (%d×%d×%d) into fresh scores vs bare consumer; %d recomputed equal"
                .formatted(r.records(), counties, units, tasks, r.verified()), r.replaySeconds(), r.bareSeconds(), "s",
                "≤ 10×");
        // no goal of its own: how far under the vs-bare goal a consumer can get that stores what the issue requires
        // per event (claim, input, history row, state) and computes nothing
        figure("scale.required-writes-vs-bare-consumer", "scale: a durable consumer writing only the rows required per "
                + "event (claim, input, history, state; no fold) vs bare consumer", r.requiredWritesSeconds(),
                r.bareSeconds(), "s", "—");
        return r;
    }

    private JsonNode basis(Evaluation e) throws Exception {
        HttpResponse<String> r = send("GET", scoring + "/api/v1/evaluations/" + e.id + "/score", bureau, null, null);
        return r.statusCode() != 200 ? JSON.createObjectNode() : JSON.readTree(r.body()).path("basis");
    }

    private HttpResponse<String> send(String method, String url, String token, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder b = request(method, url, token, body);
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String url, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    /** One figure: a row of the printed table and an entry of result.json. */
    private void figure(String name, String description, double value, double baseline, String unit, String goal) {
        String shown = unit.equals("ms") ? "%.1f ms" : unit.equals("s") ? "%.1f s" : unit.equals("µs") ? "%.1f µs"
                : "%.0f/s";
        rows.add(new String[] {description, shown.formatted(value), shown.formatted(baseline),
                "%.2f×".formatted(value / baseline), goal});
        ObjectNode f = figures.addObject();
        f.put("name", name);
        f.put("value", round(value));
        f.put("baseline", round(baseline));
        f.put("ratio", round(value / baseline));
        f.put("unit", unit);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void writeResult() throws IOException {
        Path file = Path.of(env("BENCH_RESULT", ".ecoeval/bench/result.json"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        ObjectNode result = JSON.createObjectNode();
        result.put("at", Instant.now().toString());
        result.set("figures", figures);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
    }

    private void print(java.io.PrintStream out) {
        String format = "| %-100s | %14s | %14s | %7s | %-6s |%n";
        out.printf(Locale.ROOT, format, "figure", "EcoEval", "baseline", "ratio", "goal");
        out.printf(Locale.ROOT, format, "-".repeat(100), "-".repeat(14), "-".repeat(14), "-".repeat(7), "-".repeat(6));
        for (String[] row : rows) {
            out.printf(Locale.ROOT, format, (Object[]) row);
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
