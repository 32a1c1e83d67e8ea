package org.ecoeval.tracking.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's {@link SecretBox}, under the key {@code ecoeval.tracking.webhook.secret-key}. */
@ApplicationScoped
public class WebhookSecrets {
    private final SecretBox box;

    WebhookSecrets(@ConfigProperty(name = "ecoeval.tracking.webhook.secret-key") String key) {
        this.box = new SecretBox(key);
    }

    public String seal(String plain) {
        return box.seal(plain);
    }

    public String open(String stored) {
        return box.open(stored);
    }
}
