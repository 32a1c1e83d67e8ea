package org.ecoeval.infra;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.ecoeval.contracts.Roles;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Bearer tokens for tests, signed by the key that {@link OidcWiremockTestResource} publishes, so the
 * services verify real signatures. Carries the contract's claims: {@code groups}, {@code department},
 * {@code county}.
 */
public final class TestTokens {
    public static final String COUNTY = "150425";
    /** The audience the services expect in tests ({@code quarkus.oidc.token.audience} of the test profile). */
    public static final String AUDIENCE = "https://service.example.com";

    /** A token for a role acting for one unit of a county ({@code department}, {@code unit-head}). */
    public static String unit(String role, String department, String county) {
        return token(role + "-" + department, Set.of(role), department, county);
    }

    /** A token for a county-wide role ({@code bureau}, {@code supervisor}, a county {@code admin}). */
    public static String county(String role, String county) {
        return token(role + "-" + county, Set.of(role), null, county);
    }

    /** A provincial admin: no county claim, sees every county. */
    public static String provincialAdmin() {
        return token("province-admin", Set.of(Roles.ADMIN), null, null);
    }

    /**
     * A department system's token, shaped as Keycloak issues it for the client-credentials grant of a client
     * that {@code ecoeval client add} registered: the service account's name, the client in {@code azp}, the
     * {@code department} role and the unit's claims.
     */
    public static String machine(String department, String county) {
        String client = "ecoeval-" + county + "-" + department.toLowerCase(Locale.ROOT);
        Map<String, String> claims = claims(department, county);
        claims.put("azp", client);
        claims.put("client_id", client);
        return OidcWiremockTestResource.generateJwtToken("service-account-" + client, Set.of(Roles.DEPARTMENT),
                UUID.randomUUID().toString(), "Bearer", Set.of(AUDIENCE), claims);
    }

    /** A token like {@link #unit} but issued for another audience (another system of the same identity provider). */
    public static String forAudience(String audience, String role, String department, String county) {
        return OidcWiremockTestResource.generateJwtToken(role + "-" + department, Set.of(role), role + "-" + department,
                "Bearer", Set.of(audience), claims(department, county));
    }

    public static String token(String user, Set<String> roles, String department, String county) {
        return OidcWiremockTestResource.generateJwtToken(user, roles, user, "Bearer", Set.of(AUDIENCE),
                claims(department, county));
    }

    private static Map<String, String> claims(String department, String county) {
        Map<String, String> claims = new HashMap<>();
        if (department != null) {
            claims.put(Roles.DEPARTMENT_CLAIM, department);
        }
        if (county != null) {
            claims.put(Roles.COUNTY_CLAIM, county);
        }
        return claims;
    }

    private TestTokens() {
    }
}
