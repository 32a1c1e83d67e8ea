package org.ecoeval.submission.api.sheets;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.submission.domain.Spreadsheet;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads the first sheet of an XLSX file with Apache POI's streaming (SAX) event API: the sheet's XML is parsed
 * as it is inflated, row by row, and never becomes a workbook in memory. Only shared strings (a sheet's
 * distinct texts) are held. A file is refused as soon as it has more rows than allowed, and POI's zip-bomb
 * guard (inflation ratio, entry size) applies to every part read.
 */
public final class XlsxSheetReader {
    /** The largest part (inflated) a sheet may have: 20,000 rows of the template take about 4 MiB. */
    static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    /** A part that inflates more than a hundredfold is a bomb (POI's guard; its default is the same). */
    static final double MIN_INFLATE_RATIO = 0.01;

    static {
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        ZipSecureFile.setMaxFileCount(1000);
    }

    private XlsxSheetReader() {
    }

    public static Spreadsheet read(Path file, int maxRows) {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            var sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw SheetProblems.unreadable("the workbook has no sheet");
            }
            Rows rows = new Rows(maxRows);
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new FormulaAwareHandler(styles, strings, rows));
                parser.parse(new InputSource(sheet));
            }
            return new Spreadsheet(rows.rows, rows.merged);
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof TooManyRows) {
                    throw SheetProblems.tooManyRows(maxRows);
                }
            }
            throw SheetProblems.fromXlsxFailure(e);
        }
    }

    /** Collects rows with content; stops the parse at the first row over the limit. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final int maxRows;
        final List<Spreadsheet.Row> rows = new ArrayList<>();
        final List<Spreadsheet.MergedRange> merged = new ArrayList<>();
        private Map<Integer, Spreadsheet.Cell> cells;
        private String formulaCell;

        Rows(int maxRows) {
            this.maxRows = maxRows;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new HashMap<>();
        }

        @Override
        public void endRow(int rowNum) {
            if (!cells.isEmpty()) {
                // the header row plus maxRows data rows
                if (rows.size() > maxRows) {
                    throw new TooManyRows();
                }
                rows.add(new Spreadsheet.Row(rowNum + 1, Map.copyOf(cells)));
            }
        }

        void formula(String ref) {
            formulaCell = ref;
            // a formula without a cached result has no value for POI to hand on: it still counts
            cells.put(Spreadsheet.columnIndex(ref), new Spreadsheet.Cell(ref, null, true));
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            if (ref == null) {
                return;
            }
            boolean formula = ref.equals(formulaCell);
            if (value == null && !formula) {
                return;
            }
            cells.put(Spreadsheet.columnIndex(ref), new Spreadsheet.Cell(ref, value, formula));
        }

        void mergedRange(String ref) {
            String[] ends = ref.split(":");
            String last = ends.length > 1 ? ends[1] : ends[0];
            merged.add(new Spreadsheet.MergedRange(ref, Spreadsheet.rowNumber(ends[0]), Spreadsheet.rowNumber(last),
                    Spreadsheet.columnIndex(ends[0]), Spreadsheet.columnIndex(last)));
        }
    }

    /**
     * POI's sheet handler, told also of what it does not report: that a cell is a formula ({@code <f>}), and the
     * merged ranges ({@code <mergeCell>}, after the rows).
     */
    private static final class FormulaAwareHandler extends XSSFSheetXMLHandler {
        private final Rows rows;
        private String cellRef;

        FormulaAwareHandler(StylesTable styles, ReadOnlySharedStringsTable strings, Rows rows) {
            super(styles, strings, rows, new PlainNumbers(), false);
            this.rows = rows;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if ("c".equals(localName)) {
                cellRef = attributes.getValue("r");
            } else if ("f".equals(localName) && cellRef != null) {
                rows.formula(cellRef);
            } else if ("mergeCell".equals(localName) && attributes.getValue("ref") != null) {
                rows.mergedRange(attributes.getValue("ref"));
            }
            super.startElement(uri, localName, qName, attributes);
        }
    }

    /**
     * Numbers as stored, not as displayed: a cell showing "61.2" with two decimals of "61.2345" is 61.2345, and
     * an eleven-digit display limit never rounds a value.
     */
    private static final class PlainNumbers extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return Double.isFinite(value) ? new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString()
                    : Double.toString(value);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
            return formatRawCellContents(value, formatIndex, formatString);
        }
    }

    private static final class TooManyRows extends RuntimeException {
        TooManyRows() {
            super(null, null, false, false);
        }
    }

}
