package org.ecoeval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two realms the services trust: the local one the launcher imports, and the production one the
 * Kubernetes Keycloak imports. Both must give the services what they check (roles in {@code groups}, the
 * unit's claims, the {@code ecoeval-api} audience); production must not let anyone log in by password grant.
 */
class RealmFilesTest {
    static final Path ROOT = Path.of(System.getProperty("ecoeval.project.root", "../.."));
    static final Path LOCAL = ROOT.resolve("deploy/local/keycloak/ecoeval-realm.json");
    static final Path PRODUCTION = ROOT.resolve("deploy/kubernetes/base/keycloak/ecoeval-realm.json");
    static final List<String> CONTRACT_ROLES = List.of("department", "unit-head", "bureau", "supervisor", "admin",
            "leader");

    @Test
    void both_realms_hold_every_role_of_the_contract() throws IOException {
        for (Path realm : List.of(LOCAL, PRODUCTION)) {
            List<String> roles = new ArrayList<>();
            read(realm).path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
            assertThat(roles).as(realm.toString()).containsAll(CONTRACT_ROLES);
        }
    }

    @Test
    void every_client_puts_the_services_audience_roles_and_unit_claims_into_its_access_tokens() throws IOException {
        for (Path realm : List.of(LOCAL, PRODUCTION)) {
            for (JsonNode client : read(realm).path("clients")) {
                List<String> audiences = new ArrayList<>();
                List<String> claims = new ArrayList<>();
                for (JsonNode mapper : client.path("protocolMappers")) {
                    JsonNode config = mapper.path("config");
                    if (!"true".equals(config.path("access.token.claim").asText())) {
                        continue;
                    }
                    if ("oidc-audience-mapper".equals(mapper.path("protocolMapper").asText())) {
                        audiences.add(config.path("included.custom.audience").asText());
                    }
                    claims.add(config.path("claim.name").asText());
                }
                String what = realm + " client " + client.path("clientId").asText();
                assertThat(audiences).as(what).containsExactly("ecoeval-api");
                assertThat(claims).as(what).contains("groups", "department", "county");
            }
        }
    }

    @Test
    void a_machine_client_never_takes_a_password_grant() throws IOException {
        for (Path realm : List.of(LOCAL, PRODUCTION)) {
            for (JsonNode client : read(realm).path("clients")) {
                if (client.path("serviceAccountsEnabled").asBoolean()) {
                    assertThat(client.path("directAccessGrantsEnabled").asBoolean())
                            .as(realm + " client " + client.path("clientId").asText()).isFalse();
                }
            }
        }
    }

    @Test
    void production_takes_no_password_grant_demands_tls_keeps_tokens_short_and_ships_no_secret() throws IOException {
        JsonNode realm = read(PRODUCTION);
        assertThat(realm.path("sslRequired").asText()).isIn("external", "all");
        assertThat(realm.path("accessTokenLifespan").asInt()).isBetween(60, 900);
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("users").isMissingNode() || realm.path("users").isEmpty()).as("no users").isTrue();
        for (JsonNode client : realm.path("clients")) {
            String what = "client " + client.path("clientId").asText();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(what).isFalse();
            assertThat(client.path("implicitFlowEnabled").asBoolean()).as(what).isFalse();
            assertThat(client.path("secret").asText()).as(what + " secret comes from the environment")
                    .matches("\\$\\{[A-Z_]+}");
            client.path("redirectUris").forEach(uri -> assertThat(uri.asText()).as(what).doesNotContain("127.0.0.1",
                    "localhost"));
        }
    }

    private static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(Files.readString(file));
    }
}
