package org.ecoeval.tracking.api;

import java.time.Instant;
import java.util.List;

import org.ecoeval.contracts.Plan;
import org.ecoeval.tracking.domain.EscalationLadder;
import org.ecoeval.tracking.domain.TaskMaterials;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One task instance: {@code taskId} is the instance id (FIN-INVEST, GOV-MINUTES#Q2), {@code planTaskId} the
 * plan task it comes from; {@code owner} the person who does it, {@code materials} each material with whether the
 * latest submission hands it in, {@code correctionDueAt} and {@code returnComment} while it is RETURNED,
 * {@code schedule} every reminder and ladder step with the time it fires (or fired).
 */
public record TaskView(String taskId, String planTaskId, String department, String title, Instant dueAt,
        String state, Instant submittedAt, boolean late, String submissionId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Plan.Owner owner, List<TaskMaterials.MaterialView> materials,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant correctionDueAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String returnComment, List<EscalationLadder.Planned> schedule) {
}
