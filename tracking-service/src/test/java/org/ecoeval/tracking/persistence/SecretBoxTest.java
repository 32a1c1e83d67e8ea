package org.ecoeval.tracking.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of exactly 32 bytes!".getBytes());

    @Test
    void a_sealed_secret_opens_to_itself_and_never_shows_in_the_stored_form() {
        SecretBox box = new SecretBox(KEY);
        String sealed = box.seal("s3cr3t-值");
        assertThat(sealed).startsWith("v1:").doesNotContain("s3cr3t");
        assertThat(box.open(sealed)).isEqualTo("s3cr3t-值");
        assertThat(box.seal("s3cr3t-值")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.seal(null)).isNull();
        assertThat(box.open(null)).isNull();
    }

    @Test
    void a_value_sealed_under_another_key_or_changed_or_in_clear_does_not_open() {
        String sealed = new SecretBox(OTHER_KEY).seal("s3cr3t");
        SecretBox box = new SecretBox(KEY);
        assertThatThrownBy(() -> box.open(sealed)).hasMessageContaining("does not open");
        String changed = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A=") ? "B=" : "A=");
        assertThatThrownBy(() -> new SecretBox(OTHER_KEY).open(changed)).hasMessageContaining("does not open");
        assertThatThrownBy(() -> box.open("[\"clear\"]")).hasMessageContaining("not sealed");
    }

    @Test
    void the_key_must_be_base64_of_32_bytes() {
        assertThatThrownBy(() -> new SecretBox("short")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretBox("not base64 !!")).hasMessageContaining("base64");
    }
}
