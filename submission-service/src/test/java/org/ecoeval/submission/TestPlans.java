package org.ecoeval.submission;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Plans for tests, published to {@code eco.plans} as tracking-service would: each test takes its own evaluation
 * (a fresh year of county 150425) so that tests never share state.
 */
public final class TestPlans {
    private static final AtomicInteger YEARS = new AtomicInteger(2100);
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A fresh evaluation id of the test county. */
    public static String freshEvaluation() {
        return TestTokens.COUNTY + "-" + YEARS.getAndIncrement();
    }

    public static int yearOf(String evaluationId) {
        return Integer.parseInt(evaluationId.substring(evaluationId.indexOf('-') + 1));
    }

    /**
     * The test plan: FOREST-DATA (FOREST: EQI.PATTERN, EQI.FUNCTION), LAND-DATA (LAND: EQI.PATTERN), EEB-PATCHES
     * (EEB: patches), EEB-EVENTS (EEB: events), FIN-INVEST (FIN: management item GREEN.INVESTMENT),
     * GOV-MINUTES quarterly (GOV). {@code forestDue} is FOREST-DATA's due time; the others are due in a month.
     */
    public static Plan plan(String evaluationId, boolean requireHeadApproval) {
        int year = yearOf(evaluationId);
        List<Plan.Task> tasks = List.of(
                new Plan.Task("FOREST-DATA", "FOREST", "林草生态数据", List.of("EQI.PATTERN", "EQI.FUNCTION"), null,
                        null, null, year + "-10-20", null),
                new Plan.Task("LAND-DATA", "LAND", "自然资源数据", List.of("EQI.PATTERN"), null, null, null,
                        year + "-10-20", null),
                new Plan.Task("EEB-PATCHES", "EEB", "局部自然生态变化详查图斑", null, null, true, null,
                        year + "-10-20", null),
                new Plan.Task("EEB-EVENTS", "EEB", "突发环境事件", null, null, null, true, year + "-10-20", null),
                new Plan.Task("FIN-INVEST", "FIN", "生态环境保护投入及支出凭证", List.of(),
                        List.of("GREEN.INVESTMENT"), null, null, year + "-10-20", null),
                new Plan.Task("GOV-MINUTES", "GOV", "生态环境保护工作会议纪要", null,
                        List.of("ORGANISATION.LEADERSHIP"), null, null, year + "-03-31", "QUARTERLY"));
        return new Plan(new Plan.County(TestTokens.COUNTY, "克什克腾旗", new BigDecimal("20673"),
                "WINDBREAK_SAND_FIXATION"), year, year - 1, "mee-2022", "Asia/Shanghai", requireHeadApproval,
                List.of(new Plan.Department("FOREST", "旗林草局", null), new Plan.Department("LAND", "旗自然资源局", null),
                        new Plan.Department("EEB", "生态环境分局", null), new Plan.Department("FIN", "旗财政局", null),
                        new Plan.Department("GOV", "旗政府办", null)),
                List.of(), tasks, new Plan.Escalation(List.of("P3D"), List.of("PT0S")));
    }

    /** Instances of {@link #plan}; every one due {@code due}. */
    public static List<TaskInstance> instances(Plan plan, Instant due) {
        List<TaskInstance> out = new ArrayList<>();
        for (Plan.Task t : plan.tasks()) {
            if ("QUARTERLY".equals(t.recurrence())) {
                for (int q = 1; q <= 4; q++) {
                    out.add(new TaskInstance(t.id() + "#Q" + q, t.id(), t.department(), t.title(), due));
                }
            } else {
                out.add(new TaskInstance(t.id(), t.id(), t.department(), t.title(), due));
            }
        }
        return out;
    }

    public static Instant inAMonth() {
        return Instant.now().plus(30, ChronoUnit.DAYS);
    }

    public static Instant yesterday() {
        return Instant.now().minus(1, ChronoUnit.DAYS);
    }

    /** Publishes version {@code version} of the test plan to eco.plans, instances due at {@code due}. */
    public static PlanPublished publish(String evaluationId, int version, boolean requireHeadApproval, Instant due) {
        Plan plan = plan(evaluationId, requireHeadApproval);
        PlanPublished event = new PlanPublished(UUID.randomUUID().toString(), evaluationId, version, plan,
                instances(plan, due), Instant.now());
        publishRaw(evaluationId, event);
        return event;
    }

    public static void publishRaw(String key, Object value) {
        try {
            String json = value instanceof String s ? s : JSON.writeValueAsString(value);
            TestKafka.send(Topics.PLANS, key, json, Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                    CloudEventHeaders.TYPE, PlanPublished.TYPE, CloudEventHeaders.SOURCE, "/tracking-service",
                    CloudEventHeaders.TIME, Instant.now().toString(), CloudEventHeaders.SPEC_VERSION, "1.0"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestPlans() {
    }
}
