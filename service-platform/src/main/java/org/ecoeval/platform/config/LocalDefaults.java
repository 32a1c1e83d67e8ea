package org.ecoeval.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings whose defaults only do for a developer's machine (the launcher's databases, the local Keycloak, the
 * development secrets), and the rule that production must not run on them: pure, so that the rule has a table test
 * and the three services share it ({@link ProductionStartCheck} applies it at start in the {@code prod} profile).
 */
public final class LocalDefaults {

    /** A setting and the local development values it must not keep in production. */
    public record Setting(String name, String env, Set<String> localValues) {
    }

    /** The launcher's opt-in: it runs the prod profile on purpose with the local defaults. */
    public static final String ALLOW = "ecoeval.allow-local-defaults";

    /** Every local default of the three services; a setting a service does not have is simply absent there. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("quarkus.datasource.jdbc.url", "ECOEVAL_<SERVICE>_DB_URL", Set.of(
                    "jdbc:postgresql://127.0.0.1:5432/submission", "jdbc:postgresql://127.0.0.1:5432/scoring",
                    "jdbc:postgresql://127.0.0.1:5432/tracking")),
            // the local PostgreSQL trusts its one user: an empty password
            new Setting("quarkus.datasource.password", "ECOEVAL_DB_PASSWORD", Set.of("")),
            new Setting("quarkus.oidc.auth-server-url", "ECOEVAL_OIDC_URL",
                    Set.of("http://127.0.0.1:8180/realms/ecoeval", "http://localhost:8180/realms/ecoeval")),
            new Setting("quarkus.oidc.dashboard.credentials.secret", "ECOEVAL_OIDC_CLIENT_SECRET",
                    Set.of("ecoeval-local-secret")),
            new Setting("ecoeval.tracking.webhook.secret-key", "ECOEVAL_WEBHOOK_SECRET_KEY",
                    Set.of("I1piwOcogJZBar54c8/zjPxXdvkVW/1HVNGX8fm2caY=")));

    /**
     * What keeps a local default, one sentence per setting; empty when none does. {@code config} gives a setting's
     * value (empty when it is not set or the service does not have it). A setting the service has but left empty
     * counts as its local value only where the local value is the empty string (the password).
     */
    public static List<String> kept(Function<String, Optional<String>> config, Set<String> present) {
        List<String> kept = new ArrayList<>();
        for (Setting s : SETTINGS) {
            if (!present.contains(s.name())) {
                continue;
            }
            String value = config.apply(s.name()).orElse("");
            if (s.localValues().contains(value.trim())) {
                kept.add(s.name() + " (" + s.env() + ") is "
                        + (value.isEmpty() ? "empty" : "the local development default " + shown(s, value)));
            }
        }
        return kept;
    }

    /** The message production refuses to start with. */
    public static String refusal(List<String> kept) {
        return "refusing to start the prod profile with local development defaults: " + String.join("; ", kept)
                + ". Set them for this installation (only the local launcher may opt out: " + ALLOW
                + "=true, ECOEVAL_ALLOW_LOCAL_DEFAULTS=true).";
    }

    private static String shown(Setting s, String value) {
        // never print a secret, even a well-known one; a URL may be printed
        return s.name().endsWith("url") ? value : "(a published development secret)";
    }

    private LocalDefaults() {
    }
}
