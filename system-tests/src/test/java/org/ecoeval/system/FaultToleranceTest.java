package org.ecoeval.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ecoeval.contracts.Roles;
import org.ecoeval.infra.KafkaBroker;
import org.ecoeval.infra.TestInfrastructure;
import org.ecoeval.infra.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * Faults a county's servers meet: the broker gone for a minute while departments keep submitting, and
 * services killed without warning in the middle of a stream. Afterwards every submission counts exactly
 * once and the incremental score equals a full recomputation.
 */
class FaultToleranceTest {
    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void submissions_taken_while_kafka_is_down_for_a_minute_are_each_applied_once_after_it_returns() throws Exception {
        StreamPlan plan = StreamPlan.register(system, "152502", 20, 50);
        plan.awaitKnownBySubmissionService(system);

        KafkaBroker kafka = TestInfrastructure.get().kafka();
        Instant stopped = Instant.now();
        kafka.stop();
        try {
            List<String> ids = submitAll(plan, plan.taskCount());
            assertThat(ids).hasSize(plan.taskCount()).doesNotHaveDuplicates();
            // The broker stays away for a full minute, as the fault suite specifies, whatever the pace above.
            Duration away = Duration.between(stopped, Instant.now());
            if (away.compareTo(Duration.ofSeconds(60)) < 0) {
                await("the broker's minute away").pollDelay(Duration.ofSeconds(60).minus(away))
                        .atMost(Duration.ofSeconds(61)).until(() -> true);
            }
        } finally {
            kafka.restart();
        }

        awaitEveryEventApplied(plan, plan.taskCount());
        assertRecomputeFindsNoDifference(plan);
    }

    /**
     * PostgreSQL, which all three services use, stopped for 30 s while units keep submitting and while the
     * consumers have records in hand (some published straight to the topic during the outage, so that scoring and
     * tracking certainly meet it). A unit's system retries a 503 with the same Idempotency-Key. Afterwards nothing is
     * dead-lettered, every accepted submission is applied exactly once by both consumers, and no answer was
     * other than 201 or 503 (with Retry-After).
     */
    @Test
    void submissions_while_postgresql_is_down_for_30_seconds_are_never_dead_lettered_and_each_applied_once()
            throws Exception {
        StreamPlan plan = StreamPlan.register(system, "152504", 10, 30);
        plan.awaitKnownBySubmissionService(system);
        int direct = plan.tasksPerUnit(); // the last unit's tasks arrive as events published during the outage
        int viaRest = plan.taskCount() - direct;
        long deadLettersBefore = DeadLetterTopics.count(TestInfrastructure.get().kafka());

        java.util.Map<Integer, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> submitted = new ArrayList<>();
        for (int n = 0; n < viaRest; n++) {
            int task = n;
            submitted.add(pool.submit(() -> {
                String key = "fault-pg-" + plan.county() + "-" + task;
                await("task " + task + " accepted").atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofMillis(250)).until(() -> {
                            io.restassured.response.Response r = plan.post(system, task, key);
                            answers.merge(r.statusCode(), 1, Integer::sum);
                            if (r.statusCode() == 503) {
                                assertThat(r.header("Retry-After")).as("Retry-After of a 503").isNotBlank();
                                assertThat(r.contentType()).startsWith("application/problem+json");
                            }
                            return r.statusCode() == 201;
                        });
                accepted.incrementAndGet();
                return null;
            }));
        }
        await("a first part accepted").atMost(Duration.ofMinutes(2)).until(() -> accepted.get() >= viaRest / 3);

