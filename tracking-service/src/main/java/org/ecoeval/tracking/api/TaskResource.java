package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.contracts.Plan;
import org.ecoeval.tracking.domain.EscalationLadder;
import org.ecoeval.tracking.domain.EscalationPolicy;
import org.ecoeval.tracking.domain.MaterialsJson;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.domain.TaskMaterials;
import org.ecoeval.tracking.domain.TaskState;
import org.ecoeval.tracking.persistence.TaskStore;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Task instances with their state; department and unit-head callers see their own unit only. */
@Path("/api/v1/evaluations/{evaluationId}/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    @Inject
    PlanService plans;

    @Inject
    TaskStore tasks;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Inject
    MaterialsJson materials;

    @GET
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD, Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(operationId = "listTasks", summary = "Task instances: taskId, department, title, dueAt, state, submittedAt, late")
    @APIResponse(responseCode = "200", description = "The task instances")
    @APIResponse(responseCode = "400", description = "state is not one of the task states")
    @APIResponse(responseCode = "404", description = "No plan of this evaluation in the caller's county")
    public List<TaskView> list(@PathParam("evaluationId") String evaluationId,
            @QueryParam("department") String department, @QueryParam("state") String state) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        TaskState wanted = parseState(state);
        PlanService.CurrentPlan plan = plans.current(evaluationId)
                .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
        String unit = department == null || department.isBlank() ? null : department;
        if (caller.isUnitScoped()) {
            String own = caller.requireDepartment();
            if (unit != null && !unit.equals(own)) {
                return List.of();
            }
            unit = own;
        }
        Duration window = plan.policy().dueSoonWindow();
        EscalationPolicy policy = plans.policy(plan);
        Map<String, Plan.Task> byId = new HashMap<>();
        plan.plan().tasks().forEach(t -> byId.put(t.id(), t));
        Instant now = clock.instant();
        return tasks.snapshots(evaluationId, unit).stream()
                .map(i -> {
                    TaskState s = TaskState.derive(i.submissionStatus(), i.dueAt(), window, now);
                    Plan.Task task = byId.get(i.taskId());
                    Instant correctionDueAt = s == TaskState.RETURNED ? i.correctionDueAt() : null;
                    return new TaskView(i.instanceId(), i.taskId(), i.department(), i.title(), i.dueAt(), s.name(),
                            i.submittedAt(), i.late(), i.submissionId(), task == null ? null : task.owner(),
                            TaskMaterials.of(task, materials.read(i.materials())), correctionDueAt,
                            s == TaskState.RETURNED ? i.comment() : null,
                            EscalationLadder.schedule(policy, i.dueAt(), correctionDueAt));
                })
                .filter(v -> wanted == null || v.state().equals(wanted.name()))
                .toList();
    }

    static TaskState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return TaskState.valueOf(state.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("state", "one-of",
                    "state must be one of " + Arrays.toString(TaskState.values()));
        }
    }
}
