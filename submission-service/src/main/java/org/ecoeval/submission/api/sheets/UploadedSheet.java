package org.ecoeval.submission.api.sheets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.ecoeval.submission.domain.ContentSniffer;
import org.ecoeval.submission.domain.Spreadsheet;

/**
 * An uploaded import file read as a sheet, its kind decided by its bytes (never by its name): an XLSX workbook
 * (a ZIP holding {@code xl/workbook.xml}) or CSV text. Any other file (PDF, image, Word, an old .xls, a binary)
 * is refused as not a spreadsheet.
 */
public final class UploadedSheet {
    private static final byte[] OLE2 = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1 };
    private static final int TEXT_SNIFF_BYTES = 64 * 1024;

    private UploadedSheet() {
    }

    public static Spreadsheet read(Path file, int maxRows) {
        byte[] head = CsvSheetReader.head(file, ContentSniffer.HEAD_BYTES);
        if (head.length == 0) {
            throw SheetProblems.unreadable("the file is empty");
        }
        var type = ContentSniffer.sniff(head, () -> open(file));
        if (type.isPresent()) {
            if (type.get() == ContentSniffer.FileType.XLSX || (type.get() == ContentSniffer.FileType.ZIP
                    && holdsWorkbook(file))) {
                return XlsxSheetReader.read(file, maxRows);
            }
            throw SheetProblems.notASpreadsheet("a " + type.get().name() + " file");
        }
        if (head.length >= OLE2.length && Arrays.equals(head, 0, OLE2.length, OLE2, 0, OLE2.length)) {
            throw SheetProblems.notASpreadsheet("an old Excel 97–2003 workbook (.xls) or an encrypted one; save it "
                    + "as .xlsx or as CSV");
        }
        if (looksBinary(file)) {
            throw SheetProblems.notASpreadsheet("binary data");
        }
        return CsvSheetReader.read(file, maxRows);
    }

    /**
     * Text has no NUL and few control characters; UTF-16 is told apart by the CSV reader (its BOM), so its NULs
     * are left to it.
     */
    private static boolean looksBinary(Path file) {
        byte[] start = CsvSheetReader.head(file, TEXT_SNIFF_BYTES);
        if (start.length >= 2 && ((start[0] == (byte) 0xFF && start[1] == (byte) 0xFE)
                || (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF))) {
            return false;
        }
        int control = 0;
        for (byte b : start) {
            if (b == 0) {
                return true;
            }
            if (b > 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0C) {
                control++;
            }
        }
        return control > start.length / 10;
    }

    /**
     * A ZIP whose entries the streaming sniffer could not walk (entries written with data descriptors, as POI's own
     * streaming writer does) is looked up in its central directory.
     */
    private static boolean holdsWorkbook(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.getEntry("xl/workbook.xml") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
