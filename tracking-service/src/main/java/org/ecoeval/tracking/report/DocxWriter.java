package org.ecoeval.tracking.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.ecoeval.tracking.report.ReportDocument.Block;
import org.ecoeval.tracking.report.ReportDocument.Paragraph;
import org.ecoeval.tracking.report.ReportDocument.Section;
import org.ecoeval.tracking.report.ReportDocument.Subheading;
import org.ecoeval.tracking.report.ReportDocument.Table;

/**
 * The report as Word (DOCX, by Apache POI), editable in Word and WPS: plain paragraphs and tables in 宋体/黑体, the
 * fonts every Chinese office machine has, so the bureau can still edit the wording before it goes out.
 */
public final class DocxWriter {
    private static final String BODY_FONT = "宋体";
    private static final String HEADING_FONT = "黑体";

    private DocxWriter() {
    }

    public static void write(ReportDocument d, OutputStream out) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.getProperties().getCoreProperties().setTitle(d.title());
            XWPFParagraph title = doc.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            run(title, d.title(), HEADING_FONT, 18, true);
            for (String line : d.lines()) {
                XWPFParagraph p = doc.createParagraph();
                p.setAlignment(ParagraphAlignment.CENTER);
                run(p, line, BODY_FONT, 10, false);
            }
            for (Section s : d.sections()) {
                XWPFParagraph h = doc.createParagraph();
                h.setStyle("Heading1");
                h.setSpacingBefore(240);
                run(h, s.heading(), HEADING_FONT, 14, true);
                for (Block b : s.blocks()) {
                    if (b instanceof Paragraph p) {
                        run(doc.createParagraph(), p.text(), BODY_FONT, 11, false);
                    } else if (b instanceof Subheading sh) {
                        run(doc.createParagraph(), sh.text(), HEADING_FONT, 12, true);
                    } else if (b instanceof Table t) {
                        table(doc, t);
                    }
                }
            }
            doc.write(out);
        }
    }

    private static void table(XWPFDocument doc, Table t) {
        XWPFTable table = doc.createTable(t.rows().size() + 1, t.header().size());
        table.setWidth("100%");
        fill(table.getRow(0), t.header(), true);
        for (int i = 0; i < t.rows().size(); i++) {
            fill(table.getRow(i + 1), t.rows().get(i), false);
        }
        doc.createParagraph();
    }

    private static void fill(XWPFTableRow row, List<String> cells, boolean header) {
        for (int i = 0; i < cells.size(); i++) {
            XWPFParagraph p = row.getCell(i).getParagraphs().get(0);
            run(p, cells.get(i), header ? HEADING_FONT : BODY_FONT, 9, header);
        }
    }

    private static void run(XWPFParagraph p, String text, String font, int size, boolean bold) {
        XWPFRun r = p.createRun();
        r.setText(text);
        r.setFontFamily(font);
        r.setFontFamily(font, XWPFRun.FontCharRange.eastAsia);
        r.setFontSize(size);
        r.setBold(bold);
    }
}
