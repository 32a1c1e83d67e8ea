package org.ecoeval.platform.config;

import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * In the {@code prod} profile a service refuses to start while a setting keeps its local development default
 * ({@link LocalDefaults}), naming each one, unless {@code ecoeval.allow-local-defaults=true} (set by the local
 * launcher only, which runs the prod profile against the local stack on purpose). The first startup observer, so it
 * fails the start before the Kafka consumers begin; Flyway's migration at start runs before any startup observer, so
 * a local database URL that does not answer fails there first (with that URL in the message).
 */
@ApplicationScoped
public class ProductionStartCheck {

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        if (!ConfigUtils.isProfileActive("prod")) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        if (config.getOptionalValue(LocalDefaults.ALLOW, Boolean.class).orElse(false)) {
            return;
        }
        Set<String> present = new HashSet<>();
        config.getPropertyNames().forEach(present::add);
        List<String> kept = LocalDefaults.kept(name -> {
            try {
                return config.getOptionalValue(name, String.class);
            } catch (NoSuchElementException e) {
                return Optional.empty(); // an expression naming an unset variable: not a local default
            }
        }, present);
        if (!kept.isEmpty()) {
            throw new IllegalStateException(LocalDefaults.refusal(kept));
        }
    }
}
