package org.ecoeval.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.ecoeval.contracts.Roles;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.api.sheets.SheetFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Five hundred malformed or hostile requests against the three running services: broken JSON, wrong
 * types, huge numbers, NaN, unknown fields, SQL and path-traversal strings, oversized bodies, wrong
 * content types, forged, expired and unsigned tokens, {@code alg: none}, and spreadsheets for the bulk intake
 * (not a sheet, a zip bomb, 100,000 rows, formulas, merged cells, text in a number column, duplicate rows,
 * another unit's task, UTF-16 and Latin-1). None may answer 5xx, every one
 * must be refused, and no table of any service may gain or lose a row.
 */
class HostileInputTest {
    private static final String COUNTY = "152501";
    private static final String EVALUATION = COUNTY + "-2027";
    private static final String VALID_SUBMISSION = """
            {"task":"FOREST-DATA","values":[{"indicator":"EQI.PATTERN","year":2027,"value":61.5}],"note":"ok"}""";
    private static SystemUnderTest system;
    private static String submissionId;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void registerPlanAndOneSubmission() {
        system = SystemUnderTest.get();
        HttpClient client = HttpClient.newHttpClient();
        String bureau = TestTokens.county(Roles.BUREAU, COUNTY);
        HttpResponse<String> plan = send(client, "PUT", system.tracking.api() + "/evaluations/" + EVALUATION + "/plan",
                bureau, "application/json", validPlan().getBytes(StandardCharsets.UTF_8));
        assertThat(plan.statusCode()).as(plan.body()).isIn(200, 201);
        String forest = TestTokens.unit(Roles.DEPARTMENT, "FOREST", COUNTY);
        AtomicReference<String> id = new AtomicReference<>();
        await("submission-service knows plan " + EVALUATION).atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = send(client, "POST", system.submission.api() + "/evaluations/" + EVALUATION
                    + "/submissions", forest, "application/json", VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8));
            if (r.statusCode() == 201) {
                id.set(r.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
            }
            return r.statusCode() == 201;
        });
        submissionId = id.get();
        // The baseline of row counts is only a baseline once the consumers have applied this submission:
        // a reading taken while scoring still waits for the plan (it did in CI) counts rows the attack did not write.
        await("scoring-service applied the submission").atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = send(client, "GET", system.scoring.api() + "/evaluations/" + EVALUATION + "/score",
                    bureau, null, null);
            return r.statusCode() == 200 && r.body().matches("(?s).*\"eventCount\"\\s*:\\s*[1-9].*");
        });
        await("tracking-service shows the task submitted").atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = send(client, "GET", system.tracking.api() + "/evaluations/" + EVALUATION
                    + "/tasks?department=FOREST", bureau, null, null);
            return r.statusCode() == 200 && r.body().contains("\"SUBMITTED\"");
        });
    }

    @Test
    void five_hundred_hostile_requests_get_no_5xx_and_write_no_row() {
        Map<String, Long> before = quietRowCounts();
        List<HostileRequest> requests = hostileRequests();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(500);

        List<String> failures = new ArrayList<>();
        for (HostileRequest request : requests) {
            HttpResponse<String> response = send(http, request.method, request.url, request.token,
                    request.contentType, request.body);
            int status = response.statusCode();
            if (status < 400 || status >= 500) {
                failures.add(status + " for " + request.description + " → " + abbreviate(response.body()));
            }
        }
        assertThat(failures).as("requests that were not refused with a 4xx").isEmpty();
        assertThat(quietRowCounts()).as("row counts after the attack").isEqualTo(before);
    }

    /** Row counts once the consumers have settled (four equal readings over three seconds). */
    private static Map<String, Long> quietRowCounts() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        AtomicInteger equalReadings = new AtomicInteger();
        await("databases quiet").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Long> now = DatabaseRows.count("submission", "scoring", "tracking");
            if (now.equals(last.get())) {
                equalReadings.incrementAndGet();
            } else {
                equalReadings.set(0);
            }
            last.set(now);
            return equalReadings.get() >= 3;
        });
        return last.get();
    }

    private List<HostileRequest> hostileRequests() {
        String forest = TestTokens.unit(Roles.DEPARTMENT, "FOREST", COUNTY);
        String fin = TestTokens.unit(Roles.DEPARTMENT, "FIN", COUNTY);
        String head = TestTokens.unit(Roles.UNIT_HEAD, "FOREST", COUNTY);
        String bureau = TestTokens.county(Roles.BUREAU, COUNTY);
        String otherBureau = TestTokens.county(Roles.BUREAU, "150425");
        String supervisor = TestTokens.county(Roles.SUPERVISOR, COUNTY);
        String admin = TestTokens.county(Roles.ADMIN, COUNTY);
        String submissions = system.submission.api() + "/evaluations/" + EVALUATION + "/submissions";
        String submission = system.submission.api() + "/submissions/" + submissionId;
        String plan = system.tracking.api() + "/evaluations/" + EVALUATION + "/plan";
        String recompute = system.scoring.api() + "/evaluations/" + EVALUATION + "/score/recompute";
        String evidence = system.submission.api() + "/evaluations/" + EVALUATION + "/evidence";

        List<HostileRequest> all = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String junk = List.of("'; DROP TABLE submission; --", "../../../../etc/passwd", "\u202e\u0000<script>")
                    .get(round);
            for (byte[] body : hostileSubmissionBodies(junk)) {
                all.add(new HostileRequest("POST submission " + preview(body), "POST", submissions, forest,
                        "application/json", body));
                all.add(new HostileRequest("PUT submission " + preview(body), "PUT", submission, forest,
                        "application/json", body));
            }
            for (byte[] body : hostilePlanBodies(junk)) {
                all.add(new HostileRequest("PUT plan " + preview(body), "PUT", plan, bureau, "application/json", body));
            }
            all.add(new HostileRequest("YAML alias bomb", "PUT", plan, bureau, "application/yaml", yamlBomb()));
            all.add(new HostileRequest("YAML unsafe tag", "PUT", plan, bureau, "application/yaml",
                    "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]"
                            .getBytes(StandardCharsets.UTF_8)));
            for (String review : List.of("{\"decision\":\"DELETE\"}", "{\"decision\":null}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":{\"PROTECT.RESTORATION\":1e400}}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":{\"PROTECT.RESTORATION\":\"NaN\"}}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":{\"PROTECT.RESTORATION\":NaN}}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":{\"PROTECT.RESTORATION\":2}}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":{\"GREEN.INVESTMENT\":0.5}}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":{\"" + junk + "\":0.5}}",
                    "{\"decision\":\"ACCEPT\",\"managementScores\":[1,2]}", "{\"decision\":", "[]")) {
                all.add(new HostileRequest("review " + review, "POST", submission + "/review", bureau,
                        "application/json", review.getBytes(StandardCharsets.UTF_8)));
            }
            // The benchmark's baseline endpoint is off in a production configuration: a valid body writes nothing.
            all.add(new HostileRequest("ingest baseline while disabled", "POST",
                    system.submission.api() + "/bench/ingest-baseline", forest, "application/json",
                    VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("bench no-op while disabled", "GET", system.tracking.api() + "/bench/noop",
                    TestTokens.county(Roles.BUREAU, "150425"), null, null));
            all.add(new HostileRequest("approval when the plan needs none", "POST", submission + "/approval", head,
                    "application/json", "{\"approve\":true,\"comment\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("approval by a department", "POST", submission + "/approval", forest,
                    "application/json", "{\"approve\":true}".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("approval broken", "POST", submission + "/approval", head, "application/json",
                    "{\"approve\":\"perhaps\"}".getBytes(StandardCharsets.UTF_8)));

            // A valid body behind every kind of bad token: if authentication were bypassed, rows would appear.
            for (String token : HostileTokens.all(COUNTY, "FOREST")) {
                all.add(new HostileRequest("bad token POST submission", "POST", submissions, token, "application/json",
                        VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
                all.add(new HostileRequest("bad token PUT plan", "PUT", plan, token, "application/json",
                        validPlan().getBytes(StandardCharsets.UTF_8)));
                all.add(new HostileRequest("bad token review", "POST", submission + "/review", token,
                        "application/json", "{\"decision\":\"ACCEPT\",\"comment\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
                all.add(new HostileRequest("bad token recompute", "POST", recompute, token, "application/json",
                        new byte[0]));
                all.add(new HostileRequest("bad token evidence", "POST", evidence, token,
                        "multipart/form-data; boundary=XyZ", multipart("report.pdf", pdfBytes())));
            }
            // Valid bodies from the wrong role, unit or county.
            all.add(new HostileRequest("plan by a department", "PUT", plan, forest, "application/json",
                    validPlan().getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("plan by a supervisor", "PUT", plan, supervisor, "application/json",
                    validPlan().getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("plan by another county's bureau", "PUT", plan, otherBureau, "application/json",
                    validPlan().getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("FIN submits FOREST's task", "POST", submissions, fin, "application/json",
                    VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("FIN revises FOREST's submission", "PUT", submission, fin, "application/json",
                    VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("bureau submits", "POST", submissions, bureau, "application/json",
                    VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("supervisor reviews", "POST", submission + "/review", supervisor,
                    "application/json", "{\"decision\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("other county reviews", "POST", submission + "/review", otherBureau,
                    "application/json", "{\"decision\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("department reviews", "POST", submission + "/review", forest,
                    "application/json", "{\"decision\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("county admin? no: bureau recomputes", "POST", recompute, bureau,
                    "application/json", new byte[0]));
            all.add(new HostileRequest("department recomputes", "POST", recompute, forest, "application/json",
                    new byte[0]));
            // Evidence that must not be stored.
            all.add(new HostileRequest("executable renamed .pdf", "POST", evidence, forest,
                    "multipart/form-data; boundary=XyZ", multipart("report.pdf", elfBytes())));
            all.add(new HostileRequest("script renamed .png", "POST", evidence, forest,
                    "multipart/form-data; boundary=XyZ",
                    multipart("photo.png", "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8))));
            all.add(new HostileRequest("empty upload", "POST", evidence, forest, "multipart/form-data; boundary=XyZ",
                    multipart("empty.pdf", new byte[0])));
            all.add(new HostileRequest("evidence as JSON", "POST", evidence, forest, "application/json",
                    "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("broken multipart", "POST", evidence, forest,
                    "multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-da".getBytes(StandardCharsets.UTF_8)));
            all.add(new HostileRequest("evidence by a bureau", "POST", evidence, bureau,
                    "multipart/form-data; boundary=XyZ", multipart("report.pdf", pdfBytes())));
            all.add(new HostileRequest("evidence for another county", "POST",
                    system.submission.api() + "/evaluations/150425-2024/evidence", forest,
                    "multipart/form-data; boundary=XyZ", multipart("report.pdf", pdfBytes())));
            // Hostile identifiers in paths.
            for (String path : List.of("..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1--", "00000000-0000-0000-0000-000000000000",
                    "%00", "a".repeat(3000))) {
                all.add(new HostileRequest("acknowledge " + path, "POST", system.tracking.api() + "/alerts/" + path
                        + "/acknowledge", supervisor, "application/json", new byte[0]));
                all.add(new HostileRequest("revise " + path, "PUT", system.submission.api() + "/submissions/" + path,
                        forest, "application/json", VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
                all.add(new HostileRequest("review " + path, "POST", system.submission.api() + "/submissions/" + path
                        + "/review", bureau, "application/json", "{\"decision\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8)));
                all.add(new HostileRequest("read evidence " + path, "GET", system.submission.api() + "/evidence/" + path,
                        forest, null, null));
                all.add(new HostileRequest("plan of evaluation " + path, "PUT", system.tracking.api() + "/evaluations/"
                        + path + "/plan", admin, "application/json", validPlan().getBytes(StandardCharsets.UTF_8)));
                all.add(new HostileRequest("submit to evaluation " + path, "POST", system.submission.api()
                        + "/evaluations/" + path + "/submissions", forest, "application/json",
                        VALID_SUBMISSION.getBytes(StandardCharsets.UTF_8)));
            }
        }
        all.addAll(hostileSpreadsheets(forest, fin, bureau));
        return all;
    }

    /**
     * Spreadsheets that must not change anything: files that are not sheets, a zip bomb, too many rows, bad
     * encodings, and sheets whose rows break rules (an atomic import then writes nothing and answers 409).
     */
    private List<HostileRequest> hostileSpreadsheets(String forest, String fin, String bureau) {
        String imports = system.submission.api() + "/evaluations/" + EVALUATION + "/imports";
        String multipart = "multipart/form-data; boundary=XyZ";
        List<Object> good = List.of("FOREST-DATA", "EQI.PATTERN", 2027, 61.5);
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("PDF as a sheet", pdfBytes());
        files.put("executable as a sheet", elfBytes());
        files.put("old .xls", concat(new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1,
                (byte) 0xB1, 0x1A, (byte) 0xE1 }, new byte[504]));
        files.put("empty sheet file", new byte[0]);
        files.put("XLSX zip bomb", SheetFiles.zipBomb());
        files.put("100,000 rows", SheetFiles.largeXlsx(100_000, r -> good));
        files.put("formula in a value cell", SheetFiles.xlsx(List.of(good), sheet ->
                SheetFiles.formula(sheet, 2, 3, "60+1.5")));
        files.put("merged cells", SheetFiles.xlsx(List.of(good, List.of("", "EQI.PATTERN", 2026, 60)), sheet ->
                SheetFiles.merge(sheet, "A2:A3")));
        files.put("text in the number column", SheetFiles.xlsx(List.of(List.of("FOREST-DATA", "EQI.PATTERN",
                2027, "六十一"))));
        files.put("duplicate rows", SheetFiles.xlsx(List.of(good, good)));
        files.put("another unit's task", SheetFiles.xlsx(List.of(List.of("FIN-INVEST", "EQI.PATTERN", 2027, 61.5))));
        files.put("out of range", SheetFiles.xlsx(List.of(List.of("FOREST-DATA", "EQI.PATTERN", 2027, 1e300))));
        files.put("no header", "FOREST-DATA,EQI.PATTERN,2027,61\r\n".getBytes(StandardCharsets.UTF_8));
        files.put("UTF-16 CSV", concat(new byte[] { (byte) 0xFF, (byte) 0xFE },
                "task,indicator,year,value\r\nFOREST-DATA,EQI.PATTERN,2027,61\r\n".getBytes(StandardCharsets.UTF_16LE)));
        files.put("Latin-1 CSV", "task,indicator,year,value\r\nFOREST-DATA,EQI.PATTERN,2027,61,café\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        files.put("CSV with an open quote", "task,indicator,year,value\r\n\"FOREST-DATA,EQI.PATTERN,2027,61\r\n"
                .getBytes(StandardCharsets.UTF_8));
        files.put("11 MiB of CSV", ("task,indicator,year,value\r\n" + "FOREST-DATA,EQI.PATTERN,2027,61\r\n"
                .repeat(11 * 1024 * 1024 / 32)).getBytes(StandardCharsets.UTF_8));

        List<HostileRequest> all = new ArrayList<>();
        files.forEach((what, file) -> {
            all.add(new HostileRequest("import: " + what, "POST", imports, forest, multipart, multipart("x.xlsx", file)));
            all.add(new HostileRequest("import (atomic=false): " + what, "POST", imports + "?atomic=false", forest,
                    multipart, multipart("x.csv", file)));
        });
        byte[] valid = SheetFiles.xlsx(List.of(good));
        all.add(new HostileRequest("import of FOREST's task by FIN", "POST", imports, fin, multipart,
                multipart("x.xlsx", valid)));
        all.add(new HostileRequest("import by a bureau", "POST", imports, bureau, multipart, multipart("x.xlsx", valid)));
        all.add(new HostileRequest("import into another county", "POST", system.submission.api()
                + "/evaluations/150425-2024/imports", forest, multipart, multipart("x.xlsx", valid)));
        all.add(new HostileRequest("import with dryRun=maybe", "POST", imports + "?dryRun=maybe", forest, multipart,
                multipart("x.xlsx", valid)));
        all.add(new HostileRequest("import as JSON", "POST", imports, forest, "application/json",
                "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        for (String token : HostileTokens.all(COUNTY, "FOREST")) {
            all.add(new HostileRequest("bad token import", "POST", imports, token, multipart, multipart("x.xlsx", valid)));
        }
        all.add(new HostileRequest("template in PDF", "GET", imports + "/template?format=pdf", forest, null, null));
        all.add(new HostileRequest("template for a bureau", "GET", imports + "/template", bureau, null, null));
        return all;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<byte[]> hostileSubmissionBodies(String junk) {
        List<String> bodies = new ArrayList<>(List.of(
                "{", "{\"task\":", "[]", "\"text\"", "null", "", "42", "{\"task\":42}", "{\"task\":true}",
                "{\"task\":\"FOREST-DATA\",\"values\":\"many\"}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":1e400}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":-1e400}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":NaN}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":\"NaN\"}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":Infinity}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":\"-Infinity\"}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":99999999999,\"value\":1}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":1999,\"value\":1}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"ENV.AIR.COMPOSITE_INDEX\",\"year\":2027,\"value\":1}]}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":61},"
                        + "{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":62}]}",
                "{\"task\":\"FOREST-DATA\",\"patches\":[{\"patchId\":\"P\",\"areaKm2\":2,\"direction\":\"IMPROVED\",\"verified\":true}]}",
                "{\"task\":\"FOREST-DATA\",\"events\":[{\"eventId\":\"E\",\"kind\":\"ENVIRONMENTAL_EMERGENCY\",\"severity\":\"GENERAL\",\"occurredOn\":\"2027-06-02\"}]}",
                "{\"bogus\":true,\"task\":null,\"values\":\"x\"}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"EQI.PATTERN\",\"year\":2027,\"value\":61}],"
                        + "\"evidence\":[\"" + escape(junk) + "\"]}",
                "{\"task\":\"" + escape(junk) + "\"}",
                "{\"task\":\"FOREST-DATA\",\"values\":[{\"indicator\":\"" + escape(junk) + "\",\"year\":2027,\"value\":1}]}",
                "{\"task\":\"FOREST-DATA#Q9\"}",
                "{\"task\":\"" + "X".repeat(1_000_000) + "\"}",
                "[".repeat(5000) + "]".repeat(5000)));
        List<byte[]> result = new ArrayList<>(bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList());
        result.add(new byte[] {'{', '"', 't', 'a', 's', 'k', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        result.add(oversized());
        return result;
    }

    private static List<byte[]> hostilePlanBodies(String junk) {
        return List.of("{", "[]", "null", "", "{\"county\":{\"code\":\"" + COUNTY + "\"},\"year\":\"abc\"}",
                        "{\"county\":{\"code\":\"" + COUNTY + "\"},\"year\":1e400}",
                        "{\"county\":{\"code\":\"" + escape(junk) + "\"},\"year\":2027}",
                        validPlan().replace("\"WINDBREAK_SAND_FIXATION\"", "\"" + escape(junk) + "\""),
                        validPlan().replace("\"mee-2022\"", "\"mee-1999\""),
                        validPlan().replace("\"Asia/Shanghai\"", "\"Mars/Olympus\""),
                        validPlan().replace("\"2027-10-20\"", "\"2099-10-20\""),
                        validPlan().replace("\"department\":\"FOREST\"", "\"department\":\"" + escape(junk) + "\""))
                .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    static String validPlan() {
        return """
                {"county":{"code":"%s","name":"测试旗","areaKm2":1000,"functionType":"WINDBREAK_SAND_FIXATION"},
                 "year":2027,"comparisonYear":2026,"methodology":"mee-2022","timeZone":"Asia/Shanghai",
                 "requireHeadApproval":false,
                 "departments":[{"code":"FOREST","name":"旗林草局","headEmail":"forest-head@example.org"},
                                {"code":"FIN","name":"旗财政局","headEmail":"fin-head@example.org"}],
                 "supervisors":[{"name":"领导小组办公室","email":"office@example.org"}],
                 "tasks":[{"id":"FOREST-DATA","department":"FOREST","title":"林草数据","indicators":["EQI.PATTERN"],
                           "managementItems":["PROTECT.RESTORATION"],"due":"2027-10-20"},
                          {"id":"FIN-INVEST","department":"FIN","title":"投入凭证","managementItems":["GREEN.INVESTMENT"],
                           "due":"2027-10-20"}],
                 "escalation":{"remindBefore":["P3D"],"escalateAfter":["PT0S","P2D"]}}
                """.formatted(COUNTY);
    }

    private static byte[] yamlBomb() {
        StringBuilder s = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            s.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                s.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            s.append("]\n");
            previous = c;
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] oversized() {
        StringBuilder s = new StringBuilder(12 * 1024 * 1024).append("{\"task\":\"FOREST-DATA\",\"note\":\"");
        s.append("长".repeat(4 * 1024 * 1024)).append("\"}");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipart(String filename, byte[] content) {
        byte[] head = ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
        return all;
    }

    private static byte[] elfBytes() {
        byte[] elf = new byte[512];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        return elf;
    }

    private static byte[] pdfBytes() {
        return "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpClient client, String method, String url, String token,
            String contentType, byte[] body) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // A server may close the connection while an oversized body is still being sent: refused.
            if (body != null && body.length > 10 * 1024 * 1024) {
                return new RefusedResponse(url);
            }
            throw new java.io.UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8);
        return body.length > 80 ? text + "… (" + body.length + " bytes)" : text;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String escape(String text) {
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private record HostileRequest(String description, String method, String url, String token, String contentType,
            byte[] body) {
    }

    /** Stands for a connection the server closed on purpose (e.g. on a body over its limit). */
    private record RefusedResponse(String url) implements HttpResponse<String> {
        public int statusCode() { return 413; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return "connection closed by the server"; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return URI.create(url); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
