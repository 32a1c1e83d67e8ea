package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.Evidence;
import org.ecoeval.submission.domain.PlanBook;
import org.ecoeval.submission.persistence.ContentStore;
import org.ecoeval.submission.persistence.FileSystemContentStore;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class EvidenceTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);
    static final String FOREST_HEAD = TestTokens.unit("unit-head", "FOREST", TestTokens.COUNTY);
    static final String FIN = TestTokens.unit("department", "FIN", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    @Inject
    ContentStore store;

    String evaluationWithPlan() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    static long evidenceCount() {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> Evidence.count());
    }

    static JsonPath json(HttpResponse<String> r) {
        return new JsonPath(r.body());
    }

    @Test
    void an_uploaded_pdf_is_stored_with_its_sha256_and_downloaded_with_its_chinese_name_intact() throws Exception {
        String evaluation = evaluationWithPlan();
        byte[] pdf = Multipart.pdf("投入凭证 " + evaluation);
        String name = "2024年生态环境保护投入凭证.pdf";

        HttpResponse<String> up = Multipart.upload(FOREST, evaluation, name, pdf);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        JsonPath body = json(up);
        String id = body.getString("id");
        assertThat(body.getString("filename")).isEqualTo(name);
        assertThat(body.getString("contentType")).isEqualTo("application/pdf");
        assertThat(body.getLong("sizeBytes")).isEqualTo(pdf.length);
        assertThat(body.getString("sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));
        assertThat(up.headers().firstValue("Location")).contains("/api/v1/evidence/" + id);

        HttpResponse<byte[]> down = Multipart.download(FOREST, id);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(pdf);
        assertThat(down.headers().firstValue("Content-Type")).contains("application/pdf");
        String disposition = down.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).startsWith("attachment; filename=\"").contains("filename*=UTF-8''");
        String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(name);

        assertThat(Multipart.download(TestTokens.county("bureau", TestTokens.COUNTY), id).statusCode()).isEqualTo(200);
        assertThat(Multipart.download(TestTokens.county("supervisor", TestTokens.COUNTY), id).statusCode())
                .isEqualTo(200);
        assertThat(Multipart.download(FOREST_HEAD, id).statusCode()).isEqualTo(200);
    }

    @Test
    void a_fin_token_cannot_read_forests_evidence() throws Exception {
        String evaluation = evaluationWithPlan();
        String id = json(Multipart.upload(FOREST, evaluation, "forest.png", Multipart.png())).getString("id");
        HttpResponse<byte[]> down = Multipart.download(FIN, id);
        assertThat(down.statusCode()).isEqualTo(404);
        assertThat(down.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Multipart.download(TestTokens.county("bureau", "150426"), id).statusCode()).isEqualTo(404);
    }

    @Test
    void the_same_bytes_uploaded_again_by_the_same_unit_are_the_same_evidence() throws Exception {
        String evaluation = evaluationWithPlan();
        byte[] pdf = Multipart.pdf("same bytes " + evaluation);
        HttpResponse<String> first = Multipart.upload(FOREST, evaluation, "a.pdf", pdf);
        HttpResponse<String> again = Multipart.upload(FOREST_HEAD, evaluation, "renamed.pdf", pdf);
        HttpResponse<String> otherUnit = Multipart.upload(FIN, evaluation, "a.pdf", pdf);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).getString("id")).isEqualTo(json(first).getString("id"));
        assertThat(json(again).getString("filename")).isEqualTo("a.pdf");
        assertThat(otherUnit.statusCode()).isEqualTo(201);
        assertThat(json(otherUnit).getString("id")).isNotEqualTo(json(first).getString("id"));
        assertThat(json(otherUnit).getString("sha256")).isEqualTo(json(first).getString("sha256"));
    }

    @Test
    void a_truncated_multipart_body_is_a_400_problem_and_stores_nothing() throws Exception {
        String evaluation = evaluationWithPlan();
        long before = evidenceCount();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(Multipart.uri("/api/v1/evaluations/" + evaluation + "/evidence"))
                .header("Authorization", "Bearer " + FOREST)
                .header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--XyZ\r\nContent-Disposition: form-da"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(r).getString("violations[0].rule")).isEqualTo("encoding");
        assertThat(evidenceCount()).isEqualTo(before);
    }

    @Test
    void an_executable_renamed_pdf_is_rejected() throws Exception {
        String evaluation = evaluationWithPlan();
        HttpResponse<String> r = Multipart.upload(FOREST, evaluation, "invoice.pdf", Multipart.executable());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(r).getString("violations[0].field")).isEqualTo("file");
        assertThat(json(r).getString("violations[0].rule")).isEqualTo("file-type");
        HttpResponse<String> script = Multipart.upload(FOREST, evaluation, "data.xlsx",
                "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8));
        assertThat(script.statusCode()).isEqualTo(415);
    }

    @Test
    void the_type_is_decided_by_content_for_every_accepted_kind() throws Exception {
        String evaluation = evaluationWithPlan();
        Map<String, byte[]> samples = new java.util.LinkedHashMap<>();
        samples.put("application/pdf", Multipart.pdf("kinds"));
        samples.put("image/png", Multipart.png());
        samples.put("image/jpeg", Multipart.jpeg());
        samples.put("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Multipart.zip("[Content_Types].xml", "_rels/.rels", "word/document.xml"));
        samples.put("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Multipart.zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"));
        samples.put("application/ofd", Multipart.zip("OFD.xml", "Doc_0/Document.xml"));
        samples.put("application/zip", Multipart.zip("readme.txt"));
        Map<String, String> seen = new HashMap<>();
        for (var e : samples.entrySet()) {
            // every file is named .bin: only the bytes decide
            HttpResponse<String> r = Multipart.upload(FOREST, evaluation, "sample.bin", e.getValue());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            seen.put(e.getKey(), json(r).getString("contentType"));
        }
        seen.forEach((expected, actual) -> assertThat(actual).isEqualTo(expected));
    }

    @Test
    void file_names_lose_their_directories_and_control_characters() throws Exception {
        String evaluation = evaluationWithPlan();
        HttpResponse<String> r = Multipart.upload(FOREST, evaluation, "../../etc/\u0007会议\u202e纪要.pdf",
                Multipart.pdf("names"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).getString("filename")).isEqualTo("会议纪要.pdf");
        HttpResponse<String> windows = Multipart.upload(FOREST, evaluation, "C:\\\\Users\\\\fin\\\\凭证.png",
                Multipart.png());
        assertThat(json(windows).getString("filename")).isEqualTo("凭证.png");
    }

    @Test
    void a_51_mib_upload_is_rejected_while_the_service_heap_never_holds_it() throws Exception {
        String evaluation = evaluationWithPlan();
        Path big = Files.createTempFile(Path.of("/tmp"), "ecoeval-51mib-", ".pdf");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(Multipart.pdf("big"));
            f.setLength(51L * 1024 * 1024); // sparse: the test does not hold it either
        }
        try {
            long evidenceBefore = evidenceCount();
            ServerAllocation allocation = ServerAllocation.start();
            Multipart.RawResponse r = Multipart.uploadFile(FOREST, evaluation, "big.pdf", big);
            long allocated = allocation.bytesSinceStart();

            assertThat(r.status()).as(r.body()).isEqualTo(413);
            assertThat(r.headers().get("content-type")).contains("application/problem+json");
            JsonPath problem = new JsonPath(r.body());
            assertThat(problem.getString("violations[0].field")).isEqualTo("file");
            assertThat(problem.getString("violations[0].rule")).isEqualTo("max-size");
            // the service threads allocated far less than the file: it was never read into the heap
            assertThat(allocated).isLessThan(8L * 1024 * 1024);
            assertThat(evidenceCount()).isEqualTo(evidenceBefore);
            assertThat(((FileSystemContentStore) store).temporaryFiles()).isZero();
        } finally {
            Files.deleteIfExists(big);
        }
    }

    @Test
    void a_file_one_byte_over_the_limit_inside_an_acceptable_request_is_rejected_after_streaming_to_disk()
            throws Exception {
        String evaluation = evaluationWithPlan();
        Path big = Files.createTempFile(Path.of("/tmp"), "ecoeval-50mib-", ".pdf");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(Multipart.pdf("limit"));
            f.setLength(50L * 1024 * 1024 + 1);
        }
        try {
            long evidenceBefore = evidenceCount();
            HttpResponse<String> r = Multipart.uploadStreamed(FOREST, evaluation, "limit.pdf", big);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(json(r).getString("violations[0].rule")).isEqualTo("max-size");
            assertThat(evidenceCount()).isEqualTo(evidenceBefore);
            assertThat(((FileSystemContentStore) store).temporaryFiles()).isZero();
        } finally {
            Files.deleteIfExists(big);
        }
    }

    @Test
    void evidence_referenced_by_a_submission_must_exist_and_belong_to_the_unit() throws Exception {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String own = json(Multipart.upload(FOREST, evaluation, "own.pdf", Multipart.pdf("own " + evaluation)))
                .getString("id");
        String fins = json(Multipart.upload(FIN, evaluation, "fin.pdf", Multipart.pdf("fin " + evaluation)))
                .getString("id");
        given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(Map.of("task", "FOREST-DATA", "evidence", List.of(own, fins, "not-an-id"),
                        "values", List.of(Map.of("indicator", "EQI.PATTERN", "year", year, "value", 61))))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422)
                .body("violations.size()", equalTo(2))
                .body("violations[0].field", equalTo("evidence[1]")).body("violations[0].rule", equalTo("evidence"))
                .body("violations[1].field", equalTo("evidence[2]"));
        String id = given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(Map.of("task", "FOREST-DATA", "evidence", List.of(own)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().statusCode(200)
                .body("versions[0].evidence[0]", equalTo(own));
    }

    @Test
    void an_upload_needs_a_file_and_a_known_evaluation_of_the_callers_county() throws Exception {
        String evaluation = evaluationWithPlan();
        given().auth().oauth2(FOREST).multiPart("note", "no file here")
                .post("/api/v1/evaluations/{e}/evidence", evaluation)
                .then().statusCode(422).body("violations[0].field", equalTo("file"))
                .body("violations[0].rule", equalTo("required"));
        assertThat(Multipart.upload(FOREST, TestTokens.COUNTY + "-2098", "a.pdf", Multipart.pdf("x")).statusCode())
                .isEqualTo(404);
        assertThat(Multipart.upload(TestTokens.unit("department", "FOREST", "150426"), evaluation, "a.pdf",
                Multipart.pdf("x")).statusCode()).isEqualTo(404);
        assertThat(Multipart.upload(TestTokens.county("bureau", TestTokens.COUNTY), evaluation, "a.pdf",
                Multipart.pdf("x")).statusCode()).isEqualTo(403);
    }

    /** Bytes allocated by the service's HTTP threads (event loops and workers) since {@link #start}. */
    record ServerAllocation(Map<Long, Long> before) {
        static com.sun.management.ThreadMXBean mx() {
            return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        }

        static Map<Long, Long> snapshot() {
            Map<Long, Long> out = new HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String n = t.getName();
                if (n.startsWith("vert.x-eventloop") || n.startsWith("executor-thread") || n.startsWith("vert.x-worker")
                        || n.startsWith("vert.x-internal-blocking")) {
                    out.put(t.getId(), mx().getThreadAllocatedBytes(t.getId()));
                }
            }
            return out;
        }

        static ServerAllocation start() {
            return new ServerAllocation(snapshot());
        }

        long bytesSinceStart() {
            long sum = 0;
            for (var e : snapshot().entrySet()) {
                sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            }
            return sum;
        }
    }
}
