package org.ecoeval.submission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;

import org.ecoeval.submission.Multipart;
import org.ecoeval.submission.domain.ContentSniffer.FileType;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {

    static java.util.Optional<FileType> sniff(byte[] content) {
        return ContentSniffer.sniff(Arrays.copyOf(content, Math.min(content.length, ContentSniffer.HEAD_BYTES)),
                () -> new ByteArrayInputStream(content));
    }

    @Test
    void every_accepted_kind_is_recognised_by_its_bytes() {
        assertThat(sniff(Multipart.pdf("x"))).contains(FileType.PDF);
        assertThat(sniff(Multipart.png())).contains(FileType.PNG);
        assertThat(sniff(Multipart.jpeg())).contains(FileType.JPEG);
        assertThat(sniff(Multipart.zip("[Content_Types].xml", "word/document.xml"))).contains(FileType.DOCX);
        assertThat(sniff(Multipart.zip("[Content_Types].xml", "xl/workbook.xml"))).contains(FileType.XLSX);
        assertThat(sniff(Multipart.zip("OFD.xml"))).contains(FileType.OFD);
        assertThat(sniff(Multipart.zip("a.txt"))).contains(FileType.ZIP);
    }

    @Test
    void executables_scripts_and_html_are_refused() {
        assertThat(sniff(Multipart.executable())).isEmpty();
        assertThat(sniff("#!/bin/sh\necho".getBytes())).isEmpty();
        assertThat(sniff("<html><script>".getBytes())).isEmpty();
        assertThat(sniff(new byte[] { 0x7f, 'E', 'L', 'F', 2, 1, 1 })).isEmpty();
        assertThat(sniff(new byte[0])).isEmpty();
    }
}
