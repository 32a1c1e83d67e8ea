package org.ecoeval.tracking.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.Plan;

/** A task's materials against what its latest submission handed in (pure). */
public final class TaskMaterials {

    /** One material of a task view: {@code provided} when the latest version attaches at least one file to it. */
    public record MaterialView(String code, String name, boolean required, boolean provided, List<String> evidence) {
    }

    public static List<MaterialView> of(Plan.Task task, Map<String, List<String>> provided) {
        List<MaterialView> out = new ArrayList<>();
        if (task == null) {
            return out;
        }
        for (Plan.Material m : task.materialsOrEmpty()) {
            List<String> files = provided == null ? List.of() : provided.getOrDefault(m.code(), List.of());
            out.add(new MaterialView(m.code(), m.name(), m.isRequired(), !files.isEmpty(), List.copyOf(files)));
        }
        return out;
    }

    /** Names of the required materials not yet handed in. */
    public static List<String> missingRequired(Plan.Task task, Map<String, List<String>> provided) {
        return of(task, provided).stream().filter(m -> m.required() && !m.provided()).map(MaterialView::name).toList();
    }

    private TaskMaterials() {
    }
}
