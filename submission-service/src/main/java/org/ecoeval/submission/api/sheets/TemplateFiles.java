package org.ecoeval.submission.api.sheets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ecoeval.contracts.Indicator;
import org.ecoeval.submission.domain.ImportColumn;
import org.ecoeval.submission.domain.IntakeTemplate;

/**
 * The import template as a file: XLSX (a data sheet with drop-downs of the unit's task instances, indicators and
 * years and a range check on each value; a hidden sheet holding the drop-down lists) or CSV (UTF-8 with a
 * byte-order mark, so that Excel on a Chinese Windows opens it as UTF-8). Both have the same columns.
 */
public final class TemplateFiles {
    public static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String CSV_TYPE = "text/csv";
    static final String DATA_SHEET = "填报";
    static final String CODES_SHEET = "代码";

    /** The columns: the five read by the import and, between them, what a person needs to fill a row. */
    static final List<String> HEADERS = List.of(ImportColumn.TASK.header(), "任务名称 title",
            ImportColumn.INDICATOR.header(), "指标名称 indicatorName", "计量单位 unit", "取值范围 range",
            ImportColumn.YEAR.header(), ImportColumn.VALUE.header(), ImportColumn.NOTE.header());
    private static final int TASK = 0;
    private static final int INDICATOR = 2;
    private static final int YEAR = 6;
    private static final int VALUE = 7;

    private TemplateFiles() {
    }

    public static byte[] xlsx(IntakeTemplate template) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet data = book.createSheet(DATA_SHEET);
            Sheet codes = book.createSheet(CODES_SHEET);
            CellStyle head = headerStyle(book);
            Row header = data.createRow(0);
            for (int c = 0; c < HEADERS.size(); c++) {
                header.createCell(c).setCellValue(HEADERS.get(c));
                header.getCell(c).setCellStyle(head);
            }
            int r = 1;
            for (IntakeTemplate.Row row : template.rows()) {
                Row x = data.createRow(r++);
                List<String> cells = textCells(row);
                for (int c = 0; c < cells.size(); c++) {
                    if (c == YEAR) {
                        x.createCell(c).setCellValue(row.year());
                    } else if (cells.get(c) != null) {
                        x.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            int[] widths = { 22, 30, 28, 24, 10, 14, 10, 12, 40 };
            for (int c = 0; c < widths.length; c++) {
                data.setColumnWidth(c, widths[c] * 256);
            }
            data.createFreezePane(0, 1);

            // The drop-down lists live on a hidden sheet: an inline list is limited to 255 characters.
            codes.createRow(0).createCell(0).setCellValue(ImportColumn.TASK.header());
            codes.getRow(0).createCell(1).setCellValue(ImportColumn.INDICATOR.header());
            List<String> tasks = template.tasks();
            List<String> indicators = template.indicators();
            for (int i = 0; i < Math.max(tasks.size(), indicators.size()); i++) {
                Row x = codes.createRow(i + 1);
                if (i < tasks.size()) {
                    x.createCell(0).setCellValue(tasks.get(i));
                }
                if (i < indicators.size()) {
                    x.createCell(1).setCellValue(indicators.get(i));
                }
            }
            book.setSheetHidden(book.getSheetIndex(codes), true);

            if (!template.rows().isEmpty()) {
                int last = template.rows().size();
                DataValidationHelper dv = data.getDataValidationHelper();
                list(data, dv, dv.createFormulaListConstraint(CODES_SHEET + "!$A$2:$A$" + (tasks.size() + 1)), TASK,
                        last, "任务 task", "请从下拉列表选择本单位的任务");
                list(data, dv, dv.createFormulaListConstraint(CODES_SHEET + "!$B$2:$B$" + (indicators.size() + 1)),
                        INDICATOR, last, "指标 indicator", "请从下拉列表选择任务所列的指标");
                list(data, dv, dv.createExplicitListConstraint(template.years().stream().map(String::valueOf)
                        .toArray(String[]::new)), YEAR, last, "年份 year", "年份须为 " + template.years());
                ranges(data, dv, template);
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] csv(IntakeTemplate template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL)) {
            writer.write('\uFEFF');
            printer.printRecord(HEADERS);
            for (IntakeTemplate.Row row : template.rows()) {
                List<String> cells = textCells(row);
                cells.set(YEAR, String.valueOf(row.year()));
                printer.printRecord(cells.stream().map(c -> c == null ? "" : c).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The cells of a row as text; year, value and note are null (the year is written as a number in XLSX). */
    private static List<String> textCells(IntakeTemplate.Row row) {
        Indicator i = row.indicator();
        List<String> cells = new ArrayList<>(List.of(row.task(), row.title() == null ? "" : row.title(), i.code(),
                i.name(), i.unit(), i.min().toPlainString() + "–" + i.max().toPlainString()));
        cells.add(null); // year
        cells.add(null); // value
        cells.add(null); // note
        return cells;
    }

    private static void list(Sheet sheet, DataValidationHelper dv, DataValidationConstraint constraint, int column,
            int lastRow, String title, String text) {
        DataValidation v = dv.createValidation(constraint, new CellRangeAddressList(1, lastRow, column, column));
        v.setShowErrorBox(true);
        v.setErrorStyle(DataValidation.ErrorStyle.STOP);
        v.createErrorBox(title, text);
        v.setSuppressDropDownArrow(true); // POI's XSSF meaning: show the arrow
        sheet.addValidationData(v);
    }

    /** Each value cell accepts a decimal within its indicator's range; one validation per indicator. */
    private static void ranges(Sheet sheet, DataValidationHelper dv, IntakeTemplate template) {
        Map<Indicator, CellRangeAddressList> byIndicator = new LinkedHashMap<>();
        int r = 1;
        for (IntakeTemplate.Row row : template.rows()) {
            byIndicator.computeIfAbsent(row.indicator(), k -> new CellRangeAddressList()).addCellRangeAddress(r, VALUE,
                    r, VALUE);
            r++;
        }
        byIndicator.forEach((indicator, cells) -> {
            DataValidation v = dv.createValidation(dv.createDecimalConstraint(
                    DataValidationConstraint.OperatorType.BETWEEN, indicator.min().toPlainString(),
                    indicator.max().toPlainString()), cells);
            v.setShowErrorBox(true);
            v.setErrorStyle(DataValidation.ErrorStyle.STOP);
            v.createErrorBox("数值 value", indicator.name() + "（" + indicator.code() + "）须在 "
                    + indicator.min().toPlainString() + "–" + indicator.max().toPlainString() + " " + indicator.unit()
                    + " 之间");
            sheet.addValidationData(v);
        });
    }

    private static CellStyle headerStyle(XSSFWorkbook book) {
        CellStyle style = book.createCellStyle();
        Font bold = book.createFont();
        bold.setBold(true);
        style.setFont(bold);
        style.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        style.setBorderBottom(BorderStyle.THIN);
        return style;
    }
}
