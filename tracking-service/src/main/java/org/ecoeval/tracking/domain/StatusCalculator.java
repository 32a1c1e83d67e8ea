package org.ecoeval.tracking.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Completion per department and for the county (pure). {@code submitted} counts instances handed in
 * (SUBMITTED or ACCEPTED), {@code late} those handed in after their due time, {@code overdue} those not
 * handed in whose due time has passed; {@code completion} = submitted / total and {@code onTimeRate} =
 * onTime / submitted (null while nothing is handed in); {@code nextDueAt} is the earliest future due time
 * of an instance not handed in.
 */
public final class StatusCalculator {

    public record Unit(String code, String name) {
    }

    /**
     * {@code materialsRequired}: required materials over the unit's instances; {@code materialsProvided}: those of
     * them the latest submissions hand in (so 100 % completion with materials missing shows).
     */
    public record Row(String department, String name, int total, int submitted, int accepted, int returned,
            int onTime, int late, int overdue, BigDecimal completion, BigDecimal onTimeRate, Instant nextDueAt,
            int materialsRequired, int materialsProvided) {
    }

    public record Status(List<Row> departments, Row totals) {
    }

    public static Status compute(String countyName, List<Unit> units, List<InstanceSnapshot> instances, Instant now) {
        return compute(countyName, units, instances, i -> new int[] { 0, 0 }, now);
    }

    /** @param materials per instance: {required, provided} counts of its required materials */
    public static Status compute(String countyName, List<Unit> units, List<InstanceSnapshot> instances,
            java.util.function.Function<InstanceSnapshot, int[]> materials, Instant now) {
        Map<String, Acc> byUnit = new LinkedHashMap<>();
        for (Unit u : units) {
            byUnit.put(u.code(), new Acc(u.code(), u.name()));
        }
        Acc county = new Acc(null, countyName);
        for (InstanceSnapshot i : instances) {
            Acc acc = byUnit.computeIfAbsent(i.department(), d -> new Acc(d, d));
            int[] m = materials.apply(i);
            acc.add(i, m, now);
            county.add(i, m, now);
        }
        List<Row> rows = new ArrayList<>();
        byUnit.values().forEach(a -> rows.add(a.row()));
        return new Status(rows, county.row());
    }

    static BigDecimal ratio(int part, int whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static final class Acc {
        final String code;
        final String name;
        int total, submitted, accepted, returned, onTime, late, overdue, materialsRequired, materialsProvided;
        Instant nextDue;

        Acc(String code, String name) {
            this.code = code;
            this.name = name;
        }

        void add(InstanceSnapshot i, int[] materials, Instant now) {
            total++;
            materialsRequired += materials[0];
            materialsProvided += materials[1];
            if (i.handedIn()) {
                submitted++;
                if ("ACCEPTED".equals(i.submissionStatus())) {
                    accepted++;
                }
                if (i.late()) {
                    late++;
                } else {
                    onTime++;
                }
            } else {
                if ("RETURNED".equals(i.submissionStatus())) {
                    returned++;
                }
                if (i.overdueAt(now)) {
                    overdue++;
                } else if (nextDue == null || i.dueAt().isBefore(nextDue)) {
                    nextDue = i.dueAt();
                }
            }
        }

        Row row() {
            BigDecimal completion = total == 0 ? BigDecimal.ZERO : ratio(submitted, total);
            return new Row(code, name, total, submitted, accepted, returned, onTime, late, overdue, completion,
                    ratio(onTime, submitted), nextDue, materialsRequired, materialsProvided);
        }
    }

    private StatusCalculator() {
    }
}
