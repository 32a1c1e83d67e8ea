package org.ecoeval.infra;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.ecoeval.contracts.Roles;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Bearer tokens for tests, signed by the key that {@link OidcWiremockTestResource} publishes, so the
 * services verify real signatures. Carries the contract's claims: {@code groups}, {@code department},
 * {@code county}.
 */
public final class TestTokens {
    public static final String COUNTY = "150425";

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

    public static String token(String user, Set<String> roles, String department, String county) {
        Map<String, String> claims = new HashMap<>();
        if (department != null) {
            claims.put(Roles.DEPARTMENT_CLAIM, department);
        }
        if (county != null) {
            claims.put(Roles.COUNTY_CLAIM, county);
        }
        return OidcWiremockTestResource.generateJwtToken(user, roles, user, "Bearer",
                Set.of("https://service.example.com"), claims);
    }

    private TestTokens() {
    }
}
