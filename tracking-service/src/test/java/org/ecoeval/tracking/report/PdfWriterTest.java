package org.ecoeval.tracking.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/** The PDF writer alone: every character is drawn in the embedded CJK font, none in a base-14 font. */
class PdfWriterTest {

    @Test
    void every_character_is_drawn_in_the_embedded_font() throws IOException {
        ReportDocument d = new ReportDocument("克什克腾旗2024年自查报告", List.of("第 1 版 · 数据截至 2024-10-25 17:30"),
                List.of(new ReportDocument.Section("一、基本情况", List.of(
                        new ReportDocument.Paragraph("ΔEI = ΔEI′ + EM′管理 = 1.31 + 0.075 + (−0.1) = 1.485，修约为 1.49。达到或优于Ⅲ类水质比例，国土面积（km²）。"),
                        new ReportDocument.Subheading("（一）生态保护修复：类别得分 0.375"),
                        new ReportDocument.Table(List.of("代码", "文件名", "SHA-256"), List.of(List.of("PROTECT.RED_LINE",
                                "国土面积（km²）.pdf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")))))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfWriter.write(d, out);
        List<String> notEmbedded = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    for (TextPosition p : positions) {
                        if (!p.getFont().isEmbedded()) {
                            notEmbedded.add(p.getUnicode() + " in " + p.getFont().getName());
                        }
                    }
                    super.writeString(text, positions);
                }
            };
            String text = stripper.getText(doc);
            assertThat(text).contains("克什克腾旗2024年自查报告", "1.485", "修约为 1.49", "达到或优于Ⅲ类水质比例", "km²", "9f86d081884c7d659a2feaa0c55ad015");
        }
        assertThat(notEmbedded).isEmpty();
    }
}
