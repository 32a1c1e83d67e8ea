package org.ecoeval.submission.api.sheets;

import java.util.List;

import org.ecoeval.platform.problem.Problem;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.jboss.logging.Logger;

/** The problems of an uploaded file as a whole (field {@code file}), before any row is looked at. */
final class SheetProblems {
    private static final Logger LOG = Logger.getLogger(SheetProblems.class);

    private SheetProblems() {
    }

    static ProblemException notASpreadsheet(String what) {
        return new ProblemException(Problem.of(415, "not-a-spreadsheet", "Not a spreadsheet",
                "an import takes an XLSX workbook or a CSV file").withViolations(List.of(new Violation("file",
                        "file-type", "the file is " + what + ", not an XLSX workbook or a CSV text"))));
    }

    static ProblemException tooManyRows(int maxRows) {
        return ProblemException.invalid("file", "max-rows", "the sheet has more than " + maxRows
                + " data rows; split it into several files");
    }

    static ProblemException encoding(String detail) {
        return ProblemException.invalid("file", "encoding", detail);
    }

    static ProblemException unreadable(String detail) {
        return ProblemException.invalid("file", "unreadable", detail);
    }

    static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(Problem.of(413, "file-too-large", "File too large",
                "an import file may have at most " + maxBytes + " bytes").withViolations(List.of(new Violation("file",
                        "max-size", "the file is larger than " + maxBytes + " bytes"))));
    }

    /** POI's refusals, told apart by what they say: a zip bomb, a damaged or encrypted workbook. */
    static ProblemException fromXlsxFailure(Exception e) {
        StringBuilder said = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            said.append(' ').append(t.getMessage());
        }
        String text = said.toString();
        if (text.contains("Zip bomb") || text.contains("max entry size") || text.contains("exceeds the max")
                || text.contains("MaxEntrySize") || text.contains("maximum number of files")
                || text.contains("max text size")) {
            LOG.warnf("import refused as a zip bomb: %s", text.strip());
            return ProblemException.invalid("file", "zip-bomb", "the workbook inflates far beyond its size (a zip "
                    + "bomb, or parts larger than " + XlsxSheetReader.MAX_ENTRY_BYTES / (1024 * 1024)
                    + " MiB); it is not read");
        }
        LOG.infof("import refused: an unreadable workbook (%s)", text.strip());
        return unreadable("the XLSX workbook cannot be read (damaged, encrypted or not a workbook): save it again "
                + "as an Excel workbook (.xlsx)");
    }
}
