package org.ecoeval.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class StatusResourceTest {

    @Inject
    ObjectMapper mapper;

    @TestHTTPResource("/")
    URL base;

    private String register(String county, int year) {
        String evaluation = county + "-" + year;
        var plan = TestPlans.plan(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", year + "-10-20"),
                TestPlans.task("FIN-BUDGET", "FIN", year + "-10-21"), TestPlans.task("EEB-REPORT", "EEB", year + "-10-25")));
        plan.remove("escalation");
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(201);
        return evaluation;
    }

    private void submit(String evaluation, String department, String task) throws Exception {
        KafkaTestClient.produce(Topics.SUBMISSIONS, evaluation, mapper.writeValueAsString(new SubmissionEvent(
                UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionSubmitted, "s-" + task, 1, evaluation,
                department, task, SubmissionStatus.SUBMITTED, List.of(), List.of(), List.of(), null, Instant.now(),
                Instant.now(), false)), "SubmissionSubmitted");
    }

    @Test
    void status_as_xlsx_has_chinese_headers_a_row_per_department_and_the_county_total() throws Exception {
        String county = TestPlans.freshCounty();
        int year = Year.now().getValue() + 1;
        String evaluation = register(county, year);
        String bureau = TestTokens.county("bureau", county);
        String url = "/api/v1/evaluations/" + evaluation + "/status";
        submit(evaluation, "FIN", "FIN-INVEST");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(bureau).get(url).then()
                .body("departments[0].submitted", equalTo(1)));

        var response = given().auth().oauth2(bureau).queryParam("format", "xlsx").get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo(XlsxTables.MEDIA_TYPE);
        assertThat(response.header("Content-Disposition")).contains("status-" + evaluation + ".xlsx");
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(response.asInputStream())) {
            var sheet = book.getSheet("完成情况");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("单位代码 department");
            assertThat(sheet.getRow(0).getCell(9).getStringCellValue()).isEqualTo("完成率 completion");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("FIN");
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("旗财政局");
            assertThat(sheet.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(2);
            assertThat(sheet.getRow(1).getCell(3).getNumericCellValue()).isEqualTo(1);
            assertThat(sheet.getRow(1).getCell(9).getNumericCellValue()).isEqualTo(0.5);
            assertThat(sheet.getRow(1).getCell(9).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
            assertThat(sheet.getRow(3).getCell(0).getStringCellValue()).isEqualTo("全旗合计 total");
            assertThat(sheet.getRow(3).getCell(2).getNumericCellValue()).isEqualTo(3);
        }
        given().auth().oauth2(bureau).queryParam("format", "pdf").get(url).then().statusCode(400)
                .body("violations[0].field", equalTo("format"));
        given().auth().oauth2(TestTokens.unit("department", "FIN", county)).queryParam("format", "xlsx").get(url)
                .then().statusCode(403);
    }

    @Test
    void status_has_an_etag_answers_304_while_unchanged_and_changes_with_a_submission() throws Exception {
        String county = TestPlans.freshCounty();
        int year = Year.now().getValue() + 1;
        String evaluation = register(county, year);
        String bureau = TestTokens.county("bureau", county);
        String url = "/api/v1/evaluations/" + evaluation + "/status";

        var first = given().auth().oauth2(bureau).get(url).then().statusCode(200)
                .body("departments.department", equalTo(List.of("FIN", "EEB")))
                .body("departments[0].name", equalTo("旗财政局"))
                .body("departments[0].total", equalTo(2))
                .body("departments[0].submitted", equalTo(0))
                .body("departments[0].completion", equalTo(0))
                .body("departments[0].overdue", equalTo(0))
                .body("departments[0].nextDueAt", equalTo(year + "-10-20T16:00:00Z"))
                .body("totals.total", equalTo(3))
                .body("totals.name", equalTo("测试旗" + county))
                .header("ETag", notNullValue()).extract();
        String etag = first.header("ETag");

        given().auth().oauth2(bureau).header("If-None-Match", etag).get(url).then().statusCode(304)
                .header("ETag", equalTo(etag));

        submit(evaluation, "FIN", "FIN-INVEST");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(bureau).header("If-None-Match", etag).get(url).statusCode() == 200);
        given().auth().oauth2(bureau).header("If-None-Match", etag).get(url).then().statusCode(200)
                .body("departments[0].submitted", equalTo(1))
                .body("departments[0].onTime", equalTo(1))
                .body("departments[0].completion", equalTo(0.5f))
                .body("departments[0].onTimeRate", equalTo(1))
                .body("departments[0].nextDueAt", equalTo(year + "-10-21T16:00:00Z"))
                .body("totals.submitted", equalTo(1));

        given().auth().oauth2(TestTokens.county("supervisor", county)).get(url).then().statusCode(200);
        given().auth().oauth2(TestTokens.county("bureau", "150425")).get(url).then().statusCode(404);
        given().auth().oauth2(TestTokens.unit("department", "FIN", county)).get(url).then().statusCode(403);
    }

    @Test
    void an_overdue_task_changes_the_etag_when_its_deadline_passes_without_any_event() {
        String county = TestPlans.freshCounty();
        int year = Year.now().getValue();
        String evaluation = county + "-" + year;
        Instant due = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var plan = TestPlans.plan(county, year, List.of(TestPlans.task("FIN-INVEST", "FIN", due.toString())));
        plan.remove("escalation");
        String bureau = TestTokens.county("bureau", county);
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(201);
        String url = "/api/v1/evaluations/" + evaluation + "/status";
        String etag = given().auth().oauth2(bureau).get(url).then().statusCode(200)
                .body("departments[0].overdue", equalTo(0)).extract().header("ETag");
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(due));
        given().auth().oauth2(bureau).header("If-None-Match", etag).get(url).then().statusCode(200)
                .body("departments[0].overdue", equalTo(1)).body("departments[0].nextDueAt", nullValue());
    }

    @Test
    void the_sse_stream_pushes_the_status_and_again_when_it_changes() throws Exception {
        String county = TestPlans.freshCounty();
        int year = Year.now().getValue() + 1;
        String evaluation = register(county, year);
        String bureau = TestTokens.county("bureau", county);
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(
                "/api/v1/evaluations/" + evaluation + "/status/stream"))
                .header("Authorization", "Bearer " + bureau).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(mapper.readTree(line.substring(5).strip()));
                    }
                }
            } catch (Exception closed) {
                // the test ends the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            assertThat(events.get(0).at("/departments/0/submitted").asInt()).isZero();
            submit(evaluation, "EEB", "EEB-REPORT");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.stream().anyMatch(e -> e.at("/totals/submitted").asInt() == 1));
            JsonNode changed = events.stream().filter(e -> e.at("/totals/submitted").asInt() == 1).findFirst().orElseThrow();
            assertThat(changed.at("/departments/1/department").asText()).isEqualTo("EEB");
            assertThat(changed.at("/departments/1/completion").asInt()).isEqualTo(1);
            // unchanged status is not pushed again
            assertThat(events).hasSize(2);
        } finally {
            response.body().close();
        }
    }
}
