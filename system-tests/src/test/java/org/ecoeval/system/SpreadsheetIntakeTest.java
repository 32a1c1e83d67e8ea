package org.ecoeval.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.infra.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Bulk intake across the three services: the environment bureau downloads its template, fills it as a person
 * would in Excel, checks it with a dry run (nothing changes anywhere), imports it, and then tracking shows its
 * tasks SUBMITTED and the provisional score has moved; the same file again changes nothing.
 */
class SpreadsheetIntakeTest {
    /** The Hexigten 2024 plan under a county code of its own, so that no other system test shares its state. */
    private static final String COUNTY = "150497";
    private static final String EVALUATION = COUNTY + "-2024";
    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    /**
     * The county's plan without its materials: a sheet carries values, not files, so a task that needs materials
     * cannot be first submitted by an import (that rule is the submission-service tests' and IntakeSheetTest's).
     */
    @SuppressWarnings("unchecked")
    private static String withoutMaterials(String planJson) {
        java.util.Map<String, Object> plan = (java.util.Map<String, Object>) new groovy.json.JsonSlurper()
                .parseText(planJson);
        ((List<java.util.Map<String, Object>>) plan.get("tasks")).forEach(t -> t.remove("materials"));
        return groovy.json.JsonOutput.toJson(plan);
    }

    @Test
    void template_filled_dry_run_and_import_move_the_score_and_show_the_tasks_submitted() throws Exception {
        String bureau = TestTokens.county("bureau", COUNTY);
        String eeb = TestTokens.unit("department", "EEB", COUNTY);
        String plan = withoutMaterials(Files.readString(ProjectLayout.root().resolve("deploy/local/plans/150425-2024.json")))
                .replaceFirst("\"code\":\\s*\"150425\"", "\"code\": \"" + COUNTY + "\"");
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                .put(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan")
                .then().statusCode(anyOf(is(201), is(200)));
        String template = system.submission.api() + "/evaluations/" + EVALUATION + "/imports/template";
        await("submission-service knows the plan").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(eeb).get(template).then().statusCode(200));
        String score = system.scoring.api() + "/evaluations/" + EVALUATION + "/score?reading=provisional";
        await("scoring-service knows the plan").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(bureau).get(score).then().statusCode(200));
        JsonPath before = given().auth().oauth2(bureau).get(score).then().extract().jsonPath();
        assertThat(before.getList("missing", String.class)).contains("EQI.PATTERN", "EQI.STRESS",
                "ENV.AIR.GOOD_DAYS_RATIO", "ENV.SOIL.SAFE_POINT_RATIO");

        // EEB owes two tasks of five indicators each, for 2023 and 2024: twenty rows
        byte[] filled = fill(given().auth().oauth2(eeb).get(template).then().extract().asByteArray());

        JsonPath dry = importFile(eeb, filled, "?dryRun=true").then().statusCode(200).extract().jsonPath();
        assertThat(dry.getInt("rows")).isEqualTo(20);
        assertThat(dry.getInt("submissionsCreated")).isEqualTo(2);
        assertThat(dry.getList("conflicts")).isEmpty();
        assertThat(given().auth().oauth2(bureau).get(score).then().extract().jsonPath().getInt("basis.eventCount"))
                .as("a dry run publishes nothing").isEqualTo(before.getInt("basis.eventCount"));

        JsonPath done = importFile(eeb, filled, "").then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("status")).isEqualTo("OK");
        assertThat(done.getInt("submissionsCreated")).isEqualTo(2);

        String tasks = system.tracking.api() + "/evaluations/" + EVALUATION + "/tasks";
        await("tracking shows both tasks submitted").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(bureau).queryParam("department", "EEB").get(tasks).then().statusCode(200)
                        .body("find { it.taskId == 'EEB-ECO-QUALITY' }.state", equalTo("SUBMITTED"))
                        .body("find { it.taskId == 'EEB-ENV-QUALITY' }.state", equalTo("SUBMITTED")));
        await("the provisional score counts the imported values").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(bureau).get(score).then().statusCode(200)
                        .body("basis.eventCount", equalTo(before.getInt("basis.eventCount") + 2)));
        JsonPath after = given().auth().oauth2(bureau).get(score).then().extract().jsonPath();
        assertThat(after.getList("missing", String.class)).doesNotContain("EQI.PATTERN", "EQI.STRESS",
                "ENV.AIR.GOOD_DAYS_RATIO", "ENV.SOIL.SAFE_POINT_RATIO");
        assertThat(after.getString("technical.deltaEQI")).isNotNull();
        assertThat(new BigDecimal(after.getString("technical.deltaEQI"))).isPositive();
        assertThat(after.getString("deltaEI")).isNotEqualTo(before.getString("deltaEI"));

        // the same file again: nothing created, nothing revised, no event
        JsonPath again = importFile(eeb, filled, "").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("unchanged")).isEqualTo(2);
        assertThat(again.getInt("submissionsCreated") + again.getInt("submissionsRevised")).isZero();
        await("no further event").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(bureau).get(score).then()
                        .body("basis.eventCount", equalTo(before.getInt("basis.eventCount") + 2)));

        // the bureau hands status and ledger to leaders as spreadsheets
        for (String export : List.of("/status?format=xlsx", "/ledger?format=xlsx")) {
            byte[] xlsx = given().auth().oauth2(bureau).get(system.tracking.api() + "/evaluations/" + EVALUATION
                    + export).then().statusCode(200).extract().asByteArray();
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
                assertThat(book.getSheetAt(0).getRow(0).getCell(0).getStringCellValue())
                        .isEqualTo("单位代码 department");
            }
        }
    }

    /**
     * Every value of the template: mid-range, the evaluation year better than the comparison year (higher for a
     * higher-is-better indicator, lower for EQI.STRESS and the lower-is-better environment indices).
     */
    private static byte[] fill(byte[] template) throws Exception {
        List<String> lowerIsBetter = List.of("EQI.STRESS", "ENV.WATER.QUALITY_INDEX", "ENV.AIR.COMPOSITE_INDEX");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(template));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet data = book.getSheetAt(0);
            assertThat(data.getLastRowNum()).isEqualTo(20);
            for (int r = 1; r <= data.getLastRowNum(); r++) {
                Row row = data.getRow(r);
                String indicator = row.getCell(2).getStringCellValue();
                double max = Double.parseDouble(row.getCell(5).getStringCellValue().split("–")[1]);
                boolean evaluationYear = (int) row.getCell(6).getNumericCellValue() == 2024;
                double step = (lowerIsBetter.contains(indicator) ? -1 : 1) * (evaluationYear ? max * 0.05 : 0);
                row.createCell(7).setCellValue(max * 0.5 + step);
            }
            data.getRow(1).createCell(8).setCellValue("生态环境分局 2024 年监测数据");
            book.write(out);
            return out.toByteArray();
        }
    }

    private static io.restassured.response.Response importFile(String token, byte[] file, String query) {
        return given().auth().oauth2(token).multiPart("file", "生态环境分局.xlsx", file, "application/octet-stream")
                .post(system.submission.api() + "/evaluations/" + EVALUATION + "/imports" + query);
    }
}
