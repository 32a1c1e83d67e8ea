package org.ecoeval.tracking.report;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.PeerServicesFake;
import org.ecoeval.tracking.TestPlans;

import io.restassured.http.ContentType;

/**
 * The worked example of methodology.md as one county's data: a plan registered in tracking-service, and
 * scoring-service and submission-service (the fake) answering what the real ones answer for it: ΔEI = 1.31 + 0.075 +
 * 0.2 − 0.1 = 1.485 → 1.49 (轻微变好), the accepted values behind ΔEQI 1.25 and ΔEnv 1.4, management scores, two
 * patches, one event, and evidence files with their bytes.
 */
public final class WorkedExample {
    public final String county = TestPlans.freshCounty();
    public final int year = Year.now().getValue();
    public final String evaluation = county + "-" + year;
    public final String bureau = TestTokens.county("bureau", county);
    public final String leader = TestTokens.county("leader", county);
    public final String supervisor = TestTokens.county("supervisor", county);
    /** The submissions the fake lists, by id, as JSON (submission-service's GET /submissions/{id}). */
    public final Map<String, String> submissions = new LinkedHashMap<>();
    public final Map<String, byte[]> evidence = new ConcurrentHashMap<>();
    public final Map<String, String> filenames = new ConcurrentHashMap<>();
    /** The asOf of every score request that came. */
    public final List<String> scoreAsOf = new java.util.concurrent.CopyOnWriteArrayList<>();

    public final String BUDGET = "b0b0b0b0-0000-4000-8000-" + county + "000001";
    public final String MONITOR = "b0b0b0b0-0000-4000-8000-" + county + "000002";
    public final String PHOTO = "b0b0b0b0-0000-4000-8000-" + county + "000003";

