package org.ecoeval.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class LedgerResourceTest {

    @Inject
    ObjectMapper mapper;

    private void submit(String evaluation, String task, Instant at, SubmissionStatus status) throws Exception {
        SubmissionEvent.Type type = status == SubmissionStatus.ACCEPTED ? SubmissionEvent.Type.SubmissionAccepted
                : SubmissionEvent.Type.SubmissionSubmitted;
        KafkaTestClient.produce(Topics.SUBMISSIONS, evaluation, mapper.writeValueAsString(new SubmissionEvent(
                UUID.randomUUID().toString(), type, "s-" + task, 1, evaluation, "FIN", task, status, List.of(),
                List.of(), List.of(), null, Instant.now(), at, false)), type.name());
    }

    @Test
    void the_ledger_counts_on_time_late_never_done_and_pending_per_unit_as_json_and_csv() throws Exception {
        String county = TestPlans.freshCounty();
        int year = Year.now().getValue();
        String evaluation = county + "-" + year;
        var plan = TestPlans.plan(county, year, List.of(TestPlans.task("FIN-A", "FIN", year + "-01-10"),
                TestPlans.task("FIN-B", "FIN", year + "-01-11"), TestPlans.task("FIN-C", "FIN", year + "-01-12"),
                TestPlans.task("FIN-D", "FIN", (year + 1) + "-06-30")));
        plan.remove("escalation");
        String bureau = TestTokens.county("bureau", county);
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(201);

        submit(evaluation, "FIN-A", Instant.parse(year + "-01-09T08:00:00Z"), SubmissionStatus.ACCEPTED);
        submit(evaluation, "FIN-B", Instant.parse(year + "-01-20T08:00:00Z"), SubmissionStatus.SUBMITTED);
        String url = "/api/v1/evaluations/" + evaluation + "/ledger";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(bureau).get(url).then().statusCode(200)
                        .body("departments[0].department", equalTo("FIN"))
                        .body("departments[0].total", equalTo(4))
                        .body("departments[0].onTime", equalTo(1))
                        .body("departments[0].late", equalTo(1))
                        .body("departments[0].notDone", equalTo(1))
                        .body("departments[0].pending", equalTo(1))
                        .body("departments[0].tasks.find { it.taskId == 'FIN-B' }.outcome", equalTo("LATE"))
                        .body("departments[0].tasks.find { it.taskId == 'FIN-C' }.outcome", equalTo("NOT_DONE"))
                        .body("departments[1].department", equalTo("EEB"))
                        .body("departments[1].total", equalTo(0)));

        var response = given().auth().oauth2(bureau).accept("text/csv").get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        String csv = response.asString();
        List<String> lines = csv.replace("\uFEFF", "").lines().toList();
        assertThat(lines.get(0)).isEqualTo("department,name,total,onTime,late,notDone,pending,onTimeRate");
        assertThat(lines).contains("FIN,旗财政局,4,1,1,1,1,0.5", "EEB,市生态环境局克旗分局,0,0,0,0,0,");

        assertThat(given().auth().oauth2(bureau).queryParam("format", "csv").get(url).asString()).isEqualTo(csv);

        var xlsx = given().auth().oauth2(bureau).queryParam("format", "xlsx").get(url);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.contentType()).isEqualTo(XlsxTables.MEDIA_TYPE);
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(xlsx.asInputStream())) {
            var units = book.getSheet("考核台账");
            assertThat(units.getRow(0).getCell(3).getStringCellValue()).isEqualTo("按时报送 onTime");
            assertThat(units.getRow(1).getCell(0).getStringCellValue()).isEqualTo("FIN");
            assertThat(units.getRow(1).getCell(1).getStringCellValue()).isEqualTo("旗财政局");
            assertThat(units.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(4);
            assertThat(units.getRow(1).getCell(7).getNumericCellValue()).isEqualTo(0.5);
            var tasks = book.getSheet("任务明细");
            assertThat(tasks.getRow(0).getCell(4).getStringCellValue()).isEqualTo("结果 outcome");
            List<String> outcomes = new java.util.ArrayList<>();
            for (int r = 1; r <= tasks.getLastRowNum(); r++) {
                outcomes.add(tasks.getRow(r).getCell(1).getStringCellValue() + " "
                        + tasks.getRow(r).getCell(4).getStringCellValue());
            }
            assertThat(outcomes).contains("FIN-B 逾期报送 LATE", "FIN-C 逾期未报 NOT_DONE", "FIN-D 未到期 PENDING");
            // due times in the plan's time zone (Asia/Shanghai): the end of 10 January is midnight
            assertThat(tasks.getRow(1).getCell(3).getStringCellValue()).isEqualTo(year + "-01-11 00:00");
        }
        given().auth().oauth2(bureau).queryParam("format", "pdf").get(url).then().statusCode(400);
        given().auth().oauth2(TestTokens.unit("department", "FIN", county)).get(url).then().statusCode(403);
    }
}
