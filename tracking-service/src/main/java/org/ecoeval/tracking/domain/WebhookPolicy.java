package org.ecoeval.tracking.domain;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.ecoeval.contracts.Plan;
import org.ecoeval.platform.problem.Violation;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@link WebhookTargets} under the configured allow-list ({@code ecoeval.tracking.webhook.allowed-targets}). */
@ApplicationScoped
public class WebhookPolicy {
    private final WebhookTargets targets;

    WebhookPolicy(@ConfigProperty(name = "ecoeval.tracking.webhook.allowed-targets") Optional<List<String>> allowed) {
        this.targets = new WebhookTargets(allowed.orElse(List.of()), InetAddress::getAllByName);
    }

    public Optional<String> refusal(String url) {
        return targets.refusal(url);
    }

    /** One violation ({@code supervisors[i].webhookUrl}, rule {@code webhook-address}) per refused webhook. */
    public List<Violation> violations(Plan plan) {
        List<Violation> out = new ArrayList<>();
        if (plan == null || plan.supervisors() == null) {
            return out;
        }
        for (int i = 0; i < plan.supervisors().size(); i++) {
            Plan.Supervisor s = plan.supervisors().get(i);
            if (s != null && s.webhookUrl() != null && !s.webhookUrl().isBlank()) {
                String at = "supervisors[" + i + "].webhookUrl";
                refusal(s.webhookUrl()).ifPresent(reason -> out.add(new Violation(at, "webhook-address", reason)));
            }
        }
        return out;
    }
}
