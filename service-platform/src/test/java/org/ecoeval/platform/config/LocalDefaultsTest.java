package org.ecoeval.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Production refuses the local development defaults, naming each setting, and accepts an installation's own. */
class LocalDefaultsTest {

    private static List<String> kept(Map<String, String> settings) {
        return LocalDefaults.kept(name -> Optional.ofNullable(settings.get(name)).filter(v -> !v.isEmpty()),
                settings.keySet());
    }

    private static Map<String, String> production() {
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://ecoeval-db-rw:5432/tracking");
        p.put("quarkus.datasource.password", "s3cret-from-cnpg");
        p.put("quarkus.oidc.auth-server-url", "https://auth.province.example.org/realms/ecoeval");
        p.put("quarkus.oidc.dashboard.credentials.secret", "a-real-client-secret");
        p.put("ecoeval.tracking.webhook.secret-key", "q3Jx8m0mJm8N0z1S0iQ9kq7bKQ3v9o6hC4dQy2C0a1E=");
        return p;
    }

    @Test
    void an_installations_own_settings_pass() {
        assertThat(kept(production())).isEmpty();
    }

    @Test
    void each_local_default_is_named_with_its_variable() {
        Map<String, Object[]> cases = Map.of(
                "quarkus.datasource.jdbc.url", new Object[] {"jdbc:postgresql://127.0.0.1:5432/scoring",
                        "ECOEVAL_<SERVICE>_DB_URL"},
                "quarkus.datasource.password", new Object[] {"", "ECOEVAL_DB_PASSWORD"},
                "quarkus.oidc.auth-server-url", new Object[] {"http://127.0.0.1:8180/realms/ecoeval", "ECOEVAL_OIDC_URL"},
                "quarkus.oidc.dashboard.credentials.secret", new Object[] {"ecoeval-local-secret",
                        "ECOEVAL_OIDC_CLIENT_SECRET"},
                "ecoeval.tracking.webhook.secret-key", new Object[] {"I1piwOcogJZBar54c8/zjPxXdvkVW/1HVNGX8fm2caY=",
                        "ECOEVAL_WEBHOOK_SECRET_KEY"});
        cases.forEach((setting, c) -> {
            Map<String, String> p = production();
            p.put(setting, (String) c[0]);
            assertThat(kept(p)).as(setting).singleElement().asString().startsWith(setting + " (" + c[1] + ")");
        });
    }

    @Test
    void a_secret_is_never_printed_in_the_refusal() {
        Map<String, String> p = production();
        p.put("quarkus.oidc.dashboard.credentials.secret", "ecoeval-local-secret");
        p.put("quarkus.datasource.password", "");
        String message = LocalDefaults.refusal(kept(p));
        assertThat(message).contains("quarkus.oidc.dashboard.credentials.secret", "quarkus.datasource.password (ECOEVAL_DB_PASSWORD) is empty",
                "ecoeval.allow-local-defaults=true").doesNotContain("ecoeval-local-secret");
    }

    @Test
    void a_setting_the_service_does_not_have_is_not_asked_for() {
        Map<String, String> scoring = production();
        scoring.remove("quarkus.oidc.dashboard.credentials.secret");
        scoring.remove("ecoeval.tracking.webhook.secret-key");
        assertThat(kept(scoring)).isEmpty();
    }
}
