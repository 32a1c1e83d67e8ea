package org.ecoeval.tracking.api;

import java.time.Instant;
import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;

/**
 * A registered plan version as the API shows it. The plan's webhook secrets are write-only and never
 * serialised ({@link Plan.Supervisor}).
 */
public record PlanView(String evaluationId, int version, Instant registeredAt, String registeredBy, Plan plan,
        List<TaskInstance> instances) {
}
