package org.ecoeval.submission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void directories_and_control_characters_are_removed() {
        assertThat(FileNames.sanitise("../../etc/passwd", "x")).isEqualTo("passwd");
        assertThat(FileNames.sanitise("C:\\Users\\fin\\凭证.pdf", "x")).isEqualTo("凭证.pdf");
        assertThat(FileNames.sanitise("a\u0000b\r\n.pdf", "x")).isEqualTo("ab.pdf");
        assertThat(FileNames.sanitise("invoice\u202Efdp.exe", "x")).isEqualTo("invoicefdp.exe");
        assertThat(FileNames.sanitise("..", "evidence.pdf")).isEqualTo("evidence.pdf");
        assertThat(FileNames.sanitise("   ", "evidence.pdf")).isEqualTo("evidence.pdf");
        assertThat(FileNames.sanitise(null, "evidence.pdf")).isEqualTo("evidence.pdf");
    }

    @Test
    void long_names_are_cut_to_255_utf8_bytes_keeping_the_extension() {
        String name = "生".repeat(200) + ".pdf";
        String cut = FileNames.sanitise(name, "x");
        assertThat(cut).endsWith(".pdf");
        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    }

    @Test
    void content_disposition_carries_an_ascii_fallback_and_the_utf8_name() {
        assertThat(FileNames.contentDisposition("会议纪要 Q1.pdf")).isEqualTo(
                "attachment; filename=\"____ Q1.pdf\"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81%20Q1.pdf");
        assertThat(FileNames.contentDisposition("a\"b.pdf")).startsWith("attachment; filename=\"a_b.pdf\"");
    }
}
