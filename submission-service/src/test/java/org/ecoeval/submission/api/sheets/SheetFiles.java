package org.ecoeval.submission.api.sheets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Spreadsheet files for tests, made with POI as Excel would save them (also used by system-tests' hostile-input suite). */
public final class SheetFiles {
    public static final List<String> HEADER = List.of("任务 task", "指标 indicator", "年份 year", "数值 value",
            "说明 note");

    private SheetFiles() {
    }

    /** An XLSX of the given rows under the five-column header; a cell text that parses as a number is a number. */
    public static byte[] xlsx(List<List<Object>> rows) {
        return xlsx(rows, sheet -> {
        });
    }

    public static byte[] xlsx(List<List<Object>> rows, java.util.function.Consumer<Sheet> also) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("填报");
            header(sheet);
            for (int r = 0; r < rows.size(); r++) {
                fill(sheet.createRow(r + 1), rows.get(r));
            }
            also.accept(sheet);
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A large XLSX written by POI's streaming writer, so that tests do not need the memory they check. */
    public static byte[] largeXlsx(int rows, java.util.function.IntFunction<List<Object>> row) {
        try (SXSSFWorkbook book = new SXSSFWorkbook(200)) {
            Sheet sheet = book.createSheet("填报");
            header(sheet);
            for (int r = 0; r < rows; r++) {
                fill(sheet.createRow(r + 1), row.apply(r));
            }
            byte[] out = bytes(book);
            book.dispose();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void merge(Sheet sheet, String range) {
        sheet.addMergedRegion(CellRangeAddress.valueOf(range));
    }

    public static void formula(Sheet sheet, int row, int column, String formula) {
        sheet.getRow(row - 1).createCell(column).setCellFormula(formula);
    }

    /**
     * An XLSX whose sheet inflates from a few hundred kilobytes to 400 MiB: a valid workbook skeleton around a
     * sheet part of blank space.
     */
    public static byte[] zipBomb() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                    </Types>""");
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                    </Relationships>""");
            entry(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                    <sheets><sheet name="填报" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write("""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] blank = new byte[1024 * 1024];
            java.util.Arrays.fill(blank, (byte) ' ');
            for (int i = 0; i < 400; i++) {
                zip.write(blank);
            }
            zip.write("</sheetData></worksheet>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void header(Sheet sheet) {
        Row header = sheet.createRow(0);
        for (int c = 0; c < HEADER.size(); c++) {
            header.createCell(c).setCellValue(HEADER.get(c));
        }
    }

    private static void fill(Row row, List<Object> cells) {
        for (int c = 0; c < cells.size(); c++) {
            Object v = cells.get(c);
            if (v instanceof Number n) {
                row.createCell(c).setCellValue(n.doubleValue());
            } else if (v != null) {
                row.createCell(c).setCellValue(v.toString());
            }
        }
    }

    private static byte[] bytes(Workbook book) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }
}
