package org.ecoeval.submission.api.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.submission.domain.Spreadsheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers of uploaded sheets: what they read, and every file they refuse with a problem naming the rule. */
class SheetReadersTest {
    private static final String CSV = "任务 task,指标 indicator,年份 year,数值 value,说明 note\r\n"
            + "FOREST-DATA,EQI.PATTERN,2024,61.5,林草局\r\n"
            + "FOREST-DATA,EQI.PATTERN,2023,\"60\",\"多行\n说明\"\r\n"
            + "FOREST-DATA,EQI.FUNCTION,2024,70,\r\n";

    @TempDir
    Path dir;

    @Test
    void csv_in_utf8_with_and_without_bom_and_in_gb18030_reads_the_same() throws IOException {
        Spreadsheet bom = read(concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
                CSV.getBytes(StandardCharsets.UTF_8)));
        Spreadsheet plain = read(CSV.getBytes(StandardCharsets.UTF_8));
        Spreadsheet gb = read(CSV.getBytes(Charset.forName("GB18030")));
        for (Spreadsheet s : List.of(bom, plain, gb)) {
            assertThat(s.rows()).hasSize(4);
            assertThat(s.rows().get(0).cells().get(0).text()).isEqualTo("任务 task");
            assertThat(s.rows().get(1).cells().get(4).text()).isEqualTo("林草局");
            assertThat(s.rows().get(2).cells().get(4).text()).isEqualTo("多行\n说明");
            // a quoted cell over two lines stays one row, as Excel shows it
            assertThat(s.rows().get(3).number()).isEqualTo(4);
            assertThat(s.rows().get(3).cells().get(3).ref()).isEqualTo("D4");
        }
    }

    @Test
    void csv_in_another_encoding_is_refused_and_says_which_encodings_are_taken() {
        byte[] utf16 = concat(new byte[] { (byte) 0xFF, (byte) 0xFE }, CSV.getBytes(StandardCharsets.UTF_16LE));
        assertProblem(utf16, 422, "encoding", "UTF-16");
        byte[] latin1 = "task,indicator,year,value\r\ncafé,EQI.PATTERN,2024,1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertProblem(latin1, 422, "encoding", "neither UTF-8 nor GB18030");
        byte[] brokenAfterBom = concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, latin1);
        assertProblem(brokenAfterBom, 422, "encoding", "not UTF-8");
    }

    @Test
    void files_that_are_not_spreadsheets_are_sniffed_and_refused_whatever_their_name() {
        assertProblem("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF".getBytes(StandardCharsets.US_ASCII), 415, "file-type", "PDF");
        assertProblem(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, 415, "file-type", "PNG");
        assertProblem(org.ecoeval.submission.Multipart.zip("[Content_Types].xml", "word/document.xml"), 415,
                "file-type", "DOCX");
        assertProblem(org.ecoeval.submission.Multipart.executable(), 415, "file-type", "binary");
        byte[] xls = new byte[512];
        System.arraycopy(new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1 }, 0, xls, 0, 8);
        assertProblem(xls, 415, "file-type", ".xls");
        assertProblem(new byte[0], 422, "unreadable", "empty");
        assertProblem(org.ecoeval.submission.Multipart.zip("xl/workbook.xml"), 422, "unreadable", "cannot be read");
        assertProblem("task,indicator,year,value\r\n\"FOREST-DATA,EQI.PATTERN,2024,61\r\n"
                .getBytes(StandardCharsets.UTF_8), 422, "unreadable", "quote");
    }

    @Test
    void xlsx_numbers_are_read_as_stored_not_as_displayed() {
        byte[] file = SheetFiles.xlsx(List.of(List.of("FOREST-DATA", "EQI.PATTERN", 2024, 61.23456789012, "x")),
                sheet -> {
                    var style = sheet.getWorkbook().createCellStyle();
                    style.setDataFormat(sheet.getWorkbook().createDataFormat().getFormat("0.0"));
                    sheet.getRow(1).getCell(3).setCellStyle(style);
                });
        Spreadsheet s = read(file);
        assertThat(s.rows()).hasSize(2);
        Spreadsheet.Row row = s.rows().get(1);
        assertThat(row.number()).isEqualTo(2);
        assertThat(row.cells().get(2).text()).isEqualTo("2024");
        assertThat(row.cells().get(3).text()).isEqualTo("61.23456789012");
        assertThat(row.cells().get(3).ref()).isEqualTo("D2");
        assertThat(row.cells().get(3).formula()).isFalse();
    }

    @Test
    void xlsx_formulas_and_merged_cells_are_reported_to_the_rules() {
        byte[] file = SheetFiles.xlsx(List.of(
                List.of("FOREST-DATA", "EQI.PATTERN", 2024, 1),
                List.of("FOREST-DATA", "EQI.PATTERN", 2023, 2),
                List.of("", "EQI.FUNCTION", 2024, 3)), sheet -> {
                    SheetFiles.formula(sheet, 2, 3, "30+31.5");
                    SheetFiles.merge(sheet, "A3:A4");
                });
        Spreadsheet s = read(file);
        assertThat(s.rows().get(1).cells().get(3).formula()).isTrue();
        assertThat(s.rows().get(2).cells().get(3).formula()).isFalse();
        assertThat(s.merged()).singleElement().satisfies(m -> {
            assertThat(m.ref()).isEqualTo("A3:A4");
            assertThat(m.firstRow()).isEqualTo(3);
            assertThat(m.lastRow()).isEqualTo(4);
            assertThat(m.firstColumn()).isZero();
        });
    }

    @Test
    void a_zip_bomb_is_refused_before_it_is_inflated() {
        byte[] bomb = SheetFiles.zipBomb();
        assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
        long before = usedHeap();
        assertProblem(bomb, 422, "zip-bomb", "zip bomb");
        assertThat(usedHeap() - before).as("heap taken by reading the bomb").isLessThan(100L * 1024 * 1024);
    }

    @Test
    void a_sheet_over_the_row_limit_is_refused_without_reading_it_all() {
        byte[] xlsx = SheetFiles.largeXlsx(100_000, r -> List.of("FOREST-DATA", "EQI.PATTERN", 2024, r % 100));
        assertProblem(xlsx, 422, "max-rows", "20000");
        StringBuilder csv = new StringBuilder("task,indicator,year,value\r\n");
        for (int r = 0; r < 100_000; r++) {
            csv.append("FOREST-DATA,EQI.PATTERN,2024,").append(r % 100).append("\r\n");
        }
        assertProblem(csv.toString().getBytes(StandardCharsets.UTF_8), 422, "max-rows", "20000");
    }

    private Spreadsheet read(byte[] content) {
        try {
            Path file = Files.createTempFile(dir, "sheet", ".upload");
            Files.write(file, content);
            return UploadedSheet.read(file, 20_000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertProblem(byte[] content, int status, String rule, String says) {
        assertThatThrownBy(() -> read(content)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(status);
            assertThat(e.problem().violations()).anySatisfy(v -> {
                assertThat(v.field()).isEqualTo("file");
                assertThat(v.rule()).isEqualTo(rule);
                assertThat(v.message()).containsIgnoringCase(says);
            });
        });
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
