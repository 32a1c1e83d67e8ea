package org.ecoeval.tracking.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ecoeval.infra.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** DRAFT → AWAITING_SIGN_OFF → SIGNED (the package is frozen) → SENT, or RETURNED; every step recorded. */
@QuarkusTest
class SignOffAndPackageTest {

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "ecoeval.tracking.report.store-dir")
    Path store;

    private static String reports(WorkedExample w) {
        return "/api/v1/evaluations/" + w.evaluation + "/reports";
    }

    private static void signOff(WorkedExample w, String token, int version, Object body, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post(reports(w) + "/" + version + "/sign-off").then().statusCode(status);
    }

    @Test
    void a_leader_of_the_county_signs_off_once_after_the_bureau_submitted_and_every_step_is_recorded() {
        WorkedExample w = new WorkedExample();
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        String v1 = reports(w) + "/1";
        // not yet submitted: nobody can sign it off, there is no package
        signOff(w, w.leader, 1, Map.of("approve", true), 409);
        given().auth().oauth2(w.leader).get(v1 + "/package").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.containsString("report-not-signed"));
        given().auth().oauth2(w.supervisor).post(v1 + "/submit").then().statusCode(403);
        given().auth().oauth2(w.leader).post(v1 + "/submit").then().statusCode(403);
        given().auth().oauth2(w.bureau).post(v1 + "/submit").then().statusCode(200)
                .body("state", equalTo("AWAITING_SIGN_OFF")).body("actions", equalTo(List.of()));
        given().auth().oauth2(w.bureau).post(v1 + "/submit").then().statusCode(409);
        given().auth().oauth2(w.leader).get(v1).then().statusCode(200)
                .body("actions", equalTo(List.of("sign-off", "return")));

        // only a leader, and only of this county
        signOff(w, w.bureau, 1, Map.of("approve", true), 403);
        signOff(w, w.supervisor, 1, Map.of("approve", true), 403);
        signOff(w, TestTokens.county("leader", "999999"), 1, Map.of("approve", true), 404);
        given().auth().oauth2(w.leader).contentType(ContentType.JSON).body(Map.of())
                .post(v1 + "/sign-off").then().statusCode(422).body("violations[0].field", equalTo("approve"));
        given().auth().oauth2(w.leader).contentType(ContentType.JSON).body(Map.of("approve", true, "comment", "同意报送"))
                .post(v1 + "/sign-off").then().statusCode(200).body("state", equalTo("SIGNED"))
                .body("signedBy", equalTo("leader-" + w.county)).body("signedAt", notNullValue())
                .body("dataPackage.sha256", notNullValue()).body("links.package", equalTo(v1 + "/package"));
        signOff(w, w.leader, 1, Map.of("approve", true), 409);
        signOff(w, w.leader, 1, Map.of("approve", false, "comment", "再改"), 409);

        given().auth().oauth2(w.bureau).contentType(ContentType.JSON).body(Map.of("reference", "克环字〔2024〕12号"))
                .post(v1 + "/sent").then().statusCode(422).body("violations[0].field", equalTo("sentOn"));
        given().auth().oauth2(w.bureau).contentType(ContentType.JSON)
                .body(Map.of("sentOn", w.year + "-10-25", "reference", "克环字〔2024〕12号")).post(v1 + "/sent").then()
                .statusCode(200).body("state", equalTo("SENT")).body("sentOn", equalTo(w.year + "-10-25"))
                .body("reference", equalTo("克环字〔2024〕12号"));
        given().auth().oauth2(w.bureau).contentType(ContentType.JSON)
                .body(Map.of("sentOn", w.year + "-10-26", "reference", "again")).post(v1 + "/sent").then().statusCode(409);

        given().auth().oauth2(w.leader).get(v1).then().statusCode(200)
                .body("steps.action", equalTo(List.of("GENERATE", "SUBMIT", "SIGN_OFF", "SENT")))
                .body("steps.state", equalTo(List.of("DRAFT", "AWAITING_SIGN_OFF", "SIGNED", "SENT")))
                .body("steps.actor", equalTo(List.of("bureau-" + w.county, "bureau-" + w.county, "leader-" + w.county,
                        "bureau-" + w.county)))
                .body("steps.role", equalTo(List.of("bureau", "bureau", "leader", "bureau")))
                .body("steps[2].comment", equalTo("同意报送")).body("steps[3].at", notNullValue());
    }

    @Test
    void a_leader_returns_a_version_with_a_comment_and_the_bureau_generates_the_next() {
        WorkedExample w = new WorkedExample();
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        given().auth().oauth2(w.bureau).post(reports(w) + "/1/submit").then().statusCode(200);
        given().auth().oauth2(w.leader).contentType(ContentType.JSON).body(Map.of("approve", false))
                .post(reports(w) + "/1/sign-off").then().statusCode(422)
                .body("violations[0].field", equalTo("comment")).body("violations[0].rule", equalTo("required-on-return"));
        given().auth().oauth2(w.leader).contentType(ContentType.JSON)
                .body(Map.of("approve", false, "comment", "空气质量综合指数缺失，请补报")).post(reports(w) + "/1/sign-off")
                .then().statusCode(200).body("state", equalTo("RETURNED")).body("signedBy", nullValue())
                .body("steps[2].comment", equalTo("空气质量综合指数缺失，请补报"));
        signOff(w, w.leader, 1, Map.of("approve", true), 409);
        given().auth().oauth2(w.bureau).post(reports(w) + "/1/submit").then().statusCode(409);
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201).body("version", equalTo(2));
        given().auth().oauth2(w.supervisor).get(reports(w)).then().statusCode(200)
                .body("version", equalTo(List.of(2, 1))).body("state", equalTo(List.of("DRAFT", "RETURNED")));
    }

    @Test
    void the_package_holds_every_file_under_its_manifest_and_never_changes_after_later_submissions() throws IOException {
        WorkedExample w = new WorkedExample();
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        given().auth().oauth2(w.bureau).post(reports(w) + "/1/submit").then().statusCode(200);
        signOff(w, w.leader, 1, Map.of("approve", true), 200);

        var response = given().auth().oauth2(w.supervisor).get(reports(w) + "/1/package");
        response.then().statusCode(200).contentType("application/zip");
        byte[] zip = response.asByteArray();
        assertThat(response.header("ETag")).isEqualTo("\"" + WorkedExample.sha256(zip) + "\"");
        given().auth().oauth2(w.leader).header("If-None-Match", response.header("ETag")).get(reports(w) + "/1/package")
                .then().statusCode(304);

        Map<String, byte[]> files = unzip(zip);
        JsonNode manifest = mapper.readTree(files.get("manifest.json"));
        assertThat(manifest.path("evaluationId").asText()).isEqualTo(w.evaluation);
        assertThat(manifest.path("reportVersion").asInt()).isEqualTo(1);
        assertThat(manifest.path("signedBy").asText()).isEqualTo("leader-" + w.county);
        assertThat(manifest.path("asOf").asText()).isNotBlank();
        Map<String, String> listed = new LinkedHashMap<>();
        for (JsonNode f : manifest.path("files")) {
            listed.put(f.path("path").asText(), f.path("sha256").asText());
            assertThat(f.path("sizeBytes").asLong()).isEqualTo(files.get(f.path("path").asText()).length);
        }
        // the manifest names every other file, with its SHA-256
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(
                files.keySet().stream().filter(p -> !p.equals("manifest.json")).toList());
        listed.forEach((path, sha) -> assertThat(WorkedExample.sha256(files.get(path))).as(path).isEqualTo(sha));
        assertThat(listed).containsKeys("report/" + w.evaluation + "-v1-自查报告.pdf",
                "report/" + w.evaluation + "-v1-自查报告.docx", "data/values.json", "data/values.xlsx",
                "data/score.json", "data/plan.json", "history/submissions.json", "history/alerts.json");

        // the uploaded bytes, where the contract puts them
        assertThat(files.get("evidence/FIN/FIN-INVEST/BUDGET-REPORT/2024年财政预算收支报告.pdf"))
                .isEqualTo(w.evidence.get(w.BUDGET));
        assertThat(files.get("evidence/EEB/EEB-ECO-QUALITY/MONITOR-REPORT/生态质量监测报告.pdf"))
                .isEqualTo(w.evidence.get(w.MONITOR));
        assertThat(files.get("evidence/EEB/EEB-PATCHES/other/图斑P-7核查照片.jpg")).isEqualTo(w.evidence.get(w.PHOTO));

        // values.json: exactly the accepted values (the submitted patch submission carries none; none is invented)
        JsonNode values = mapper.readTree(files.get("data/values.json"));
        assertThat(values).hasSize(12);
        assertThat(values.findValuesAsText("indicator")).contains("EQI.PATTERN", "ENV.AIR.GOOD_DAYS_RATIO");
        JsonNode pattern = java.util.stream.StreamSupport.stream(values.spliterator(), false)
                .filter(v -> v.path("indicator").asText().equals("EQI.PATTERN") && v.path("year").asInt() == w.year)
                .findFirst().orElseThrow();
        assertThat(pattern.path("value").decimalValue()).isEqualByComparingTo("61");
        assertThat(pattern.path("department").asText()).isEqualTo("EEB");
        assertThat(pattern.path("task").asText()).isEqualTo("EEB-ECO-QUALITY");
        assertThat(pattern.path("submissionId").asText()).isEqualTo(w.id(1));
        assertThat(pattern.path("submissionVersion").asInt()).isEqualTo(1);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(files.get("data/values.xlsx")))) {
            assertThat(wb.getSheetAt(0).getLastRowNum()).isEqualTo(12);
        }
        JsonNode score = mapper.readTree(files.get("data/score.json"));
        assertThat(score.path("provisional").path("deltaEI").decimalValue()).isEqualByComparingTo("1.485");
        assertThat(score.path("confirmed").path("deltaEIRounded").decimalValue()).isEqualByComparingTo("1.39");

        // later: a new accepted submission, a changed score, a new version: version 1's package stays byte for byte
        w.submission(w.id(6), "EEB", "EEB-ENV-QUALITY", "ACCEPTED", Instant.now().minusSeconds(10),
                "[" + WorkedExample.value("ENV.AIR.COMPOSITE_INDEX", w.year, "3.37") + "]", "[]", "[]", null, "[]", null);
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201).body("version", equalTo(2));
        var again = given().auth().oauth2(w.bureau).get(reports(w) + "/1/package");
        assertThat(again.asByteArray()).isEqualTo(zip);
        assertThat(again.header("ETag")).isEqualTo(response.header("ETag"));
        assertThat(SelfCheckReportTest.docxText(w, 2)).contains("3.37");
    }

    @Test
    void evidence_gone_from_the_store_fails_the_package_loudly_and_the_report_stays_unsigned() throws IOException {
        WorkedExample w = new WorkedExample();
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        given().auth().oauth2(w.bureau).post(reports(w) + "/1/submit").then().statusCode(200);
        Files.delete(store.resolve("evidence").resolve(w.MONITOR));
        given().auth().oauth2(w.leader).contentType(ContentType.JSON).body(Map.of("approve", true))
                .post(reports(w) + "/1/sign-off").then().statusCode(500)
                .body("type", org.hamcrest.Matchers.containsString("package-failed"))
                .body("detail", org.hamcrest.Matchers.containsString(w.MONITOR));
        given().auth().oauth2(w.leader).get(reports(w) + "/1").then().statusCode(200)
                .body("state", equalTo("AWAITING_SIGN_OFF")).body("dataPackage", nullValue())
                .body("steps.action", equalTo(List.of("GENERATE", "SUBMIT")));
        given().auth().oauth2(w.leader).get(reports(w) + "/1/package").then().statusCode(409);
        try (var left = Files.list(store.resolve("packages"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(w.evaluation + "-v1-") || n.startsWith(".writing-"));
        }
    }

    @Test
    void evidence_the_submission_service_cannot_serve_fails_the_generation_and_no_version_is_made() {
        WorkedExample w = new WorkedExample();
        org.ecoeval.tracking.PeerServicesFake.route("/api/v1/evidence/" + w.PHOTO,
                x -> new org.ecoeval.tracking.PeerServicesFake.Answer(500, "application/problem+json", Map.of(),
                        new ByteArrayInputStream("{}".getBytes()), 2));
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(502)
                .body("detail", org.hamcrest.Matchers.containsString(w.PHOTO));
        given().auth().oauth2(w.bureau).get(reports(w)).then().statusCode(200).body("", org.hamcrest.Matchers.empty());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), java.nio.charset.StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }
}
