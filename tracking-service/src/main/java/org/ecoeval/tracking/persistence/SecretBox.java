package org.ecoeval.tracking.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals webhook secrets for storage: AES-256-GCM under a key from configuration, a fresh 96-bit nonce per value,
 * stored as {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}. A database dump or backup alone reveals no secret, and a
 * changed ciphertext fails to open instead of signing with garbage. Pure: no framework.
 */
public final class SecretBox {
    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** {@code base64Key}: 32 random bytes in base64 ({@code head -c 32 /dev/urandom | base64}). */
    public SecretBox(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret key must be base64 of 32 bytes", e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("the webhook secret key must be 32 bytes (AES-256), not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The sealed form of {@code plain}; null stays null. */
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
    }

    /** The plain value of a sealed one; null stays null. Fails on a value sealed under another key or changed. */
    public String open(String stored) {
        if (stored == null) {
            return null;
        }
        if (!isSealed(stored)) {
            throw new IllegalStateException("a stored webhook secret is not sealed (run the migrations)");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored webhook secret does not open under the configured key "
                    + "(ecoeval.tracking.webhook.secret-key changed?)", e);
        }
    }
}
