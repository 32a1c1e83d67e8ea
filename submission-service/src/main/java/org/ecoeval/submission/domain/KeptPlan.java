package org.ecoeval.submission.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;

/**
 * The plan version this service keeps for one evaluation, with the task instances (and due times) as
 * tracking-service expanded them. Due times are never computed here.
 *
 * <p>Kept parsed per version and read by every submission: instances and tasks are looked up by id in maps built
 * once, not by scanning a county's thousands of instances on each request.
 */
public record KeptPlan(String evaluationId, String countyCode, int version, Plan plan, List<TaskInstance> instances,
        Map<String, TaskInstance> instancesById, Map<String, Plan.Task> tasksById) {

    public KeptPlan(String evaluationId, String countyCode, int version, Plan plan, List<TaskInstance> instances) {
        this(evaluationId, countyCode, version, plan, instances, byId(instances, TaskInstance::id),
                byId(plan.tasks() == null ? List.of() : plan.tasks(), Plan.Task::id));
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> map = new HashMap<>();
        for (T item : items) {
            if (item != null && id.apply(item) != null) {
                map.putIfAbsent(id.apply(item), item); // the first of a duplicated id, as a scan would find
            }
        }
        return Map.copyOf(map);
    }

    public Optional<TaskInstance> instance(String instanceId) {
        return instanceId == null ? Optional.empty() : Optional.ofNullable(instancesById.get(instanceId));
    }

    public Optional<Plan.Task> task(String taskId) {
        return taskId == null ? Optional.empty() : Optional.ofNullable(tasksById.get(taskId));
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
