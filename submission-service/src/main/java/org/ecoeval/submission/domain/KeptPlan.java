package org.ecoeval.submission.domain;

import java.util.List;
import java.util.Optional;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;

/**
 * The plan version this service keeps for one evaluation, with the task instances (and due times) as
 * tracking-service expanded them. Due times are never computed here.
 */
public record KeptPlan(String evaluationId, String countyCode, int version, Plan plan, List<TaskInstance> instances) {

    public Optional<TaskInstance> instance(String instanceId) {
        if (instanceId == null) {
            return Optional.empty();
        }
        return instances.stream().filter(i -> instanceId.equals(i.id())).findFirst();
    }

    public Optional<Plan.Task> task(String taskId) {
        if (taskId == null || plan.tasks() == null) {
            return Optional.empty();
        }
        return plan.tasks().stream().filter(t -> taskId.equals(t.id())).findFirst();
    }

    /** The plan task an instance expands, by its {@code taskId} (or the part of its id before {@code #}). */
    public Optional<Plan.Task> taskOf(TaskInstance instance) {
        String taskId = instance.taskId() != null ? instance.taskId()
                : instance.id().contains("#") ? instance.id().substring(0, instance.id().indexOf('#')) : instance.id();
        return task(taskId);
    }

    public int year() {
        return plan.year();
    }

    public int comparisonYear() {
        return plan.comparisonYearOrDefault();
    }

    public boolean headApprovalRequired() {
        return plan.headApprovalRequired();
    }
}
