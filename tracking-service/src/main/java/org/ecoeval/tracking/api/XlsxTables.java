package org.ecoeval.tracking.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Tables as an XLSX workbook for people (the bureau hands status and ledger to leaders as spreadsheets): one sheet
 * per table, a bold frozen header row with the Chinese name and the code of each column, numbers as numbers,
 * ratios as percentages, times in the plan's time zone.
 */
final class XlsxTables {
    static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A column: header text and whether its numbers are ratios (shown as percentages). */
    record Column(String header, boolean ratio) {
        static Column of(String header) {
            return new Column(header, false);
        }

        static Column ratio(String header) {
            return new Column(header, true);
        }
    }

    record Table(String name, List<Column> columns, List<List<Object>> rows) {
    }

    private XlsxTables() {
    }

    static byte[] workbook(ZoneId zone, List<Table> tables) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle head = book.createCellStyle();
            Font bold = book.createFont();
            bold.setBold(true);
            head.setFont(bold);
            head.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            head.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle percent = book.createCellStyle();
            percent.setDataFormat(book.createDataFormat().getFormat("0.0%"));
            for (Table table : tables) {
                Sheet sheet = book.createSheet(table.name());
                Row header = sheet.createRow(0);
                for (int c = 0; c < table.columns().size(); c++) {
                    header.createCell(c).setCellValue(table.columns().get(c).header());
                    header.getCell(c).setCellStyle(head);
                    sheet.setColumnWidth(c, Math.max(12, table.columns().get(c).header().length() + 6) * 256);
                }
                sheet.createFreezePane(0, 1);
                int r = 1;
                for (List<Object> values : table.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < values.size(); c++) {
                        Object v = values.get(c);
                        if (v == null) {
                            continue;
                        }
                        var cell = row.createCell(c);
                        if (v instanceof Number n) {
                            cell.setCellValue(n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue());
                            if (table.columns().get(c).ratio()) {
                                cell.setCellStyle(percent);
                            }
                        } else if (v instanceof Instant i) {
                            cell.setCellValue(TIME.format(i.atZone(zone)));
                        } else {
                            cell.setCellValue(v.toString());
                        }
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String disposition(String name) {
        return "attachment; filename=\"" + name + "\"";
    }
}
