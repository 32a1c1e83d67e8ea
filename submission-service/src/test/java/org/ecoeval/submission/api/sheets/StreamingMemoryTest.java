package org.ecoeval.submission.api.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-row import sheet is read and turned into drafts within a heap of {@value #HEAP}, in a JVM of its own;
 * the same file opened as a whole POI workbook does not fit in that heap, which is why the import streams.
 */
class StreamingMemoryTest {
    static final String HEAP = "-Xmx40m";

    @TempDir
    Path dir;

    @Test
    void ten_thousand_rows_are_read_in_a_40_mib_heap_where_a_whole_workbook_does_not_fit() throws Exception {
        Path file = dir.resolve("10k.xlsx");
        Files.write(file, SheetFiles.largeXlsx(10_000, r -> List.of("FOREST-" + r / 20, "EQI.VALUE",
                2024 - r % 2, 1 + r % 7, "第 " + r + " 行")));

        Run streaming = run(file, "import");
        assertThat(streaming.exit).as(streaming.output).isZero();
        assertThat(streaming.output).contains("rows=10000 tasks=500 values=10000");

        Run whole = run(file, "workbook");
        assertThat(whole.exit).as("a whole workbook in the same heap: " + whole.output).isNotZero();
        assertThat(whole.output).contains("OutOfMemoryError");
    }

    private record Run(int exit, String output) {
    }

    private Run run(Path file, String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve(mode + ".log");
        Process p = new ProcessBuilder(java.toString(), HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ReadInSmallHeap.class.getName(), file.toString(), mode)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(mode + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
