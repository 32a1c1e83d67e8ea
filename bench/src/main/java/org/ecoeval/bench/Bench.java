package org.ecoeval.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

/**
 * Loads the running local stack from a second process on loopback and prints one table of ratios, each
 * figure measured side by side with its baseline in the same run. Bounded in count and time.
 *
 * <p>Tokens come from the launcher through the environment: {@code BENCH_BUREAU_TOKEN},
 * {@code BENCH_UNIT_TOKENS} (space-separated, one per unit U00…), for county {@code BENCH_COUNTY}.
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
    static final int SCALE_SCORING_PORT = Integer.parseInt(env("BENCH_SCALE_SCORING_PORT", "8092"));
    private final String evaluation;
    private final AtomicInteger nextTask = new AtomicInteger();
    private final List<String[]> rows = new ArrayList<>();

    private Bench() {
        this.evaluation = county + "-2027";
    }

    public static void main(String[] args) throws Exception {
        new Bench().run();
    }

    private void run() throws Exception {
        // BENCH_PHASES picks phases (e.g. "scale" alone); the table is only comparable run to run with all of them
        List<String> phases = List.of(env("BENCH_PHASES", "freshness,ingest,polling,scale").split(","));
        if (phases.contains("freshness") || phases.contains("ingest") || phases.contains("polling")) {
            if (bureau == null || unitTokens.isEmpty() || unitTokens.get(0).isEmpty()) {
                throw new IllegalStateException("BENCH_BUREAU_TOKEN and BENCH_UNIT_TOKENS must be set (run through ecoeval bench)");
            }
            registerPlan();
            warmUp(100);
        }
        if (phases.contains("freshness")) {
            freshness(150);
            settle();
        }
        if (phases.contains("ingest")) {
            ingest(Duration.ofSeconds(15), 8);
            settle();
        }
        if (phases.contains("polling")) {
            polling(Duration.ofSeconds(8), 4);
        }
        if (phases.contains("scale")) {
            print(System.err); // the figures so far, while the long scale run goes on
            scale();
        }
        print(System.out);
    }

    /** A fresh evaluation per run (the minute in the county code keeps runs apart) with units × tasks due next year. */
    private void registerPlan() throws Exception {
        StringBuilder departments = new StringBuilder();
        StringBuilder tasks = new StringBuilder();
        for (int u = 0; u < unitTokens.size(); u++) {
            departments.append(u == 0 ? "" : ",").append(
                    "{\"code\":\"U%02d\",\"name\":\"单位%d\",\"headEmail\":\"u%d-head@example.org\"}".formatted(u, u, u));
            for (int t = 0; t < tasksPerUnit; t++) {
                tasks.append(tasks.length() == 0 ? "" : ",").append(("{\"id\":\"U%02d-T%02d\",\"department\":\"U%02d\","
                        + "\"title\":\"任务\",\"due\":\"2027-10-20\",\"indicators\":[\"EQI.PATTERN\",\"EQI.FUNCTION\","
                        + "\"ENV.AIR.GOOD_DAYS_RATIO\",\"ENV.WATER.CLASS_III_RATIO\"]}").formatted(u, t, u));
            }
        }
        String plan = ("{\"county\":{\"code\":\"%s\",\"name\":\"基准县\",\"areaKm2\":1000,\"functionType\":\"WATER_CONSERVATION\"},"
                + "\"year\":2027,\"comparisonYear\":2026,\"methodology\":\"mee-2022\",\"timeZone\":\"Asia/Shanghai\","
                + "\"departments\":[%s],\"supervisors\":[{\"name\":\"办公室\",\"email\":\"office@example.org\"}],"
                + "\"tasks\":[%s],\"escalation\":{\"remindBefore\":[\"P3D\"],\"escalateAfter\":[\"PT0S\"]}}")
                .formatted(county, departments, tasks);
        HttpResponse<String> r = send("PUT", tracking + "/api/v1/evaluations/" + evaluation + "/plan", bureau, plan);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("plan refused: " + r.statusCode() + " " + r.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (send("GET", submission + "/api/v1/evaluations/" + evaluation + "/submissions", unitTokens.get(0), null)
                .statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("submission-service did not learn the plan");
            }
            Thread.sleep(50);
        }
    }

    /**
     * The services' code paths compiled before anything is timed: submissions (not counted in any figure), the
     * baseline endpoint, score and status reads.
     */
    private void warmUp(int submissions) throws Exception {
        for (int i = 0; i < submissions; i++) {
            if (submitNext() != 201) {
                throw new IllegalStateException("submission refused during warm-up");
            }
            send("POST", submission + "/api/v1/bench/ingest-baseline", unitTokens.get(0), submissionBody(i));
            eventCount();
            submittedTasks();
        }
        settle();
    }

    /**
     * Waits until scoring and tracking have taken in every submission made so far, so that one phase's backlog
     * does not load the next phase's figure.
     */
    private void settle() throws Exception {
        long submitted = nextTask.get();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (eventCount() < submitted || submittedTasks() < submitted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack did not take in " + submitted + " submissions in 5 minutes");
            }
            Thread.sleep(200);
        }
    }

    private long submittedTasks() throws Exception {
        HttpResponse<String> r = send("GET", tracking + "/api/v1/evaluations/" + evaluation + "/status", bureau, null);
        return r.statusCode() != 200 ? -1 : JSON.readTree(r.body()).path("totals").path("submitted").asLong(-1);
    }

    /** Submit → score visible, one at a time, against Kafka's own produce → consume round trip. */
    private void freshness(int samples) throws Exception {
        Stats system = new Stats();
        for (int i = 0; i < samples; i++) {
            long before = eventCount();
            long start = System.nanoTime();
            if (submitNext() != 201) {
                throw new IllegalStateException("submission refused during freshness run");
            }
            while (eventCount() <= before) {
                Thread.sleep(1); // a pause between reads, so that the reader does not starve what it waits for
            }
            system.add(System.nanoTime() - start);
        }
        Stats broker = kafkaRoundTrip(samples);
        rows.add(new String[] {"freshness p50: submit → score visible vs Kafka produce → consume",
                ms(system.percentileMillis(50)), ms(broker.percentileMillis(50)),
                ratio(system.percentileMillis(50), broker.percentileMillis(50)), "—"});
        rows.add(new String[] {"freshness p99", ms(system.percentileMillis(99)), ms(broker.percentileMillis(99)),
                ratio(system.percentileMillis(99), broker.percentileMillis(99)), "≤ 3×"});
    }

    private Stats kafkaRoundTrip(int samples) throws Exception {
        String topic = "eco.bench.roundtrip";
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
        Stats stats = new Stats();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < samples; i++) {
                String id = UUID.randomUUID().toString();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, evaluation, id)).get();
                boolean seen = false;
                while (!seen) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        seen |= record.value().equals(id);
                    }
                }
                stats.add(System.nanoTime() - start);
            }
        }
        return stats;
    }

    /**
     * Accepted submissions per second from concurrent department systems, against the same clients posting the same
     * bodies to the baseline endpoint that only inserts one row into the same PostgreSQL.
     */
    private void ingest(Duration window, int threads) throws Exception {
        String baselineUrl = submission + "/api/v1/bench/ingest-baseline";
        double baseline = accepted(window, threads, () -> {
            int n = ThreadLocalRandom.current().nextInt(unitTokens.size() * tasksPerUnit);
            return send("POST", baselineUrl, unitTokens.get(n / tasksPerUnit), submissionBody(n)).statusCode();
        });
        int left = unitTokens.size() * tasksPerUnit - nextTask.get();
        double intake = accepted(window, threads, () -> nextTask.get() < unitTokens.size() * tasksPerUnit
                ? submitNext() : -1);
        String note = nextTask.get() >= unitTokens.size() * tasksPerUnit ? " (all " + left + " tasks done early)" : "";
        rows.add(new String[] {"ingest: accepted submissions/s vs one-row insert (" + threads + " clients)" + note,
                "%.0f/s".formatted(intake), "%.0f/s".formatted(baseline), ratio(intake, baseline), "≥ 0.7"});
    }

    /** Requests per second answered 201 within the window; a status of -1 means nothing is left to send. */
    private double accepted(Duration window, int threads, Callable<Integer> post) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long end = System.nanoTime() + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        AtomicLong last = new AtomicLong(start);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int status = post.call();
                    if (status == -1) {
                        break;
                    }
                    (status == 201 ? accepted : refused).incrementAndGet();
                    last.accumulateAndGet(System.nanoTime(), Math::max);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(window.toSeconds() + 60, TimeUnit.SECONDS);
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " requests were not answered 201 during the ingest run");
        }
        return accepted.get() / ((last.get() - start) / 1e9);
    }

    /** Status polls per second with and without If-None-Match, against a bare endpoint of the same service. */
    private void polling(Duration window, int threads) throws Exception {
        String status = tracking + "/api/v1/evaluations/" + evaluation + "/status";
        String etag = http.send(request("GET", status, bureau, null).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("ETag").orElse(null);
        double full = throughput(window, threads, () -> request("GET", status, bureau, null));
        double conditional = throughput(window, threads, () -> {
            HttpRequest.Builder b = request("GET", status, bureau, null);
            return etag == null ? b : b.header("If-None-Match", etag);
        });
        double bare = throughput(window, threads, () -> request("GET", tracking + "/q/health/live", null, null));
        rows.add(new String[] {"polling: status with If-None-Match (304) vs without (200)", "%.0f/s".formatted(conditional),
                "%.0f/s".formatted(full), ratio(conditional, full), "—"});
        rows.add(new String[] {"polling: status with If-None-Match vs bare endpoint (/q/health/live)",
                "%.0f/s".formatted(conditional), "%.0f/s".formatted(bare), ratio(conditional, bare), "—"});
    }

    private double throughput(Duration window, int threads, java.util.function.Supplier<HttpRequest.Builder> requests)
            throws Exception {
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
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private int submitNext() throws Exception {
        int n = nextTask.getAndIncrement();
        int unit = n / tasksPerUnit;
        if (unit >= unitTokens.size()) {
            throw new IllegalStateException("no task left; raise BENCH_TASKS_PER_UNIT");
        }
        return send("POST", submission + "/api/v1/evaluations/" + evaluation + "/submissions", unitTokens.get(unit),
                submissionBody(n)).statusCode();
    }

    /** The n-th task's submission: two values of one indicator (evaluation and comparison year). */
    private String submissionBody(int n) {
        String indicator = List.of("EQI.PATTERN", "EQI.FUNCTION", "ENV.AIR.GOOD_DAYS_RATIO", "ENV.WATER.CLASS_III_RATIO")
                .get(n % 4);
        return ("{\"task\":\"U%02d-T%02d\",\"values\":[{\"indicator\":\"%s\",\"year\":2027,\"value\":%d.5},"
                + "{\"indicator\":\"%s\",\"year\":2026,\"value\":%d.25}]}")
                .formatted(n / tasksPerUnit, n % tasksPerUnit, indicator, 40 + n % 50, indicator, 40 + (n * 7) % 50);
    }

    /** 100 counties × 20 units × 40 tasks of events replayed into fresh scores vs a bare consumer (ScaleReplay). */
    private void scale() throws Exception {
        int counties = Integer.parseInt(env("BENCH_SCALE_COUNTIES", "100"));
        int units = Integer.parseInt(env("BENCH_SCALE_UNITS", "20"));
        int tasks = Integer.parseInt(env("BENCH_SCALE_TASKS", "40"));
        System.err.printf("bench: scale: %d counties × %d units × %d tasks …%n", counties, units, tasks);
        ScaleReplay.Result r = new ScaleReplay(kafka, env("BENCH_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/"),
                Path.of(env("BENCH_SCORING_JAR", "scoring-service/target/quarkus-app/quarkus-run.jar")),
                env("BENCH_OIDC_URL", "http://127.0.0.1:8180/realms/ecoeval"), System.getenv("BENCH_ADMIN_TOKEN"),
                counties, units, tasks).run(Duration.ofMinutes(Long.parseLong(env("BENCH_SCALE_MINUTES", "20"))));
        rows.add(new String[] {"scale: %d records (%d×%d×%d) into fresh scores vs bare consumer; %d recomputed equal"
                .formatted(r.records(), counties, units, tasks, r.verified()),
                "%.1f s".formatted(r.replaySeconds()), "%.1f s".formatted(r.bareSeconds()),
                ratio(r.replaySeconds(), r.bareSeconds()), "≤ 2×"});
    }

    private long eventCount() throws Exception {
        HttpResponse<String> r = send("GET", scoring + "/api/v1/evaluations/" + evaluation + "/score", bureau, null);
        if (r.statusCode() != 200) {
            return -1;
        }
        JsonNode basis = JSON.readTree(r.body()).path("basis");
        return basis.path("eventCount").asLong(-1);
    }

    private HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        return http.send(request(method, url, token, body).build(), HttpResponse.BodyHandlers.ofString());
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

    private void print(java.io.PrintStream out) {
        String format = "| %-80s | %12s | %12s | %7s | %-6s |%n";
        out.printf(Locale.ROOT, format, "figure", "EcoEval", "baseline", "ratio", "goal");
        out.printf(Locale.ROOT, format, "-".repeat(80), "-".repeat(12), "-".repeat(12), "-".repeat(7), "-".repeat(6));
        for (String[] row : rows) {
            out.printf(Locale.ROOT, format, (Object[]) row);
        }
    }

    private static String ms(double millis) {
        return "%.1f ms".formatted(millis);
    }

    private static String ratio(double a, double b) {
        return "%.2f×".formatted(a / b);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
