package org.ecoeval.submission.domain;

import java.util.List;
import java.util.Map;

/**
 * A sheet as read from an uploaded XLSX or CSV file, before any rule: the rows with content, each numbered as
 * Excel shows it (the first row is 1), and their cells by column (0 = A). Format-neutral: the readers in
 * {@code api.sheets} produce it, {@link IntakeSheet} interprets it.
 */
public record Spreadsheet(List<Row> rows, List<MergedRange> merged) {

    /** One cell: its reference ({@code D7}), its text (a number as its plain value) and whether it is a formula. */
    public record Cell(String ref, String text, boolean formula) {
    }

    public record Row(int number, Map<Integer, Cell> cells) {
    }

    /** A range of merged cells ({@code A3:A5}), rows and columns inclusive. */
    public record MergedRange(String ref, int firstRow, int lastRow, int firstColumn, int lastColumn) {
    }

    /** The column letters Excel shows for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
    public static String columnLetters(int index) {
        StringBuilder s = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            s.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return s.toString();
    }

    /** The 0-based column index of a reference's letters ({@code D7} → 3). */
    public static int columnIndex(String ref) {
        int index = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            index = index * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return index - 1;
    }

    /** The 1-based row number of a reference ({@code D7} → 7), or 0 without digits. */
    public static int rowNumber(String ref) {
        int i = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
            i++;
        }
        try {
            return Integer.parseInt(ref.substring(i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
