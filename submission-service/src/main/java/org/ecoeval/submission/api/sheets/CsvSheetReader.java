package org.ecoeval.submission.api.sheets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecoeval.submission.domain.Spreadsheet;

/**
 * Reads a CSV file (Apache Commons CSV, Excel's dialect) in UTF-8, with or without a byte-order mark, or in
 * GB18030 (what Excel and WPS on a Chinese Windows save as "CSV"). The encoding is decided by the bytes: a BOM
 * says UTF-8; otherwise the whole file must decode strictly as UTF-8, or else strictly as GB18030; anything else
 * (UTF-16, Latin-1, damaged bytes) is refused, never guessed. Records are streamed; a record is a row as Excel
 * shows it (a quoted cell may span lines), so row numbers match the spreadsheet program's.
 */
public final class CsvSheetReader {
    static final Charset GB18030 = Charset.forName("GB18030");
    /** Excel's dialect, but strict: a quote left open at the end of the file is an error, not a last cell. */
    private static final CSVFormat FORMAT = CSVFormat.EXCEL.builder().setIgnoreEmptyLines(false)
            .setLenientEof(false).setTrailingData(false).get();

    private CsvSheetReader() {
    }

    public static Spreadsheet read(Path file, int maxRows) {
        Charset charset = encodingOf(file);
        List<Spreadsheet.Row> rows = new ArrayList<>();
        try (Reader reader = new InputStreamReader(skipBom(Files.newInputStream(file), charset), strict(charset));
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            for (CSVRecord record : parser) {
                Map<Integer, Spreadsheet.Cell> cells = new HashMap<>();
                int row = (int) record.getRecordNumber();
                for (int i = 0; i < record.size(); i++) {
                    String text = record.get(i);
                    if (!text.isEmpty()) {
                        cells.put(i, new Spreadsheet.Cell(Spreadsheet.columnLetters(i) + row, text, false));
                    }
                }
                if (cells.isEmpty()) {
                    continue;
                }
                if (rows.size() > maxRows) {
                    throw SheetProblems.tooManyRows(maxRows);
                }
                rows.add(new Spreadsheet.Row(row, Map.copyOf(cells)));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw SheetProblems.unreadable("the CSV file cannot be read: " + rootMessage(e)
                    + " (a quote left open?)");
        }
        return new Spreadsheet(rows, List.of());
    }

    /** UTF-8 (BOM or strict decoding) or GB18030 (strict decoding); anything else is a problem. */
    static Charset encodingOf(Path file) {
        byte[] head = head(file, 4);
        if (head.length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
            throw SheetProblems.encoding("the CSV file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" "
                    + "or as CSV (GB18030)");
        }
        if (head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            if (!decodes(file, StandardCharsets.UTF_8)) {
                throw SheetProblems.encoding("the CSV file starts as UTF-8 (byte-order mark) but holds bytes that "
                        + "are not UTF-8");
            }
            return StandardCharsets.UTF_8;
        }
        if (decodes(file, StandardCharsets.UTF_8)) {
            return StandardCharsets.UTF_8;
        }
        if (decodes(file, GB18030)) {
            return GB18030;
        }
        throw SheetProblems.encoding("the CSV file is neither UTF-8 nor GB18030; save it as \"CSV UTF-8\"");
    }

    private static boolean decodes(Path file, Charset charset) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), strict(charset))) {
            while (reader.read(buffer) >= 0) {
                // decoding is the check
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static InputStream skipBom(InputStream in, Charset charset) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        if (charset.equals(StandardCharsets.UTF_8)) {
            buffered.mark(3);
            byte[] bom = buffered.readNBytes(3);
            if (!(bom.length == 3 && bom[0] == (byte) 0xEF && bom[1] == (byte) 0xBB && bom[2] == (byte) 0xBF)) {
                buffered.reset();
            }
        }
        return buffered;
    }

    static byte[] head(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
