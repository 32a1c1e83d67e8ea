package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.api.sheets.SheetFiles;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Bulk intake from spreadsheets: template → fill → dry run → import, conflicts, idempotency, a big file. */
@QuarkusTest
class BulkIntakeTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);
    static final String FOREST_HEAD = TestTokens.unit("unit-head", "FOREST", TestTokens.COUNTY);
    static final String BUREAU = TestTokens.county("bureau", TestTokens.COUNTY);
    static final int VALUE_COLUMN = 7; // H in the template

    @Inject
    PlanBook plans;

    String evaluationWithPlan() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    /** A plan whose unit FOREST has {@code tasks} tasks, each listing {@code indicators} indicators. */
    String evaluationWithForestTasks(int tasks, int indicators) {
        String evaluation = TestPlans.freshEvaluation();
        int year = TestPlans.yearOf(evaluation);
        Plan base = TestPlans.plan(evaluation, false);
        List<String> codes = IndicatorCatalogue.indicators().stream().map(i -> i.code()).limit(indicators).toList();
        List<Plan.Task> list = new ArrayList<>(base.tasks());
        for (int t = 0; t < tasks; t++) {
            list.add(new Plan.Task("FOREST-" + t, "FOREST", "林草数据 " + t, codes, null, null, null,
                    year + "-10-20", null));
        }
        Plan plan = new Plan(base.county(), base.year(), base.comparisonYear(), base.methodology(), base.timeZone(),
                false, base.departments(), base.supervisors(), list, base.escalation());
        TestPlans.publishRaw(evaluation, new PlanPublished(UUID.randomUUID().toString(), evaluation, 1, plan,
                TestPlans.instances(plan, TestPlans.inAMonth()), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        return evaluation;
    }

    @Test
    void the_template_has_a_row_per_task_indicator_and_year_of_the_unit_with_drop_downs() throws IOException {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        byte[] xlsx = template(FOREST, evaluation, "xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet data = book.getSheetAt(0);
            Row header = data.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("任务 task");
            assertThat(header.getCell(2).getStringCellValue()).isEqualTo("指标 indicator");
            assertThat(header.getCell(6).getStringCellValue()).isEqualTo("年份 year");
            assertThat(header.getCell(7).getStringCellValue()).isEqualTo("数值 value");
            assertThat(header.getCell(8).getStringCellValue()).isEqualTo("说明 note");
            List<String> rows = new ArrayList<>();
            for (int r = 1; r <= data.getLastRowNum(); r++) {
                Row row = data.getRow(r);
                rows.add(row.getCell(0).getStringCellValue() + "|" + row.getCell(2).getStringCellValue() + "|"
                        + (int) row.getCell(6).getNumericCellValue() + "|" + row.getCell(5).getStringCellValue());
            }
            // FOREST owes FOREST-DATA's two indicators for both years, and nothing of another unit
            assertThat(rows).containsExactly("FOREST-DATA|EQI.PATTERN|" + (year - 1) + "|0–100",
                    "FOREST-DATA|EQI.PATTERN|" + year + "|0–100", "FOREST-DATA|EQI.FUNCTION|" + (year - 1) + "|0–100",
                    "FOREST-DATA|EQI.FUNCTION|" + year + "|0–100");
            assertThat(data.getRow(1).getCell(3).getStringCellValue()).isEqualTo("生态格局指数");
            // drop-downs of tasks, indicators and years, and a range check per indicator
            assertThat(data.getDataValidations()).hasSize(5);
            assertThat(data.getDataValidations()).anySatisfy(v -> assertThat(
                    v.getValidationConstraint().getExplicitListValues()).containsExactly(String.valueOf(year - 1),
                            String.valueOf(year)));
            assertThat(data.getDataValidations()).anySatisfy(v -> assertThat(
                    v.getValidationConstraint().getFormula1()).isEqualTo("代码!$A$2:$A$2"));
            assertThat(book.isSheetHidden(1)).isTrue();
            assertThat(book.getSheetAt(1).getRow(1).getCell(0).getStringCellValue()).isEqualTo("FOREST-DATA");
        }
        byte[] csv = template(FOREST, evaluation, "csv");
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text.split("\r\n")).hasSize(5);
        assertThat(text).startsWith("任务 task,任务名称 title,指标 indicator,");
        assertThat(text).contains("FOREST-DATA,林草生态数据,EQI.PATTERN,生态格局指数,index,0–100," + (year - 1) + ",,");

        given().auth().oauth2(BUREAU).get("/api/v1/evaluations/{e}/imports/template", evaluation).then()
                .statusCode(403);
        given().auth().oauth2(FOREST).get("/api/v1/evaluations/{e}/imports/template?format=pdf", evaluation).then()
                .statusCode(400).body("violations[0].field", equalTo("format"));
        given().auth().oauth2(FOREST).get("/api/v1/evaluations/{e}/imports/template", "150425-1999").then()
                .statusCode(404);
    }

    @Test
    void template_filled_dry_run_then_import_creates_one_submission_and_the_same_file_again_changes_nothing()
            throws Exception {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        byte[] filled = fill(template(FOREST, evaluation, "xlsx"), List.of(61.5, 60, 70.25, 69), "林草局 导入");

        JsonPath dry = importFile(FOREST, evaluation, filled, "?dryRun=true").then().statusCode(200).extract()
                .jsonPath();
        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(dry.getInt("rows")).isEqualTo(4);
        assertThat(dry.getInt("submissionsCreated")).isEqualTo(1);
        assertThat(dry.getList("conflicts")).isEmpty();
        assertThat(listed(evaluation)).as("a dry run writes nothing").isEmpty();

        JsonPath done = importFile(FOREST, evaluation, filled, "").then().statusCode(200).extract().jsonPath();
        assertThat(done.getBoolean("dryRun")).isFalse();
        assertThat(done.getString("status")).isEqualTo("OK");
        assertThat(done.getInt("submissionsCreated")).isEqualTo(1);
        List<Map<String, Object>> items = listed(evaluation);
        assertThat(items).singleElement().satisfies(s -> {
            assertThat(s.get("task")).isEqualTo("FOREST-DATA");
            assertThat(s.get("status")).isEqualTo("SUBMITTED");
            assertThat(s.get("version")).isEqualTo(1);
        });
        String id = (String) items.get(0).get("id");
        JsonPath view = given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(view.getList("versions[0].values.value", BigDecimal.class)).usingElementComparator(
                BigDecimal::compareTo).containsExactly(new BigDecimal("61.5"), new BigDecimal("60"),
                        new BigDecimal("70.25"), new BigDecimal("69"));
        assertThat(view.getString("versions[0].note")).isEqualTo("林草局 导入");
        List<ConsumerRecord<String, String>> events = TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 1);
        SubmissionEvent event = TestPlans.JSON.readValue(events.get(0).value(), SubmissionEvent.class);
        assertThat(event.type()).isEqualTo(SubmissionEvent.Type.SubmissionSubmitted);
        assertThat(event.values()).hasSize(4);
        assertThat(event.values()).anySatisfy(v -> {
            assertThat(v.indicator()).isEqualTo("EQI.FUNCTION");
            assertThat(v.year()).isEqualTo(year);
            assertThat(v.value()).isEqualByComparingTo("69");
        });

        JsonPath again = importFile(FOREST, evaluation, filled, "").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("submissionsCreated")).isZero();
        assertThat(again.getInt("submissionsRevised")).isZero();
        assertThat(again.getInt("unchanged")).isEqualTo(1);
        assertThat(given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().extract().jsonPath()
                .getInt("version")).as("the same file twice makes no new version").isEqualTo(1);

        // one value changed: a new version of the same submission; the values not in the file are kept
        byte[] changed = SheetFiles.xlsx(List.of(List.of("FOREST-DATA", "EQI.PATTERN", year, 62)));
        JsonPath revised = importFile(FOREST_HEAD, evaluation, changed, "").then().statusCode(200).extract()
                .jsonPath();
        assertThat(revised.getInt("submissionsRevised")).isEqualTo(1);
        JsonPath v2 = given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().extract().jsonPath();
        assertThat(v2.getInt("version")).isEqualTo(2);
        assertThat(v2.getList("versions[1].values")).hasSize(4);
        assertThat(v2.getString("versions[1].note")).isEqualTo("林草局 导入");
        assertThat(v2.getString("history[1].action")).isEqualTo("REVISED");
        TestKafka.awaitContaining(Topics.SUBMISSIONS, id, 2);
    }

    @Test
    void a_csv_in_gb18030_imports_like_the_xlsx_and_an_idempotency_key_replays_the_first_answer() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        String csv = "任务 task,指标 indicator,年份 year,数值 value,说明 note\r\n"
                + "FOREST-DATA,EQI.PATTERN," + year + ",61,旗林草局\r\n";
        byte[] gb = csv.getBytes(java.nio.charset.Charset.forName("GB18030"));
        String key = "import-" + UUID.randomUUID();
        Response first = given().auth().oauth2(FOREST).header("Idempotency-Key", key)
                .multiPart("file", "数据.csv", gb, "text/csv").post("/api/v1/evaluations/{e}/imports", evaluation);
        first.then().statusCode(200).body("submissionsCreated", equalTo(1));
        Response replay = given().auth().oauth2(FOREST).header("Idempotency-Key", key)
                .multiPart("file", "数据.csv", gb, "text/csv").post("/api/v1/evaluations/{e}/imports", evaluation);
        replay.then().statusCode(200).header("Idempotent-Replayed", "true").body("submissionsCreated", equalTo(1));
        String id = (String) listed(evaluation).get(0).get("id");
        assertThat(given().auth().oauth2(FOREST).get("/api/v1/submissions/{id}", id).then().extract().jsonPath()
                .getString("versions[0].note")).isEqualTo("旗林草局");
        given().auth().oauth2(FOREST).header("Idempotency-Key", key)
                .multiPart("file", "数据.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/evaluations/{e}/imports", evaluation).then().statusCode(422)
                .body("violations[0].rule", equalTo("idempotency-key-reuse"));
    }

    @Test
    void every_conflict_names_row_column_and_rule_and_an_atomic_import_writes_nothing() throws Exception {
        String evaluation = evaluationWithForestTasks(2, 2);
        int year = TestPlans.yearOf(evaluation);
        byte[] file = SheetFiles.xlsx(List.of(
                List.of("FOREST-0", "EQI.VALUE", year, 61),                 // row 2: fine
                List.of("FOREST-0", "EQI.VALUE", year - 1, "六十"),          // row 3: text in a number column
                List.of("FOREST-1", "EQI.VALUE", year, 101),                // row 4: out of range
                List.of("FOREST-1", "EQI.PATTERN", year, 50),               // row 5: duplicate of row 6
                List.of("FOREST-1", "EQI.PATTERN", year, 50),               // row 6
                List.of("LAND-DATA", "EQI.PATTERN", year, 50),              // row 7: another unit's task
                List.of("FOREST-0", "EQI.STRESS", year, 5),                 // row 8: the task does not list it
                List.of("FOREST-0", "EQI.PATTERN", 1999, 5),                // row 9: not a year of the evaluation
                List.of("FOREST-0", "EQI.PATTERN", "2024年", 5),             // row 10: not a whole number
                List.of("FOREST-0", "EQI.PATTERN", year, 1),                // row 11: formula
                List.of("FOREST-0", "EQI.VALUE", year, 7),                  // row 12 and 13: merged
                List.of("", "EQI.PATTERN", year - 1, 7)), sheet -> {
                    SheetFiles.formula(sheet, 11, 3, "40+2");
                    SheetFiles.merge(sheet, "A12:A13");
                });

        Response response = importFile(FOREST, evaluation, file, "");
        response.then().statusCode(409);
        JsonPath summary = response.jsonPath();
        assertThat(summary.getString("status")).isEqualTo("REFUSED");
        assertThat(summary.getInt("rows")).isEqualTo(12);
        assertThat(summary.getInt("submissionsCreated")).isZero();
        List<String> conflicts = summary.getList("conflicts", Map.class).stream()
                .map(c -> c.get("row") + " " + c.get("column") + " " + c.get("cell") + " " + c.get("rule"))
                .toList();
        assertThat(conflicts).contains("3 value D3 number", "4 value D4 range", "6 indicator B6 duplicate",
                "7 task A7 own-unit", "8 indicator B8 task-indicator", "9 year C9 year", "10 year C10 integer",
                "11 value D11 formula", "12 task A12:A13 merged-cells");
        assertThat(summary.getList("conflicts.message", String.class)).anySatisfy(m -> assertThat(m)
                .contains("row 5")); // the duplicate names the row it repeats, not a JSON index
        assertThat(listed(evaluation)).as("nothing is imported when any row conflicts").isEmpty();

        // atomic=false: FOREST-0 and FOREST-1 both have conflicts, so still nothing; a clean task goes in
        byte[] partly = SheetFiles.xlsx(List.of(
                List.of("FOREST-0", "EQI.VALUE", year, 61),
                List.of("FOREST-0", "EQI.PATTERN", year, 62),
                List.of("FOREST-1", "EQI.VALUE", year, "n/a")));
        JsonPath partial = importFile(FOREST, evaluation, partly, "?atomic=false").then().statusCode(200).extract()
                .jsonPath();
        assertThat(partial.getString("status")).isEqualTo("PARTIAL");
        assertThat(partial.getInt("submissionsCreated")).isEqualTo(1);
        assertThat(partial.getList("conflicts.row", Integer.class)).containsExactly(4);
        assertThat(listed(evaluation)).extracting(s -> s.get("task")).containsExactly("FOREST-0");

        // atomic=false and not one task passes: refused as a whole
        importFile(FOREST, evaluation, SheetFiles.xlsx(List.of(List.of("FOREST-1", "EQI.VALUE", year, "n/a"))),
                "?atomic=false").then().statusCode(409).body("status", equalTo("REFUSED"))
                .body("conflicts[0].rule", equalTo("number"));
    }

    @Test
    void an_accepted_submission_takes_no_new_values_from_a_sheet_but_the_same_values_are_unchanged() {
        String evaluation = evaluationWithPlan();
        int year = TestPlans.yearOf(evaluation);
        byte[] file = SheetFiles.xlsx(List.of(List.of("FOREST-DATA", "EQI.PATTERN", year, 61)));
        importFile(FOREST, evaluation, file, "").then().statusCode(200);
        String id = (String) listed(evaluation).get(0).get("id");
        given().auth().oauth2(BUREAU).contentType("application/json").body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/submissions/{id}/review", id).then().statusCode(200);

        importFile(FOREST, evaluation, file, "").then().statusCode(200).body("unchanged", equalTo(1));
        byte[] other = SheetFiles.xlsx(List.of(List.of("FOREST-DATA", "EQI.PATTERN", year, 65)));
        importFile(FOREST, evaluation, other, "").then().statusCode(409)
                .body("conflicts[0].rule", equalTo("submission-accepted")).body("conflicts[0].row", equalTo(2));
    }

    @Test
    void bad_files_are_problems_naming_the_file_and_write_nothing() {
        String evaluation = evaluationWithPlan();
        importFile(FOREST, evaluation, Multipart.pdf("not a sheet"), "").then().statusCode(415)
                .body("violations[0].field", equalTo("file")).body("violations[0].rule", equalTo("file-type"));
        importFile(FOREST, evaluation, SheetFiles.zipBomb(), "").then().statusCode(422)
                .body("violations[0].rule", equalTo("zip-bomb"));
        importFile(FOREST, evaluation, "a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8), "").then().statusCode(422)
                .body("violations[0].rule", equalTo("header"));
        importFile(FOREST, evaluation, "task,indicator,year,value\r\ncafé,x,1,2\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), "").then().statusCode(422)
                .body("violations[0].rule", equalTo("encoding"));
        importFile(FOREST, evaluation, SheetFiles.xlsx(List.of()), "?dryRun=maybe").then().statusCode(400)
                .body("violations[0].field", equalTo("dryRun"));
        given().auth().oauth2(FOREST).multiPart("other", "x", "y".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/evaluations/{e}/imports", evaluation).then().statusCode(422)
                .body("violations[0].rule", equalTo("required"));
        importFile(BUREAU, evaluation, SheetFiles.xlsx(List.of()), "").then().statusCode(403);
        importFile(FOREST, "150425-1999", SheetFiles.xlsx(List.of()), "").then().statusCode(404);
        assertThat(listed(evaluation)).isEmpty();
    }

    @Test
    void ten_thousand_rows_import_in_one_request() {
        String evaluation = evaluationWithForestTasks(500, 10);
        int year = TestPlans.yearOf(evaluation);
        List<String> codes = IndicatorCatalogue.indicators().stream().map(i -> i.code()).limit(10).toList();
        byte[] file = SheetFiles.largeXlsx(10_000, r -> List.of("FOREST-" + r / 20, codes.get(r % 20 / 2),
                year - r % 2, 1 + r % 7));
        long started = System.nanoTime();
        JsonPath summary = importFile(FOREST, evaluation, file, "").then().statusCode(200).extract().jsonPath();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(summary.getInt("rows")).isEqualTo(10_000);
        assertThat(summary.getInt("submissionsCreated")).isEqualTo(500);
        assertThat(summary.getList("conflicts")).isEmpty();
        System.out.printf("10,000 rows (%d bytes of XLSX) imported as 500 submissions in %d ms%n", file.length, millis);
        JsonPath again = importFile(FOREST, evaluation, file, "").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("unchanged")).isEqualTo(500);
    }

    // ---- helpers ----

    static byte[] template(String token, String evaluation, String format) {
        return given().auth().oauth2(token).get("/api/v1/evaluations/{e}/imports/template?format=" + format,
                evaluation).then().statusCode(200).extract().asByteArray();
    }

    /** Fills the template's value column row by row, and the note of the first row. */
    static byte[] fill(byte[] template, List<Number> values, String note) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(template));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet data = book.getSheetAt(0);
            for (int i = 0; i < values.size(); i++) {
                data.getRow(i + 1).createCell(VALUE_COLUMN).setCellValue(values.get(i).doubleValue());
            }
            data.getRow(1).createCell(VALUE_COLUMN + 1).setCellValue(note);
            book.write(out);
            return out.toByteArray();
        }
    }

    static Response importFile(String token, String evaluation, byte[] file, String query) {
        return given().auth().oauth2(token).multiPart("file", "填报.xlsx", file, "application/octet-stream")
                .post("/api/v1/evaluations/{e}/imports" + query, evaluation);
    }

    static List<Map<String, Object>> listed(String evaluation) {
        return given().auth().oauth2(BUREAU).get("/api/v1/evaluations/{e}/submissions?pageSize=200", evaluation)
                .then().statusCode(200).extract().jsonPath().getList("items");
    }
}
