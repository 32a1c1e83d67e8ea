package org.ecoeval.system;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.ecoeval.contracts.Roles;

import io.smallrye.jwt.build.Jwt;

/** Tokens an attacker might present: forged, expired, unsigned, `alg: none`, from another issuer, junk. */
final class HostileTokens {

    static List<String> all(String county, String department) {
        return List.of(forged(county, department), expired(county, department), algNone(county, department),
                unsigned(county, department), otherIssuer(county, department), "not.a.jwt", "", "Bearer Bearer");
    }

    /** Right claims, signed by a key the services do not trust (same key id as the real one). */
    static String forged(String county, String department) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var keys = generator.generateKeyPair();
            return claims(county, department).issuer("https://server.example.com").jws().keyId("1")
                    .sign(keys.getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by the trusted key but expired an hour ago. */
    static String expired(String county, String department) {
        return claims(county, department).issuer("https://server.example.com")
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .jws().keyId("1").sign("privateKey.jwk");
    }

    /** Signed by the trusted key for a different issuer. */
    static String otherIssuer(String county, String department) {
        return claims(county, department).issuer("https://evil.example.com").jws().keyId("1").sign("privateKey.jwk");
    }

    /** {@code alg: none}, no signature. */
    static String algNone(String county, String department) {
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload(county, department) + ".";
    }

    /** A trusted header with the signature cut off. */
    static String unsigned(String county, String department) {
        String real = claims(county, department).issuer("https://server.example.com").jws().keyId("1")
                .sign("privateKey.jwk");
        return real.substring(0, real.lastIndexOf('.') + 1);
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(String county, String department) {
        return Jwt.preferredUserName("mallory").groups(Set.of(Roles.ADMIN, Roles.BUREAU, Roles.DEPARTMENT))
                .claim(Roles.COUNTY_CLAIM, county).claim(Roles.DEPARTMENT_CLAIM, department)
                .audience("https://service.example.com").subject("mallory");
    }

    private static String payload(String county, String department) {
        long exp = Instant.now().plusSeconds(3600).getEpochSecond();
        return base64("{\"iss\":\"https://server.example.com\",\"sub\":\"mallory\",\"exp\":" + exp
                + ",\"groups\":[\"admin\",\"bureau\",\"department\"],\"county\":\"" + county + "\",\"department\":\""
                + department + "\"}");
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private HostileTokens() {
    }
}