        org.ecoeval.infra.PostgresServer postgres = TestInfrastructure.get().postgres();
        Instant stopped = Instant.now();
        postgres.stop();
        try {
            DeadLetterTopics.publishSubmissions(TestInfrastructure.get().kafka(), plan.evaluation(),
                    plan.unit(plan.units() - 1), java.util.stream.IntStream.range(viaRest, plan.taskCount())
                            .mapToObj(plan::task).toList());
            Duration away = Duration.between(stopped, Instant.now());
            await("the database's 30 s away").pollDelay(Duration.ofSeconds(30).minus(away).isNegative() ? Duration.ZERO
                    : Duration.ofSeconds(30).minus(away)).atMost(Duration.ofSeconds(31)).until(() -> true);
        } finally {
            postgres.restart();
        }
        for (Future<?> f : submitted) {
            f.get();
        }
        pool.shutdown();

        assertThat(answers.keySet()).as("answers while the database was away").containsAnyOf(201)
                .allMatch(status -> status == 201 || status == 503);
        assertThat(accepted.get()).isEqualTo(viaRest);
        awaitEveryEventApplied(plan, plan.taskCount());
        assertRecomputeFindsNoDifference(plan);
        assertThat(DeadLetterTopics.count(TestInfrastructure.get().kafka())).as("dead letters").isEqualTo(deadLettersBefore);
    }

    @Test
    void scoring_and_tracking_killed_five_times_mid_stream_end_equal_to_a_full_recomputation() throws Exception {
        WebhookReceiver supervisors = new WebhookReceiver();
        StreamPlan plan = StreamPlan.register(system, "152503", 10, 40, supervisors.url());
        plan.awaitKnownBySubmissionService(system);

        ExecutorService killer = Executors.newSingleThreadExecutor();
        Future<?> kills = killer.submit(() -> {
            for (int round = 0; round < 5; round++) {
                ServiceProcess victim = round % 2 == 0 ? system.scoring : system.tracking;
                ServiceProcess other = round % 2 == 0 ? system.tracking : system.scoring;
                victim.kill();
                other.kill();
                victim.start();
                other.start();
                victim.awaitReady(Duration.ofSeconds(120));
                other.awaitReady(Duration.ofSeconds(120));
            }
            return null;
        });
        List<String> ids = submitAll(plan, plan.taskCount());
        kills.get();
        killer.shutdown();
        assertThat(ids).hasSize(plan.taskCount()).doesNotHaveDuplicates();

        awaitEveryEventApplied(plan, plan.taskCount());
        assertRecomputeFindsNoDifference(plan);
        assertEachOverdueTaskAlertedOncePerStep(plan, supervisors);
        supervisors.close();
    }

    @Test
    void three_scoring_instances_one_killed_one_added_mid_stream_count_every_event_once() throws Exception {
        List<StreamPlan> counties = new ArrayList<>();
        for (String county : List.of("152601", "152602", "152603", "152604")) {
            counties.add(StreamPlan.register(system, county, 5, 100));
        }
        counties.forEach(p -> p.awaitKnownBySubmissionService(system));
        // all instances share the database and the consumer group: eco.submissions' partitions are split among them
        ServiceProcess second = system.scoring.another("scoring-service-2").start();
        ServiceProcess third = system.scoring.another("scoring-service-3").start();
        second.awaitReady(Duration.ofSeconds(120));
        third.awaitReady(Duration.ofSeconds(120));
        ServiceProcess fourth = system.scoring.another("scoring-service-4");
        try {
            int perCounty = counties.get(0).taskCount();
            java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String>> futures = new ArrayList<>();
            for (int n = 0; n < perCounty; n++) {
                for (StreamPlan county : counties) {
                    int task = n;
                    futures.add(pool.submit(() -> {
                        String id = county.submit(system, task);
                        submitted.incrementAndGet();
                        return id;
                    }));
                }
            }
            await("a third of the stream submitted").atMost(Duration.ofSeconds(120))
                    .until(() -> submitted.get() >= futures.size() / 3);
            third.kill(); // mid-batch, as in a power cut: its partitions move to the others
            fourth.start();
            fourth.awaitReady(Duration.ofSeconds(120)); // and a new one joins, taking partitions over again
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            pool.shutdown();
            assertThat(ids).hasSize(4 * perCounty).doesNotHaveDuplicates();

            for (StreamPlan county : counties) {
                awaitEveryEventApplied(county, perCounty); // basis.eventCount: each event counted once, not twice
                assertRecomputeFindsNoDifference(county);
                given().auth().oauth2(TestTokens.county(Roles.ADMIN, county.county())).contentType(ContentType.JSON)
                        .post(second.api() + "/evaluations/" + county.evaluation() + "/score/recompute")
                        .then().statusCode(200).body("differed", equalTo(false))
                        .body("storedSubmissions", equalTo(perCounty));
            }
        } finally {
            List.of(second, third, fourth).forEach(ServiceProcess::stop);
        }
    }

    @Test
    void an_input_lost_behind_scoring_back_is_found_in_what_submission_service_published_and_applied()
            throws Exception {
        StreamPlan plan = StreamPlan.register(system, "152701", 2, 5);
        plan.awaitKnownBySubmissionService(system);
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < plan.taskCount(); n++) {
            ids.add(plan.submit(system, n));
        }
        awaitEveryEventApplied(plan, plan.taskCount());
        String bureau = TestTokens.county(Roles.BUREAU, plan.county());
        String admin = TestTokens.county(Roles.ADMIN, plan.county());
        String scoreUrl = system.scoring.api() + "/evaluations/" + plan.evaluation() + "/score";
        String before = given().auth().oauth2(bureau).get(scoreUrl).then().statusCode(200).extract().path("deltaEI")
                .toString();

        // as a dead-lettered or otherwise lost event leaves it: the input gone from scoring's store, and its engine
        // state rebuilt from that store (as after a restart)
        try (var c = java.sql.DriverManager.getConnection(TestInfrastructure.get().database("scoring"),
                org.ecoeval.infra.PostgresServer.USER, "")) {
            var delete = c.prepareStatement("delete from submission where submission_id = ?");
            delete.setString(1, ids.get(3));
            assertThat(delete.executeUpdate()).isEqualTo(1);
            var bump = c.prepareStatement("update evaluation set state_version = state_version + 1 where evaluation_id = ?");
            bump.setString(1, plan.evaluation());
            assertThat(bump.executeUpdate()).isEqualTo(1);
        }

        given().auth().oauth2(admin).contentType(ContentType.JSON).post(scoreUrl + "/recompute")
                .then().statusCode(200)
                .body("reconciliation.published", equalTo(plan.taskCount()))
                .body("reconciliation.applied", equalTo(1))
                .body("reconciliation.gaps[0].submissionId", equalTo(ids.get(3)))
                .body("reconciliation.gaps[0].publishedVersion", equalTo(1))
                .body("reconciliation.gaps[0].heldVersion", org.hamcrest.Matchers.nullValue())
                .body("differed", equalTo(false))
                .body("storedSubmissions", equalTo(plan.taskCount()));
        assertThat(given().auth().oauth2(bureau).get(scoreUrl).then().statusCode(200).extract().path("deltaEI")
                .toString()).isEqualTo(before);
        given().auth().oauth2(admin).contentType(ContentType.JSON).post(scoreUrl + "/recompute")
                .then().statusCode(200).body("reconciliation.applied", equalTo(0)).body("differed", equalTo(false));
    }

    /**
     * Each never-submitted task that was overdue before the stream began climbs its ladder once, across
     * all the kills: one OVERDUE and one ESCALATED alert, and the supervisors' webhook hears of each
     * alert under one alert id (a delivery cut off by SIGKILL is retried with the same alert id and
     * delivery id, which is how a receiver recognises it).
     */
    private static void assertEachOverdueTaskAlertedOncePerStep(StreamPlan plan, WebhookReceiver supervisors) {
        String supervisor = TestTokens.county(Roles.SUPERVISOR, plan.county());
        await("every overdue task escalated").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<java.util.Map<String, Object>> alerts = given().auth().oauth2(supervisor)
                            .get(system.tracking.api() + "/evaluations/" + plan.evaluation() + "/alerts")
                            .then().statusCode(200).extract().jsonPath().getList("$");
                    java.util.Set<Object> lateAlertIds = new java.util.HashSet<>();
                    for (int u = 0; u < plan.units(); u++) {
                        String task = plan.lateTask(u);
                        for (String level : List.of("OVERDUE", "ESCALATED")) {
                            List<Object> ids = alerts.stream()
                                    .filter(a -> task.equals(a.get("taskId")) && level.equals(a.get("level")))
                                    .map(a -> a.get("alertId")).toList();
                            assertThat(ids).as(level + " alerts of " + task).hasSize(1);
                            lateAlertIds.addAll(ids);
                        }
                    }
                    assertThat(supervisors.deliveries().stream().map(WebhookReceiver.Delivery::alertId)
                            .collect(java.util.stream.Collectors.toSet()))
                            .as("alerts heard by the supervisors' webhook").isEqualTo(lateAlertIds.stream()
                                    .map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
                });
        var deliveryIdsPerAlert = supervisors.deliveries().stream().collect(java.util.stream.Collectors.groupingBy(
                WebhookReceiver.Delivery::alertId,
                java.util.stream.Collectors.mapping(WebhookReceiver.Delivery::deliveryId, java.util.stream.Collectors.toSet())));
        assertThat(deliveryIdsPerAlert.values()).as("one delivery per alert and supervisor")
                .allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private static List<String> submitAll(StreamPlan plan, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> plan.submit(system, n)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    private static void awaitEveryEventApplied(StreamPlan plan, int count) {
        String bureau = TestTokens.county(Roles.BUREAU, plan.county());
        await("scoring applied all " + count + " events").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        given().auth().oauth2(bureau).get(system.scoring.api() + "/evaluations/" + plan.evaluation() + "/score")
                                .then().statusCode(200).body("basis.eventCount", equalTo(count)));
        await("tracking shows all " + count + " tasks submitted").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    List<String> states = given().auth().oauth2(bureau)
                            .get(system.tracking.api() + "/evaluations/" + plan.evaluation() + "/tasks")
                            .then().statusCode(200).extract().jsonPath()
                            .getList("findAll { !it.taskId.endsWith('-LATE') }.state");
                    assertThat(states).hasSize(count).containsOnly("SUBMITTED");
                });
    }

    private static void assertRecomputeFindsNoDifference(StreamPlan plan) {
        String admin = TestTokens.county(Roles.ADMIN, plan.county());
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .post(system.scoring.api() + "/evaluations/" + plan.evaluation() + "/score/recompute")
                .then().statusCode(200).body("differed", equalTo(false))
                .body("readings.differs", org.hamcrest.Matchers.everyItem(equalTo(false)));
    }

    /** A synthetic plan: {@code units} departments with {@code tasksPerUnit} tasks each, due next year. */
    record StreamPlan(String county, int units, int tasksPerUnit, String webhookUrl) {
        static StreamPlan register(SystemUnderTest system, String county, int units, int tasksPerUnit) {
            return register(system, county, units, tasksPerUnit, null);
        }

        static StreamPlan register(SystemUnderTest system, String county, int units, int tasksPerUnit,
                String webhookUrl) {
            StreamPlan plan = new StreamPlan(county, units, tasksPerUnit, webhookUrl);
            given().auth().oauth2(TestTokens.county(Roles.BUREAU, county)).contentType(ContentType.JSON)
                    .body(plan.json()).put(system.tracking.api() + "/evaluations/" + plan.evaluation() + "/plan")
                    .then().statusCode(201);
            return plan;
        }

        String evaluation() {
            return county + "-2027";
        }

        int taskCount() {
            return units * tasksPerUnit;
        }

        String unit(int u) {
            return "U%02d".formatted(u);
        }

        /** A task of unit u that was due before the evaluation began and is never submitted. */
        String lateTask(int u) {
            return unit(u) + "-LATE";
        }

        String task(int n) {
            return unit(n / tasksPerUnit) + "-T%02d".formatted(n % tasksPerUnit);
        }

        void awaitKnownBySubmissionService(SystemUnderTest system) {
            String token = TestTokens.unit(Roles.DEPARTMENT, unit(0), county);
            await("submission-service knows " + evaluation()).atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().auth().oauth2(token).get(system.submission.api() + "/evaluations/" + evaluation()
                            + "/submissions").then().statusCode(200));
        }

        /** Submits task n with a value for both years; returns the submission id. */
        String submit(SystemUnderTest system, int n) {
            return given().auth().oauth2(TestTokens.unit(Roles.DEPARTMENT, unit(n / tasksPerUnit), county))
                    .contentType(ContentType.JSON).body(body(n))
                    .post(system.submission.api() + "/evaluations/" + evaluation() + "/submissions")
                    .then().statusCode(201).extract().path("id");
        }

        /** Posts task n under an Idempotency-Key, as a unit's system that retries does; returns the answer. */
        io.restassured.response.Response post(SystemUnderTest system, int n, String idempotencyKey) {
            return given().auth().oauth2(TestTokens.unit(Roles.DEPARTMENT, unit(n / tasksPerUnit), county))
                    .contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body(n))
                    .post(system.submission.api() + "/evaluations/" + evaluation() + "/submissions");
        }

        private String body(int n) {
            String indicator = List.of("EQI.PATTERN", "EQI.FUNCTION", "ENV.AIR.GOOD_DAYS_RATIO",
                    "ENV.WATER.CLASS_III_RATIO").get(n % 4);
            return """
                    {"task":"%s","values":[{"indicator":"%s","year":2027,"value":%d.%d},
                                            {"indicator":"%s","year":2026,"value":%d.%d}]}
                    """.formatted(task(n), indicator, 40 + (n * 7) % 50, n % 10, indicator, 40 + (n * 13) % 50,
                    (n / 10) % 10);
        }

        String json() {
            StringBuilder departments = new StringBuilder();
            StringBuilder tasks = new StringBuilder();
            for (int u = 0; u < units; u++) {
                departments.append(u == 0 ? "" : ",").append("""
                        {"code":"%s","name":"单位%d","headEmail":"%s-head@example.org"}""".formatted(unit(u), u, unit(u)));
            }
            for (int n = 0; n < taskCount(); n++) {
                tasks.append(n == 0 ? "" : ",").append("""
                        {"id":"%s","department":"%s","title":"任务%d","due":"2027-10-20",
                         "indicators":["EQI.PATTERN","EQI.FUNCTION","ENV.AIR.GOOD_DAYS_RATIO","ENV.WATER.CLASS_III_RATIO"]}"""
                        .formatted(task(n), unit(n / tasksPerUnit), n));
            }
            if (webhookUrl != null) {
                for (int u = 0; u < units; u++) {
                    tasks.append(",").append("""
                            {"id":"%s","department":"%s","title":"逾期任务","due":"2026-06-30"}"""
                            .formatted(lateTask(u), unit(u)));
                }
            }
            String supervisors = webhookUrl == null ? "{\"name\":\"领导小组办公室\",\"email\":\"office@example.org\"}"
                    : "{\"name\":\"领导小组办公室\",\"email\":\"office@example.org\",\"webhookUrl\":\"" + webhookUrl
                            + "\",\"webhookSecret\":\"s3cret\"}";
            return """
                    {"county":{"code":"%s","name":"测试县%s","areaKm2":1000,"functionType":"WATER_CONSERVATION"},
                     "year":2027,"comparisonYear":2026,"methodology":"mee-2022","timeZone":"Asia/Shanghai",
                     "departments":[%s],"supervisors":[%s],
                     "tasks":[%s],"escalation":{"remindBefore":["P3D"],"escalateAfter":["PT0S","P1D"]}}
                    """.formatted(county, county, departments, supervisors, tasks);
        }
    }
}
