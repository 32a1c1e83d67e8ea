package org.ecoeval.submission.api.sheets;

import java.io.FileInputStream;
import java.nio.file.Path;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ecoeval.submission.domain.IntakeSheet;
import org.ecoeval.submission.domain.Spreadsheet;

/**
 * Run in a JVM of its own with a small heap by {@link StreamingMemoryTest}: reads a sheet the way the import does
 * (streaming reader, then every task's draft), or, for contrast, as a whole POI workbook.
 */
public final class ReadInSmallHeap {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        if (args[1].equals("import")) {
            Spreadsheet sheet = UploadedSheet.read(file, 20_000);
            IntakeSheet.Parsed parsed = IntakeSheet.read(sheet);
            int values = 0;
            for (IntakeSheet.TaskRows task : parsed.tasks()) {
                values += IntakeSheet.draft(task, null).draft().values().size();
            }
            System.out.println("rows=" + parsed.rows() + " tasks=" + parsed.tasks().size() + " values=" + values
                    + " maxHeap=" + Runtime.getRuntime().maxMemory());
        } else {
            try (FileInputStream in = new FileInputStream(file.toFile()); XSSFWorkbook book = new XSSFWorkbook(in)) {
                System.out.println("rows=" + book.getSheetAt(0).getLastRowNum());
            }
        }
    }

    private ReadInSmallHeap() {
    }
}
