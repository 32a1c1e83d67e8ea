package org.ecoeval.tracking.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import org.ecoeval.tracking.report.ReportDocument.Block;
import org.ecoeval.tracking.report.ReportDocument.Paragraph;
import org.ecoeval.tracking.report.ReportDocument.Section;
import org.ecoeval.tracking.report.ReportDocument.Subheading;
import org.ecoeval.tracking.report.ReportDocument.Table;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/**
 * The report as PDF: the document as XHTML, laid out by openhtmltopdf on Apache PDFBox, in TrueType fonts shipped with
 * the service (Droid Sans Fallback, Apache-2.0, subset to GB2312 and the characters EcoEval prints; DejaVu Sans for
 * Latin and Greek: see {@code src/main/fonts/subset.py}) and embedded (subset) in the file, so it reads the same on a
 * machine without fonts.
 */
public final class PdfWriter {
    static final String CJK = "EcoEval CJK";
    static final String LATIN = "EcoEval Latin";
    /** Latin first (the CJK font has no Latin glyphs), then CJK: openhtmltopdf takes each glyph from the first that has it. */
    static final String FONT_FAMILY = LATIN + "', '" + CJK;

    private PdfWriter() {
    }

    public static void write(ReportDocument d, OutputStream out) throws IOException {
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        // one face for every weight: a bold heading must not fall back to a base-14 font, which is never embedded
        builder.useFont(() -> font("DejaVuSans-Latin.ttf"), LATIN, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
        builder.useFont(() -> font("DejaVuSans-Bold-Latin.ttf"), LATIN, 700, BaseRendererBuilder.FontStyle.NORMAL, true);
        builder.useFont(() -> font("DroidSansFallback-GB2312.ttf"), CJK, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
        builder.useFont(() -> font("DroidSansFallback-GB2312.ttf"), CJK, 700, BaseRendererBuilder.FontStyle.NORMAL, true);
        builder.withHtmlContent(xhtml(d), null);
        builder.toStream(out);
        builder.run();
    }

    private static InputStream font(String file) {
        InputStream in = PdfWriter.class.getResourceAsStream("/fonts/" + file);
        if (in == null) {
            throw new IllegalStateException("the report font /fonts/" + file + " is not on the class path");
        }
        return in;
    }

    static String xhtml(ReportDocument d) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<html><head><meta charset=\"UTF-8\"/><title>").append(esc(d.title())).append("</title><style>")
                .append("@page { size: A4; margin: 20mm 16mm; @bottom-center { content: counter(page) \" / \" counter(pages);")
                .append(" font-family: '").append(FONT_FAMILY).append("'; font-size: 9pt; } }")
                .append("body { font-family: '").append(FONT_FAMILY).append("'; font-size: 10.5pt; line-height: 1.5; }")
                .append("h1 { font-size: 17pt; text-align: center; margin: 0 0 6pt 0; }")
                .append(".line { text-align: center; font-size: 9.5pt; color: #333; margin: 0; }")
                .append("h2 { font-size: 13.5pt; margin: 14pt 0 6pt 0; } h3 { font-size: 11pt; margin: 8pt 0 4pt 0; }")
                .append("table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt 0; -fs-table-paginate: paginate; }")
                .append("th, td { border: 0.6pt solid #555; padding: 2pt 4pt; font-size: 8.5pt; vertical-align: top;")
                .append(" } th { background: #e8eef5; }")
                .append("</style></head><body>");
        h.append("<h1>").append(esc(d.title())).append("</h1>");
        d.lines().forEach(l -> h.append("<p class=\"line\">").append(esc(l)).append("</p>"));
        for (Section s : d.sections()) {
            h.append("<h2>").append(esc(s.heading())).append("</h2>");
            for (Block b : s.blocks()) {
                if (b instanceof Paragraph p) {
                    h.append("<p>").append(esc(p.text())).append("</p>");
                } else if (b instanceof Subheading sh) {
                    h.append("<h3>").append(esc(sh.text())).append("</h3>");
                } else if (b instanceof Table t) {
                    table(h, t);
                }
            }
        }
        return h.append("</body></html>").toString();
    }

    private static void table(StringBuilder h, Table t) {
        h.append("<table><thead><tr>");
        t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(esc(wrappable(c))).append("</td>"));
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    /** A SHA-256 (64 hex digits) in two halves, so it wraps in a narrow column and never squeezes the others. */
    private static String wrappable(String cell) {
        return cell.matches("[0-9a-f]{64}") ? cell.substring(0, 32) + " " + cell.substring(32) : cell;
    }

    private static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
