package org.ecoeval.tracking.domain;

import java.util.List;

import org.ecoeval.contracts.Plan;

/**
 * What a unit's own callers (department, unit-head) may see of a plan (pure): supervisors by name only (no
 * e-mail, no webhook), the head's e-mail and the task owners' contacts of their own unit only.
 */
public final class PlanPrivacy {

    public static Plan forUnit(Plan plan, String unit) {
        List<Plan.Supervisor> supervisors = plan.supervisors() == null ? null
                : plan.supervisors().stream().map(s -> new Plan.Supervisor(s.name(), null, null, null)).toList();
        List<Plan.Department> departments = plan.departments() == null ? null
                : plan.departments().stream().map(d -> d.code() != null && d.code().equals(unit) ? d
                        : new Plan.Department(d.code(), d.name(), null)).toList();
        List<Plan.Task> tasks = plan.tasks() == null ? null : plan.tasks().stream().map(t -> t.owner() == null
                || unit.equals(t.department()) ? t : withOwner(t, new Plan.Owner(t.owner().name(), null, null)))
                .toList();
        return plan.withSupervisors(supervisors).withDepartments(departments).withTasks(tasks);
    }

    private static Plan.Task withOwner(Plan.Task t, Plan.Owner owner) {
        return new Plan.Task(t.id(), t.department(), t.title(), t.indicators(), t.managementItems(), t.patches(),
                t.events(), t.due(), t.recurrence(), owner, t.materials());
    }

    private PlanPrivacy() {
    }
}
