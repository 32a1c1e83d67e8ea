package org.ecoeval.tracking.report;

import java.util.List;

/**
 * The self-check report as a neutral document: a title, lines under it, and numbered sections of paragraphs,
 * subheadings and tables. {@link SelfCheckReport} writes it from a snapshot; {@link DocxWriter} and {@link PdfWriter}
 * render the same document, so Word and PDF never say different things.
 */
public record ReportDocument(String title, List<String> lines, List<Section> sections) {

    public record Section(String heading, List<Block> blocks) {
    }

    public sealed interface Block permits Paragraph, Subheading, Table {
    }

    public record Paragraph(String text) implements Block {
    }

    public record Subheading(String text) implements Block {
    }

    public record Table(List<String> header, List<List<String>> rows) implements Block {
    }
}
