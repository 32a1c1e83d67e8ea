package org.ecoeval.tracking.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The department performance ledger for the annual assessment (pure): per unit, how many task instances
 * were handed in on time, late, never (past due and not handed in) and are still pending (not yet due).
 */
public final class Ledger {

    public enum Outcome { ON_TIME, LATE, NOT_DONE, PENDING }

    public record Entry(String taskId, String title, Instant dueAt, Outcome outcome, String state,
            Instant submittedAt) {
    }

    /** {@code returns}: how often the unit's submissions were returned for correction, over all its tasks. */
    public record Row(String department, String name, int total, int onTime, int late, int notDone, int pending,
            java.math.BigDecimal onTimeRate, List<Entry> tasks, int returns) {
    }

    public static Outcome outcome(InstanceSnapshot i, Instant now) {
        if (i.handedIn()) {
            return i.late() ? Outcome.LATE : Outcome.ON_TIME;
        }
        return now.isBefore(i.dueAt()) ? Outcome.PENDING : Outcome.NOT_DONE;
    }

    public static List<Row> compute(List<StatusCalculator.Unit> units, List<InstanceSnapshot> instances,
            java.time.Duration dueSoonWindow, Instant now) {
        Map<String, List<InstanceSnapshot>> byUnit = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (StatusCalculator.Unit u : units) {
            byUnit.put(u.code(), new ArrayList<>());
            names.put(u.code(), u.name());
        }
        for (InstanceSnapshot i : instances) {
            byUnit.computeIfAbsent(i.department(), d -> new ArrayList<>()).add(i);
        }
        List<Row> rows = new ArrayList<>();
        byUnit.forEach((code, list) -> {
            int onTime = 0, late = 0, notDone = 0, pending = 0, returns = 0;
            List<Entry> entries = new ArrayList<>();
            for (InstanceSnapshot i : list) {
                Outcome o = outcome(i, now);
                returns += i.returns();
                switch (o) {
                    case ON_TIME -> onTime++;
                    case LATE -> late++;
                    case NOT_DONE -> notDone++;
                    case PENDING -> pending++;
                }
                entries.add(new Entry(i.instanceId(), i.title(), i.dueAt(), o,
                        TaskState.derive(i.submissionStatus(), i.dueAt(), dueSoonWindow, now).name(), i.submittedAt()));
            }
            rows.add(new Row(code, names.getOrDefault(code, code), list.size(), onTime, late, notDone, pending,
                    StatusCalculator.ratio(onTime, onTime + late), entries, returns));
        });
        return rows;
    }

    private Ledger() {
    }
}
