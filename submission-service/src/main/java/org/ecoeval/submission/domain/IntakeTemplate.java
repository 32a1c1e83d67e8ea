package org.ecoeval.submission.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ecoeval.contracts.Indicator;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.TaskInstance;

/**
 * What a unit owes as values (pure): one row per task instance of the unit, indicator the task lists and year
 * (the comparison year, then the evaluation year), in plan order. The import template is these rows.
 */
public record IntakeTemplate(String evaluationId, String unit, List<Integer> years, List<Row> rows) {

    public record Row(String task, String title, Indicator indicator, int year) {
    }

    public static IntakeTemplate of(KeptPlan plan, String unit) {
        List<Integer> years = plan.comparisonYear() == plan.year() ? List.of(plan.year())
                : List.of(plan.comparisonYear(), plan.year());
        List<Row> rows = new ArrayList<>();
        for (TaskInstance instance : plan.instances()) {
            if (!unit.equals(instance.department())) {
                continue;
            }
            Plan.Task task = plan.taskOf(instance).orElse(null);
            if (task == null) {
                continue;
            }
            for (String code : task.indicatorsOrEmpty()) {
                Indicator indicator = IndicatorCatalogue.indicator(code).orElse(null);
                if (indicator == null) {
                    continue;
                }
                for (int year : years) {
                    rows.add(new Row(instance.id(), instance.title() != null ? instance.title() : task.title(),
                            indicator, year));
                }
            }
        }
        return new IntakeTemplate(plan.evaluationId(), unit, years, List.copyOf(rows));
    }

    /** The task instance ids of the rows, in order, each once (the drop-down of the task column). */
    public List<String> tasks() {
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> ids.add(r.task()));
        return List.copyOf(ids);
    }

    /** The indicator codes of the rows, each once (the drop-down of the indicator column). */
    public List<String> indicators() {
        Set<String> codes = new LinkedHashSet<>();
        rows.forEach(r -> codes.add(r.indicator().code()));
        return List.copyOf(codes);
    }
}
