package org.ecoeval.contracts;

import java.time.Instant;
import java.util.List;

/** Value of {@code eco.plans} (compacted, key = evaluation id): one version of an evaluation's plan. */
public record PlanPublished(String eventId, String evaluationId, int planVersion, Plan plan,
        List<TaskInstance> instances, Instant publishedAt) {

    public static final String TYPE = "PlanPublished";
}
