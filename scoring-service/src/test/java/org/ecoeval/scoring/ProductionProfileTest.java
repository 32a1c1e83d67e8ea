package org.ecoeval.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The prod profile refuses to start on the local development defaults (service-platform's LocalDefaults): here the
 * test infrastructure's database with the local PostgreSQL's empty password, and the local Keycloak's address.
 */
@QuarkusMainTest
@TestProfile(ProductionProfileTest.ProductionOnLocalDefaults.class)
class ProductionProfileTest {

    public static class ProductionOnLocalDefaults implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.port", "0", "quarkus.management.port", "0",
                    "quarkus.log.console.json.enabled", "false");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void prod_refuses_to_start_with_the_local_database_password_and_keycloak(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertThat(output).contains("refusing to start the prod profile with local development defaults")
                .contains("quarkus.datasource.password (ECOEVAL_DB_PASSWORD) is empty")
                .contains("quarkus.oidc.auth-server-url (ECOEVAL_OIDC_URL)");
    }
}
