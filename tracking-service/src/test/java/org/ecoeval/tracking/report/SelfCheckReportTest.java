package org.ecoeval.tracking.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.PeerServicesFake;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Generating the 自查报告 from the data as of one instant: the documents say what the data says. */
@QuarkusTest
class SelfCheckReportTest {

    static String reports(WorkedExample w) {
        return "/api/v1/evaluations/" + w.evaluation + "/reports";
    }

    @Test
    void the_pdf_holds_every_section_and_the_worked_example_figures_in_an_embedded_font() throws IOException {
        WorkedExample w = new WorkedExample();
        Response created = given().auth().oauth2(w.bureau).post(reports(w));
        created.then().statusCode(201).body("version", equalTo(1)).body("state", equalTo("DRAFT"))
                .body("createdBy", equalTo("bureau-" + w.county))
                .body("score.provisional.deltaEIRounded", equalTo(1.49f))
                .body("actions", equalTo(List.of("submit")));
        String asOf = created.path("asOf");
        // both readings were asked for as of the version's one instant
        assertThat(w.scoreAsOf).hasSize(2).allSatisfy(a -> assertThat(Instant.parse(
                java.net.URLDecoder.decode(a, java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(Instant.parse(asOf)));
        // with the bureau's own token
        assertThat(PeerServicesFake.SEEN).filteredOn(s -> s.path().contains(w.evaluation))
                .allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer " + w.bureau));

        byte[] pdf = given().auth().oauth2(w.leader).queryParam("format", "pdf").get(reports(w) + "/1/document")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        // kept as a build artefact: the README's picture of the first page is made from it
        java.nio.file.Files.write(java.nio.file.Path.of("target", "self-check-report-example.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // a sentence may wrap at the end of a line: read the text without line breaks
            String text = new PDFTextStripper().getText(doc).replaceAll("\\R", "");
            assertThat(text).contains(SelfCheckReport.SECTION_TITLES);
            assertThat(text).contains("测试旗" + w.county, "防风固沙", "20673");
            // 技术指标: the values of both years and ΔEQI, ΔEnv, ΔEI′
            assertThat(text).contains("生态格局指数", "61", "60", "1.25", "1.4", "1.31", "达到或优于Ⅲ类水质比例");
            // 综合评价: ΔEI of both readings, the rounding, the grade, the assumed parameters
            assertThat(text).contains("1.31 + 0.075 + 0.2 + (-0.1) = 1.485", "修约为 1.49", "轻微变好", "1.385", "1.39",
                    "assumed");
            assertThat(text).contains("生态保护修复", "0.375", "P-7", "E-1", "空气质量综合指数");
            assertThat(text).contains("2024年财政预算收支报告.pdf");
            List<PDFont> fonts = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    fonts.add(page.getResources().getFont(name));
                }
            }
            assertThat(fonts).isNotEmpty().allSatisfy(f -> assertThat(f.isEmbedded())
                    .as("font %s embedded", f.getName()).isTrue());
        }
    }

    @Test
    void the_docx_holds_the_same_sections_figures_and_every_file_with_its_sha256() throws IOException {
        WorkedExample w = new WorkedExample();
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        byte[] docx = given().auth().oauth2(w.bureau).queryParam("format", "docx").get(reports(w) + "/1/document")
                .then().statusCode(200).contentType("application/vnd.openxmlformats-officedocument.wordprocessingml.document").extract()
                .asByteArray();
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx));
                XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
            String text = extractor.getText();
            assertThat(text).contains(SelfCheckReport.SECTION_TITLES);
            assertThat(text).contains("= 1.485", "修约为 1.49", "轻微变好", "1.25", "1.4", "1.31", "0.075");
            assertThat(text).contains("2024年财政预算收支报告.pdf", WorkedExample.sha256(w.evidence.get(w.BUDGET)),
                    "生态质量监测报告.pdf", WorkedExample.sha256(w.evidence.get(w.MONITOR)), "图斑P-7核查照片.jpg");
            // 材料报送情况 and 存在问题: the task nobody handed in
            assertThat(text).contains("FIN-OPEN", "旗财政局（FIN）");
        }
        given().auth().oauth2(w.bureau).queryParam("format", "odt").get(reports(w) + "/1/document").then()
                .statusCode(400).body("violations[0].field", equalTo("format"));
    }

    @Test
    void a_submission_after_the_instant_of_generation_shows_only_in_a_later_version() {
        WorkedExample w = new WorkedExample();
        // handed in and accepted "after" the generation: its history lies past the version's asOf
        w.submission(w.id(5), "FIN", "FIN-OPEN", "ACCEPTED", Instant.now().plusSeconds(3600),
                "[" + WorkedExample.value("ENV.AIR.COMPOSITE_INDEX", w.year, "3.37") + "]", "[]", "[]", null, "[]",
                "{\"GREEN.INVESTMENT\": 1}");
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        String text = docxText(w, 1);
        assertThat(text).contains("ENV.AIR.COMPOSITE_INDEX\t空气质量综合指数\t缺失").doesNotContain("3.37")
                .contains("GREEN.INVESTMENT\t生态环境保护与治理投入\t未评分");
    }

    @Test
    void only_the_roles_of_the_contract_see_and_generate_reports_and_another_county_sees_nothing() {
        WorkedExample w = new WorkedExample();
        given().auth().oauth2(TestTokens.county("supervisor", w.county)).post(reports(w)).then().statusCode(403);
        given().auth().oauth2(TestTokens.county("leader", w.county)).post(reports(w)).then().statusCode(403);
        given().auth().oauth2(TestTokens.unit("department", "FIN", w.county)).get(reports(w)).then().statusCode(403);
        given().auth().oauth2(w.bureau).post(reports(w)).then().statusCode(201);
        for (String reader : List.of(w.bureau, w.supervisor, w.leader, TestTokens.provincialAdmin())) {
            given().auth().oauth2(reader).get(reports(w)).then().statusCode(200).body("version", hasItems(1));
        }
        given().auth().oauth2(TestTokens.county("leader", "999999")).get(reports(w)).then().statusCode(404);
        given().auth().oauth2(TestTokens.county("leader", "999999")).get(reports(w) + "/1/document").then()
                .statusCode(404);
        given().auth().oauth2(w.bureau).get(reports(w) + "/7").then().statusCode(404);
    }

    static String docxText(WorkedExample w, int version) {
        byte[] docx = given().auth().oauth2(w.bureau).queryParam("format", "docx")
                .get(reports(w) + "/" + version + "/document").then().statusCode(200).extract().asByteArray();
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx));
                XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
            return extractor.getText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