    public WorkedExample() {
        registerPlan();
        evidence(BUDGET, "2024年财政预算收支报告.pdf", ("%PDF-1.4 预算报告 " + county).getBytes(StandardCharsets.UTF_8));
        evidence(MONITOR, "生态质量监测报告.pdf", ("%PDF-1.4 监测报告 " + county).getBytes(StandardCharsets.UTF_8));
        evidence(PHOTO, "图斑P-7核查照片.jpg", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3 });
        Instant t = Instant.now().minusSeconds(3600);
        submission(id(1), "EEB", "EEB-ECO-QUALITY", "ACCEPTED", t,
                "[" + value("EQI.PATTERN", year, "61") + "," + value("EQI.FUNCTION", year, "52") + ","
                        + value("EQI.BIODIVERSITY", year, "40") + "," + value("EQI.STRESS", year, "18") + ","
                        + value("EQI.PATTERN", year - 1, "60") + "," + value("EQI.FUNCTION", year - 1, "50") + ","
                        + value("EQI.BIODIVERSITY", year - 1, "40") + "," + value("EQI.STRESS", year - 1, "20") + "]",
                "[]", "[]", "{\"MONITOR-REPORT\": [\"" + MONITOR + "\"]}", "[\"" + MONITOR + "\"]", null);
        submission(id(2), "EEB", "EEB-ENV-QUALITY", "ACCEPTED", t,
                "[" + value("ENV.WATER.CLASS_III_RATIO", year, "85") + ","
                        + value("ENV.WATER.CLASS_III_RATIO", year - 1, "80") + ","
                        + value("ENV.AIR.GOOD_DAYS_RATIO", year, "90") + ","
                        + value("ENV.AIR.GOOD_DAYS_RATIO", year - 1, "88") + "]",
                "[]", "[]", null, "[]", null);
        submission(id(3), "FIN", "FIN-INVEST", "ACCEPTED", t, "[]", "[]", "[]",
                "{\"BUDGET-REPORT\": [\"" + BUDGET + "\"]}", "[\"" + BUDGET + "\"]",
                "{\"PROTECT.RESTORATION\": 1, \"PROTECT.RED_LINE\": 0.5, \"LIVING.SEWAGE\": -0.5}");
        submission(id(4), "EEB", "EEB-PATCHES", "SUBMITTED", t, "[]",
                "[{\"patchId\": \"P-7\", \"areaKm2\": 2.0, \"direction\": \"IMPROVED\", \"changeType\": \"restoration\", \"verified\": true},"
                        + "{\"patchId\": \"P-9\", \"areaKm2\": 5.0, \"direction\": \"DEGRADED\", \"changeType\": \"mining\", \"verified\": false}]",
                "[{\"eventId\": \"E-1\", \"kind\": \"ENVIRONMENTAL_EMERGENCY\", \"severity\": \"GENERAL\", \"occurredOn\": \""
                        + year + "-06-02\"}]",
                null, "[\"" + PHOTO + "\"]", null);
        routeScores();
        routeSubmissions();
    }

    private void registerPlan() {
        List<Map<String, Object>> tasks = new ArrayList<>();
        Map<String, Object> eco = TestPlans.task("EEB-ECO-QUALITY", "EEB", year + "-10-20");
        eco.put("indicators", List.of("EQI.PATTERN", "EQI.FUNCTION", "EQI.BIODIVERSITY", "EQI.STRESS"));
        eco.put("managementItems", List.of());
        eco.put("materials", List.of(Map.of("code", "MONITOR-REPORT", "name", "生态质量监测报告")));
        tasks.add(eco);
        Map<String, Object> env = TestPlans.task("EEB-ENV-QUALITY", "EEB", year + "-10-20");
        env.put("indicators", List.of("ENV.WATER.CLASS_III_RATIO", "ENV.AIR.GOOD_DAYS_RATIO",
                "ENV.WATER.QUALITY_INDEX", "ENV.AIR.COMPOSITE_INDEX", "ENV.SOIL.SAFE_POINT_RATIO"));
        env.put("managementItems", List.of());
        tasks.add(env);
        Map<String, Object> fin = TestPlans.task("FIN-INVEST", "FIN", year + "-10-20");
        fin.put("managementItems", List.of("PROTECT.RESTORATION", "PROTECT.RED_LINE", "LIVING.SEWAGE"));
        fin.put("materials", List.of(Map.of("code", "BUDGET-REPORT", "name", "经旗人大审议通过的年度财政预算收支报告")));
        tasks.add(fin);
        Map<String, Object> patches = TestPlans.task("EEB-PATCHES", "EEB", year + "-10-20");
        patches.put("patches", true);
        patches.put("events", true);
        patches.put("managementItems", List.of());
        tasks.add(patches);
        tasks.add(TestPlans.task("FIN-OPEN", "FIN", year + "-10-20"));
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(TestPlans.plan(county, year, tasks))
                .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(201);
    }

    public String id(int n) {
        return "00000000-0000-4000-8000-" + county + "00000" + n;
    }

    static String value(String indicator, int year, String value) {
        return "{\"indicator\": \"" + indicator + "\", \"year\": " + year + ", \"value\": " + value + "}";
    }

    public void evidence(String id, String filename, byte[] bytes) {
        evidence.put(id, bytes);
        filenames.put(id, filename);
        PeerServicesFake.route("/api/v1/evidence/" + id, x -> {
            byte[] b = evidence.get(id);
            return new PeerServicesFake.Answer(200, "application/octet-stream", Map.of("ETag",
                    "\"" + sha256(b) + "\"", "Content-Disposition", "attachment; filename=\"x\"; filename*=UTF-8''"
                            + java.net.URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20")),
                    new java.io.ByteArrayInputStream(b), b.length);
        });
    }

    /** A submission with one version and its history; {@code status} ACCEPTED adds the review. */
    public void submission(String id, String department, String task, String status, Instant at, String values,
            String patches, String events, String materials, String evidenceIds, String managementScores) {
        String history = "{\"at\": \"" + at + "\", \"actor\": \"department-" + department
                + "\", \"role\": \"department\", \"action\": \"SUBMIT\", \"version\": 1, \"status\": \"SUBMITTED\"}";
        if (status.equals("ACCEPTED")) {
            history += ", {\"at\": \"" + at.plusSeconds(60) + "\", \"actor\": \"bureau-" + county
                    + "\", \"role\": \"bureau\", \"action\": \"ACCEPT\", \"version\": 1, \"status\": \"ACCEPTED\""
                    + (managementScores == null ? "" : ", \"managementScores\": " + managementScores) + "}";
        }
        submissions.put(id, "{\"id\": \"" + id + "\", \"evaluationId\": \"" + evaluation + "\", \"department\": \""
                + department + "\", \"task\": \"" + task + "\", \"status\": \"" + status
                + "\", \"version\": 1, \"late\": false, \"createdAt\": \"" + at + "\", \"versions\": [{\"version\": 1, "
                + "\"submittedBy\": \"department-" + department + "\", \"submittedAt\": \"" + at
                + "\", \"late\": false, \"values\": " + values + ", \"patches\": " + patches + ", \"events\": "
                + events + ", \"evidence\": " + evidenceIds + (materials == null ? "" : ", \"materials\": " + materials)
                + "}], \"history\": [" + history + "]}");
        PeerServicesFake.route("/api/v1/submissions/" + id, x -> PeerServicesFake.Answer.json(submissions.get(id)));
    }

    private void routeSubmissions() {
        PeerServicesFake.route("/api/v1/evaluations/" + evaluation + "/submissions", x -> {
            StringBuilder items = new StringBuilder();
            for (String id : submissions.keySet()) {
                items.append(items.length() == 0 ? "" : ",").append("{\"id\": \"").append(id).append("\"}");
            }
            return PeerServicesFake.Answer.json("{\"items\": [" + items + "], \"page\": 0, \"pageSize\": 200, "
                    + "\"totalItems\": " + submissions.size() + ", \"totalPages\": 1}");
        });
    }

    private void routeScores() {
        PeerServicesFake.route("/api/v1/evaluations/" + evaluation + "/score", x -> {
            String query = x.getRequestURI().getQuery();
            if (query == null || !query.contains("asOf=")) {
                return new PeerServicesFake.Answer(400, "application/json", Map.of(),
                        new java.io.ByteArrayInputStream("{}".getBytes()), 2);
            }
            scoreAsOf.add(query.replaceAll(".*asOf=([^&]*).*", "$1"));
            return PeerServicesFake.Answer.json(query.contains("reading=confirmed") ? score("confirmed", "0", "0",
                    "1.385", "1.39") : score("provisional", "0.2", "-0.1", "1.485", "1.49"));
        });
        PeerServicesFake.route("/api/v1/evaluations/" + evaluation + "/score/impact", x -> PeerServicesFake.Answer.json(
                "{\"reading\": \"provisional\", \"deltaEI\": 1.485, \"items\": [{\"input\": \"ENV.AIR.COMPOSITE_INDEX@"
                        + year + "\", \"kind\": \"INDICATOR\", \"name\": \"空气质量综合指数\", \"state\": \"MISSING\", "
                        + "\"owners\": [{\"department\": \"EEB\", \"task\": \"EEB-ENV-QUALITY\"}], \"low\": 0.685, "
                        + "\"high\": 2.285, \"swing\": 1.6}]}"));
    }

    private String score(String reading, String remote, String events, String deltaEI, String rounded) {
        return "{\"evaluationId\": \"" + evaluation + "\", \"reading\": \"" + reading + "\", \"methodology\": \"mee-2022\", "
                + "\"deltaEI\": " + deltaEI + ", \"deltaEIRounded\": " + rounded + ", \"grade\": \"轻微变好\", "
                + "\"technical\": {\"deltaEQI\": 1.25, \"deltaEnv\": 1.4, \"value\": 1.31, \"eqiBasis\": \"SUB_INDICES\"}, "
                + "\"management\": {\"value\": 0.075, \"raw\": 0.075, \"categories\": {\"PROTECT\": 0.375, \"POLLUTION\": 0, "
                + "\"GREEN\": 0, \"LIVING\": -0.125, \"ORGANISATION\": 0}, \"scoredItems\": 3}, "
                + "\"remoteSensing\": {\"value\": " + remote + ", \"raw\": " + remote + ", \"countedPatches\": 1, \"patches\": 2}, "
                + "\"events\": {\"value\": " + events + ", \"raw\": " + events + ", \"count\": 1, \"vetoEvents\": 0}, "
                + "\"complete\": false, \"missing\": [\"ENV.WATER.QUALITY_INDEX\", \"ENV.AIR.COMPOSITE_INDEX\", "
                + "\"ENV.SOIL.SAFE_POINT_RATIO\"], \"parameterStatuses\": [\"seed\", \"assumed\"], "
                + "\"parametersUsed\": {\"technical-weights\": \"seed\", \"management-weights\": \"assumed\"}, "
                + "\"basis\": {\"eventCount\": 7, \"lastEventId\": \"e-7\", \"asOf\": \"" + Instant.now() + "\"}}";
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
