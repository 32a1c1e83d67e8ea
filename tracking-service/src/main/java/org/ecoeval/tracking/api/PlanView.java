package org.ecoeval.tracking.api;

import java.time.Instant;
import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.tracking.domain.PlanWarnings;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A registered plan version as the API shows it. The plan's webhook secrets are write-only and never
 * serialised ({@link Plan.Supervisor}). {@code warnings} come with the registration answer only.
 */
public record PlanView(String evaluationId, int version, Instant registeredAt, String registeredBy, Plan plan,
        List<TaskInstance> instances, @JsonInclude(JsonInclude.Include.NON_NULL) List<PlanWarnings.Warning> warnings) {
}
