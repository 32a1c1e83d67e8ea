package org.ecoeval.scoring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.ManagementItem;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.scoring.EventStream;
import org.ecoeval.scoring.api.RecomputeReport;
import org.ecoeval.scoring.persistence.SubmissionStore;
import org.ecoeval.scoring.service.Ingestion;
import org.ecoeval.scoring.service.Recomputation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Benchmark harness (not a timed test: it asserts correctness only and reports the timings). Run it with
 * {@code mvn -B test -Pbench -pl scoring-service}; it is excluded from the normal test run.
 *
 * <p>For two evaluations, one with 1k and one with 100k stored submissions, it seeds the submissions in the database
 * and lets the plan event build the per-term state (the plan-arrival path). It then applies a mix of submission events
 * (new submissions, new versions, acceptances, returns) through {@link Ingestion#applySubmission} — the consumer's
 * whole transaction, without the broker — alternately to both evaluations, so that load on the machine weighs on both
 * alike, and times each; then it times the admin's full recompute of each. Results go to the console and to
 * {@code target/bench/scoring-bench.txt}.
 */
@QuarkusTest
@Tag("bench")
class PerEventCostBenchmark {
    private static final int WARM_UP = 100;
    private static final int MEASURED = 500;
    private static final int RECOMPUTES = 3;
    private static final List<String> INDICATORS = IndicatorCatalogue.indicators().stream()
            .map(i -> i.code()).toList();
    private static final List<String> ITEMS = IndicatorCatalogue.managementItems().stream()
            .map(ManagementItem::code).toList();

    @Inject
    Ingestion ingestion;
    @Inject
    Recomputation recomputation;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;

    record Result(int stored, double seedSeconds, double planRebuildMs, double meanMs, double medianMs, double p95Ms,
            double recomputeMs) {
    }

    /** One evaluation under measurement. */
    private static final class Subject {
        final int size;
        final String evaluationId;
        final Random random;
        final List<String> open;
        final double seedSeconds;
        final double planMs;
        final List<Double> times = new ArrayList<>();

        Subject(int size, String evaluationId, Random random, List<String> open, double seedSeconds, double planMs) {
            this.size = size;
            this.evaluationId = evaluationId;
            this.random = random;
            this.open = open;
            this.seedSeconds = seedSeconds;
            this.planMs = planMs;
        }
    }

    @Test
    void per_event_cost_with_1k_and_100k_stored_submissions_and_full_recompute() throws Exception {
        Subject small = prepare(1_000);
        Subject large = prepare(100_000);
        // interleaved, alternating which goes first, so that the machine's load drifts over both alike
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            Subject first = i % 2 == 0 ? small : large;
            Subject second = first == small ? large : small;
            apply(first, i);
            apply(second, i);
        }
        List<Result> results = List.of(result(small), result(large));
        Result s = results.get(0);
        Result l = results.get(1);
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nscoring-service benchmark (%s, %d cores, %d measured events per size after %d "
                + "warm-up, interleaved)%n", Instant.now(), Runtime.getRuntime().availableProcessors(), MEASURED, WARM_UP));
        out.append(String.format("%-10s %10s %14s %12s %12s %12s %14s%n", "stored", "seed s", "plan rebuild ms",
                "event mean", "event p50", "event p95", "recompute ms"));
        for (Result r : results) {
            out.append(String.format("%-10d %10.1f %14.1f %12.3f %12.3f %12.3f %14.1f%n", r.stored, r.seedSeconds,
                    r.planRebuildMs, r.meanMs, r.medianMs, r.p95Ms, r.recomputeMs));
        }
        out.append(String.format("per-event cost ratio 100k/1k: median %.2f, mean %.2f; full recompute at 100k = %.0f "
                + "median events%n", l.medianMs / s.medianMs, l.meanMs / s.meanMs, l.recomputeMs / l.medianMs));
        System.out.println(out);
        Path file = Path.of("target", "bench", "scoring-bench.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private Subject prepare(int size) throws Exception {
        String county = EventStream.freshCounty();
        String evaluationId = county + "-2024";
        Random random = new Random(size);
        long t0 = System.nanoTime();
        List<String> open = seed(evaluationId, size, random);
        double seedSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        PlanPublished plan = new PlanPublished(UUID.randomUUID().toString(), evaluationId, 1,
                EventStream.plan(county, 2024, 2023, "U0"), List.of(), Instant.now());
        Ingestion.Outcome planned = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().timeout(900)
                .call(() -> ingestion.applyPlan(plan)); // as the plan consumer opens it, with the rebuild's timeout
        double planMs = (System.nanoTime() - t1) / 1e6;
        assertThat(planned).isEqualTo(Ingestion.Outcome.APPLIED);
        Collections.shuffle(open, random);
        return new Subject(size, evaluationId, random, open, seedSeconds, planMs);
    }

    private void apply(Subject subject, int i) {
        SubmissionEvent event = nextEvent(subject.evaluationId, i, subject.open, subject.random);
        long start = System.nanoTime();
        Ingestion.Outcome outcome = ingestion.applySubmission(event);
        long took = System.nanoTime() - start;
        assertThat(outcome).isEqualTo(Ingestion.Outcome.APPLIED);
        if (i >= WARM_UP) {
            subject.times.add(took / 1e6);
        }
    }

    private Result result(Subject subject) {
        List<Double> times = new ArrayList<>(subject.times);
        Collections.sort(times);
        double mean = times.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double median = times.get(times.size() / 2);
        double p95 = times.get((int) (times.size() * 0.95));
        List<Double> recomputes = new ArrayList<>();
        for (int i = 0; i < RECOMPUTES; i++) {
            long start = System.nanoTime();
            RecomputeReport report = recomputation.recompute(subject.evaluationId, null);
            recomputes.add((System.nanoTime() - start) / 1e6);
            assertThat(report.differed()).as(report.toString()).isFalse();
            assertThat(report.storedSubmissions()).isGreaterThanOrEqualTo(subject.size);
        }
        Collections.sort(recomputes);
        return new Result(subject.size, subject.seedSeconds, subject.planMs, mean, median, p95,
                recomputes.get(RECOMPUTES / 2));
    }

    /** A mix: 40 % new submissions, 20 % new versions, 20 % acceptances, 20 % returns of stored ones. */
    private SubmissionEvent nextEvent(String evaluationId, int i, List<String> open, Random random) {
        Instant now = Instant.now();
        int kind = i % 5;
        if (kind <= 1 || open.isEmpty()) {
            return new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionSubmitted,
                    "new-" + UUID.randomUUID(), 1, evaluationId, "U1", "U1-DATA", SubmissionStatus.SUBMITTED,
                    values(random), List.of(patch("NP-" + UUID.randomUUID(), random)), List.of(), null, now, now, false);
        }
        String id = open.remove(open.size() - 1);
        return switch (kind) {
            case 2 -> new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionSubmitted, id, 2,
                    evaluationId, "U1", "U1-DATA", SubmissionStatus.SUBMITTED, values(random),
                    List.of(patch("P-" + id, random)), List.of(), null, now, now, false);
            case 3 -> new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionAccepted, id, 1,
                    evaluationId, "U1", "U1-DATA", SubmissionStatus.ACCEPTED, values(random),
                    List.of(patch("P-" + id, random)), List.of(), Map.of(ITEMS.get(random.nextInt(ITEMS.size())),
                            score(random)), now, now.minusSeconds(3600), false);
            default -> new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionReturned, id, 1,
                    evaluationId, "U1", "U1-DATA", SubmissionStatus.RETURNED, values(random),
                    List.of(patch("P-" + id, random)), List.of(), null, now, now.minusSeconds(3600), false);
        };
    }

    /** Seeds {@code size} stored submissions; returns the ids of those still open (SUBMITTED). */
    private List<String> seed(String evaluationId, int size, Random random) throws Exception {
        List<String> open = new ArrayList<>();
        Instant base = Instant.parse("2024-03-01T00:00:00Z");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ev = c.prepareStatement(
                    "insert into evaluation (evaluation_id, event_count, created_at) values (?, 0, now())")) {
                ev.setString(1, evaluationId);
                ev.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into submission (submission_id, evaluation_id, "
                    + "department, task, version, status, event_type, event_time, submitted_at, reviewed_at, "
                    + "last_event_id, content_json, late, updated_at) "
                    + "values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, false, now())")) {
                for (int i = 0; i < size; i++) {
                    String id = String.format("%s-seed-%07d", evaluationId, i);
                    boolean accepted = i % 3 == 0;
                    Instant at = base.plusSeconds(i);
                    ps.setString(1, id);
                    ps.setString(2, evaluationId);
                    ps.setString(3, "U" + i % 50);
                    ps.setString(4, "U" + i % 50 + "-DATA");
                    ps.setString(5, accepted ? "ACCEPTED" : "SUBMITTED");
                    ps.setString(6, accepted ? "SubmissionAccepted" : "SubmissionSubmitted");
                    ps.setTimestamp(7, Timestamp.from(accepted ? at.plusSeconds(1) : at));
                    ps.setTimestamp(8, Timestamp.from(at));
                    ps.setTimestamp(9, accepted ? Timestamp.from(at.plusSeconds(1)) : null);
                    ps.setString(10, "seed-event-" + i);
                    Map<String, BigDecimal> scores = new LinkedHashMap<>();
                    if (accepted) {
                        scores.put(ITEMS.get(random.nextInt(ITEMS.size())), score(random));
                    }
                    ps.setString(11, mapper.writeValueAsString(new SubmissionStore.Content(values(random),
                            List.of(patch("P-" + id, random)), i % 20 == 0 ? List.of(new EnvironmentalEvent("E-" + id,
                                    EventKind.ENVIRONMENTAL_EMERGENCY, i % 40 == 0 ? Severity.GENERAL : Severity.LARGE,
                                    java.time.LocalDate.of(2024, 6, 1))) : List.of(), scores)));
                    ps.addBatch();
                    if (!accepted) {
                        open.add(id);
                    }
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return open;
    }

    /** A pair of values of one indicator (evaluation and comparison year), within its range, one decimal. */
    private static List<IndicatorValue> values(Random random) {
        String code = INDICATORS.get(random.nextInt(INDICATORS.size()));
        BigDecimal max = IndicatorCatalogue.indicator(code).orElseThrow().max();
        return List.of(new IndicatorValue(code, 2024, decimal(random, max)),
                new IndicatorValue(code, 2023, decimal(random, max)));
    }

    private static Patch patch(String id, Random random) {
        return new Patch(id, BigDecimal.valueOf(1 + random.nextInt(50), 1),
                random.nextBoolean() ? PatchDirection.IMPROVED : PatchDirection.DEGRADED, "bench", random.nextBoolean());
    }

    private static BigDecimal score(Random random) {
        return BigDecimal.valueOf(random.nextInt(21) - 10, 1);
    }

    private static BigDecimal decimal(Random random, BigDecimal max) {
        return max.multiply(BigDecimal.valueOf(random.nextInt(1001), 3)).setScale(1, RoundingMode.HALF_UP);
    }
}
