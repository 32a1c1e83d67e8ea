package org.ecoeval.submission.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.ecoeval.contracts.Indicator;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.platform.problem.Violation;

/**
 * The rules a submission version must keep (architecture.md, methodology.md), checked all at once so that one
 * answer lists every violation with its field path and rule name. Pure: the evidence lookup is passed in.
 */
public final class SubmissionRules {
    public static final int NOTE_MAX = 4000;
    public static final int ID_MAX = 100;
    public static final int EVIDENCE_MAX = 100;

    /** What the rules need to know of an evidence file referenced by id; {@code type} its sniffed type (PDF, …). */
    public record EvidenceRef(String evaluationId, String department, String type) {

        public EvidenceRef(String evaluationId, String department) {
            this(evaluationId, department, null);
        }
    }

    /** The outcome: violations, or the task instance, its task and the content to store. */
    public record Outcome(List<Violation> violations, TaskInstance instance, Plan.Task task, VersionContent content) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    private SubmissionRules() {
    }

    /**
     * @param fixedTask for a new version, the submission's task instance (the body may repeat it or leave it
     *                  out); null for a new submission.
     */
    public static Outcome check(KeptPlan plan, String unit, SubmissionDraft draft, String fixedTask,
            Function<String, Optional<EvidenceRef>> evidenceLookup) {
        List<Violation> out = new ArrayList<>();
        if (draft == null) {
            out.add(new Violation("$", "required", "a JSON body is required"));
            return new Outcome(out, null, null, null);
        }
        String taskId = draft.task();
        if (fixedTask != null) {
            if (taskId != null && !taskId.equals(fixedTask)) {
                out.add(new Violation("task", "immutable",
                        "a new version is for the same task instance '" + fixedTask + "'"));
            }
            taskId = fixedTask;
        }
        TaskInstance instance = null;
        Plan.Task task = null;
        if (taskId == null || taskId.isBlank()) {
            out.add(new Violation("task", "required", "the task instance id is required"));
        } else {
            instance = plan.instance(taskId).orElse(null);
            if (instance == null) {
                out.add(new Violation("task", "unknown-task",
                        "the plan of " + plan.evaluationId() + " has no task instance '" + taskId + "'"));
            } else if (!unit.equals(instance.department())) {
                out.add(new Violation("task", "own-unit",
                        "task instance '" + taskId + "' belongs to another unit, not to " + unit));
                instance = null;
            } else {
                task = plan.taskOf(instance).orElse(null);
                if (task == null) {
                    out.add(new Violation("task", "unknown-task",
                            "the plan has no task for instance '" + taskId + "'"));
                    instance = null;
                }
            }
        }

        List<IndicatorValue> values = checkValues(plan, task, draft.valuesOrEmpty(), out);
        List<Patch> patches = checkPatches(task, draft.patches(), out);
        List<EnvironmentalEvent> events = checkEvents(plan, task, draft.events(), out);
        Set<String> referenced = new HashSet<>();
        List<String> evidence = checkEvidence(plan, unit, draft.evidenceOrEmpty(), evidenceLookup, referenced, out);
        Map<String, List<String>> materials = checkMaterials(plan, unit, task, draft.materialsOrEmpty(),
                evidenceLookup, referenced, out);
        if (draft.note() != null && draft.note().length() > NOTE_MAX) {
            out.add(new Violation("note", "length", "the note is longer than " + NOTE_MAX + " characters"));
        }
        if (!out.isEmpty()) {
            return new Outcome(List.copyOf(out), instance, task, null);
        }
        List<String> allEvidence = new ArrayList<>(evidence);
        materials.values().forEach(allEvidence::addAll);
        return new Outcome(List.of(), instance, task, new VersionContent(values, patches, events, allEvidence,
                draft.note(), materials));
    }

    private static List<IndicatorValue> checkValues(KeptPlan plan, Plan.Task task, List<SubmissionDraft.Value> drafts,
            List<Violation> out) {
        List<IndicatorValue> values = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "values[" + i + "]";
            SubmissionDraft.Value v = drafts.get(i);
            if (v == null) {
                out.add(new Violation(at, "required", "a value must be an object"));
                continue;
            }
            boolean ok = true;
            Optional<Indicator> indicator = IndicatorCatalogue.indicator(v.indicator());
            if (v.indicator() == null || v.indicator().isBlank()) {
                out.add(new Violation(at + ".indicator", "required", "the indicator code is required"));
                ok = false;
            } else if (indicator.isEmpty()) {
                out.add(new Violation(at + ".indicator", "unknown-indicator",
                        "'" + v.indicator() + "' is not an indicator code of the catalogue"));
                ok = false;
            } else if (task != null && !task.indicatorsOrEmpty().contains(v.indicator())) {
                out.add(new Violation(at + ".indicator", "task-indicator",
                        "task '" + task.id() + "' does not list indicator " + v.indicator()
                                + (task.indicatorsOrEmpty().isEmpty() ? " (it lists none)"
                                        : " (it lists " + task.indicatorsOrEmpty() + ")")));
                ok = false;
            }
            if (v.year() == null) {
                out.add(new Violation(at + ".year", "required", "the year is required"));
                ok = false;
            } else if (v.year() != plan.year() && v.year() != plan.comparisonYear()) {
                out.add(new Violation(at + ".year", "year", "the year must be the evaluation year " + plan.year()
                        + " or the comparison year " + plan.comparisonYear()));
                ok = false;
            }
            if (v.value() == null) {
                out.add(new Violation(at + ".value", "required", "the value is required"));
                ok = false;
            } else if (indicator.isPresent() && !indicator.get().admits(v.value())) {
                Indicator ind = indicator.get();
                out.add(new Violation(at + ".value", "range", v.value().toPlainString() + " is outside the range of "
                        + ind.code() + ": " + ind.min().toPlainString() + "–" + ind.max().toPlainString()
                        + " " + ind.unit()));
                ok = false;
            }
            if (v.indicator() != null && v.year() != null) {
                String key = v.indicator() + "@" + v.year();
                Integer first = seen.putIfAbsent(key, i);
                if (first != null) {
                    out.add(new Violation(at, "duplicate", v.indicator() + " for " + v.year()
                            + " is already given at values[" + first + "]"));
                    ok = false;
                }
            }
            if (ok) {
                values.add(new IndicatorValue(v.indicator(), v.year(), v.value()));
            }
        }
        return values;
    }

    private static List<Patch> checkPatches(Plan.Task task, List<SubmissionDraft.PatchDraft> drafts,
            List<Violation> out) {
        List<Patch> patches = new ArrayList<>();
        if (drafts == null || drafts.isEmpty()) {
            return patches;
        }
        if (task != null && !task.acceptsPatches()) {
            out.add(new Violation("patches", "not-allowed", "task '" + task.id() + "' does not take patches"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "patches[" + i + "]";
            SubmissionDraft.PatchDraft p = drafts.get(i);
            if (p == null) {
                out.add(new Violation(at, "required", "a patch must be an object"));
                continue;
            }
            boolean ok = true;
            if (p.patchId() == null || p.patchId().isBlank()) {
                out.add(new Violation(at + ".patchId", "required", "the patch id is required"));
                ok = false;
            } else if (p.patchId().length() > ID_MAX) {
                out.add(new Violation(at + ".patchId", "length", "the patch id is longer than " + ID_MAX));
                ok = false;
            } else if (!ids.add(p.patchId())) {
                out.add(new Violation(at + ".patchId", "duplicate", "patch '" + p.patchId() + "' is given twice"));
                ok = false;
            }
            if (p.areaKm2() == null) {
                out.add(new Violation(at + ".areaKm2", "required", "the area in km² is required"));
                ok = false;
            } else if (p.areaKm2().signum() <= 0) {
                out.add(new Violation(at + ".areaKm2", "positive", "the area must be greater than 0"));
                ok = false;
            }
            PatchDirection direction = enumOf(PatchDirection.class, p.direction());
            if (p.direction() == null) {
                out.add(new Violation(at + ".direction", "required", "the direction is required"));
                ok = false;
            } else if (direction == null) {
                out.add(new Violation(at + ".direction", "enum",
                        "the direction must be one of " + Arrays.toString(PatchDirection.values())));
                ok = false;
            }
            if (p.changeType() != null && p.changeType().length() > 200) {
                out.add(new Violation(at + ".changeType", "length", "the change type is longer than 200"));
                ok = false;
            }
            if (p.verified() == null) {
                out.add(new Violation(at + ".verified", "required", "whether the patch is verified is required"));
                ok = false;
            }
            if (ok) {
                patches.add(new Patch(p.patchId(), p.areaKm2(), direction, p.changeType(), p.verified()));
            }
        }
        return patches;
    }

    private static List<EnvironmentalEvent> checkEvents(KeptPlan plan, Plan.Task task,
            List<SubmissionDraft.EventDraft> drafts, List<Violation> out) {
        List<EnvironmentalEvent> events = new ArrayList<>();
        if (drafts == null || drafts.isEmpty()) {
            return events;
        }
        if (task != null && !task.acceptsEvents()) {
            out.add(new Violation("events", "not-allowed", "task '" + task.id() + "' does not take events"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "events[" + i + "]";
            SubmissionDraft.EventDraft e = drafts.get(i);
            if (e == null) {
                out.add(new Violation(at, "required", "an event must be an object"));
                continue;
            }
            boolean ok = true;
            if (e.eventId() == null || e.eventId().isBlank()) {
                out.add(new Violation(at + ".eventId", "required", "the event id is required"));
                ok = false;
            } else if (e.eventId().length() > ID_MAX) {
                out.add(new Violation(at + ".eventId", "length", "the event id is longer than " + ID_MAX));
                ok = false;
            } else if (!ids.add(e.eventId())) {
                out.add(new Violation(at + ".eventId", "duplicate", "event '" + e.eventId() + "' is given twice"));
                ok = false;
            }
            EventKind kind = enumOf(EventKind.class, e.kind());
            if (e.kind() == null) {
                out.add(new Violation(at + ".kind", "required", "the kind is required"));
                ok = false;
            } else if (kind == null) {
                out.add(new Violation(at + ".kind", "enum",
                        "the kind must be one of " + Arrays.toString(EventKind.values())));
                ok = false;
            }
            Severity severity = enumOf(Severity.class, e.severity());
            if (e.severity() != null && severity == null) {
                out.add(new Violation(at + ".severity", "enum",
                        "the severity must be one of " + Arrays.toString(Severity.values())));
                ok = false;
            } else if (kind == EventKind.ENVIRONMENTAL_EMERGENCY && severity == null) {
                out.add(new Violation(at + ".severity", "required",
                        "an environmental emergency needs its severity"));
                ok = false;
            } else if (kind == EventKind.ECOLOGICAL_PROBLEM && severity != null) {
                out.add(new Violation(at + ".severity", "not-allowed",
                        "an ecological problem carries no severity"));
                ok = false;
            }
            LocalDate occurredOn = null;
            if (e.occurredOn() == null || e.occurredOn().isBlank()) {
                out.add(new Violation(at + ".occurredOn", "required", "the date of the event is required"));
                ok = false;
            } else {
                try {
                    occurredOn = LocalDate.parse(e.occurredOn());
                    if (occurredOn.getYear() != plan.year()) {
                        out.add(new Violation(at + ".occurredOn", "year",
                                "the event must have occurred in the evaluation year " + plan.year()));
                        ok = false;
                    }
                } catch (DateTimeParseException ex) {
                    out.add(new Violation(at + ".occurredOn", "date", "the date must be ISO-8601, e.g. 2024-06-02"));
                    ok = false;
                }
            }
            if (ok) {
                events.add(new EnvironmentalEvent(e.eventId(), kind, severity, occurredOn));
            }
        }
        return events;
    }

    private static List<String> checkEvidence(KeptPlan plan, String unit, List<String> ids,
            Function<String, Optional<EvidenceRef>> lookup, Set<String> seen, List<Violation> out) {
        List<String> evidence = new ArrayList<>();
        if (ids.size() > EVIDENCE_MAX) {
            out.add(new Violation("evidence", "size", "at most " + EVIDENCE_MAX + " evidence files per version"));
            return evidence;
        }
        for (int i = 0; i < ids.size(); i++) {
            String at = "evidence[" + i + "]";
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                out.add(new Violation(at, "required", "an evidence id is required"));
                continue;
            }
            if (!seen.add(id)) {
                out.add(new Violation(at, "duplicate", "evidence '" + id + "' is referenced twice"));
                continue;
            }
            Optional<EvidenceRef> ref = lookup.apply(id);
            // Another unit's file is reported exactly like a missing one: it is never revealed.
            if (ref.isEmpty() || !unit.equals(ref.get().department())
                    || !plan.evaluationId().equals(ref.get().evaluationId())) {
                out.add(new Violation(at, "evidence", "no evidence file '" + id + "' of unit " + unit + " in "
                        + plan.evaluationId()));
                continue;
            }
            evidence.add(id);
        }
        return evidence;
    }

    /** Whether a submission in this status takes a new version (PUT, or a revising import): not once accepted. */
    public static boolean takesNewVersion(org.ecoeval.contracts.SubmissionStatus status) {
        return status != org.ecoeval.contracts.SubmissionStatus.ACCEPTED;
    }

    /**
     * Evidence per material: each code must be one of the task's materials, each file the unit's own, referenced
     * once in the whole submission and of a type the material allows; every required material needs a file (one
     * violation per missing material, {@code materials.<code>} / {@code material-missing}).
     */
    private static Map<String, List<String>> checkMaterials(KeptPlan plan, String unit, Plan.Task task,
            Map<String, List<String>> given, Function<String, Optional<EvidenceRef>> lookup, Set<String> seen,
            List<Violation> out) {
        Map<String, List<String>> accepted = new java.util.LinkedHashMap<>();
        Map<String, Plan.Material> byCode = new HashMap<>();
        if (task != null) {
            task.materialsOrEmpty().forEach(m -> byCode.put(m.code(), m));
        }
        int files = given.values().stream().mapToInt(l -> l == null ? 0 : l.size()).sum();
        if (files + seen.size() > EVIDENCE_MAX) {
            out.add(new Violation("materials", "size", "at most " + EVIDENCE_MAX + " evidence files per version"));
            return accepted;
        }
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String code = e.getKey();
            String at = "materials." + code;
            Plan.Material material = byCode.get(code);
            if (task != null && material == null) {
                out.add(new Violation(at, "unknown-material", "task '" + task.id() + "' has no material '" + code
                        + "'" + (byCode.isEmpty() ? " (it names none)" : " (it names " + byCode.keySet().stream()
                                .sorted().toList() + ")")));
                continue;
            }
            List<String> ids = e.getValue() == null ? List.of() : e.getValue();
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String fileAt = at + "[" + i + "]";
                if (id == null || id.isBlank()) {
                    out.add(new Violation(fileAt, "required", "an evidence id is required"));
                    continue;
                }
                if (!seen.add(id)) {
                    out.add(new Violation(fileAt, "duplicate", "evidence '" + id
                            + "' is referenced twice in this submission"));
                    continue;
                }
                Optional<EvidenceRef> ref = lookup.apply(id);
                if (ref.isEmpty() || !unit.equals(ref.get().department())
                        || !plan.evaluationId().equals(ref.get().evaluationId())) {
                    out.add(new Violation(fileAt, "evidence", "no evidence file '" + id + "' of unit " + unit + " in "
                            + plan.evaluationId()));
                    continue;
                }
                if (material != null && !material.typesOrEmpty().isEmpty()
                        && !material.typesOrEmpty().contains(ref.get().type())) {
                    out.add(new Violation(at, "material-type", "evidence '" + id + "' is "
                            + (ref.get().type() == null ? "of no recognised type" : ref.get().type()) + "; material "
                            + code + " takes " + material.typesOrEmpty()));
                    continue;
                }
                kept.add(id);
            }
            if (!kept.isEmpty()) {
                accepted.put(code, List.copyOf(kept));
            }
        }
        if (task != null) {
            for (Plan.Material m : task.materialsOrEmpty()) {
                List<String> ids = given.get(m.code());
                if (m.isRequired() && (ids == null || ids.isEmpty())) {
                    out.add(new Violation("materials." + m.code(), "material-missing", "required material "
                            + m.code() + " (" + m.name() + ") has no file"));
                }
            }
        }
        return accepted;
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        return null;
    }

    /** Management scores of a review: only the task's items, each in [−1, 1]. */
    public static List<Violation> checkManagementScores(Plan.Task task, Map<String, BigDecimal> scores) {
        List<Violation> out = new ArrayList<>();
        if (scores == null) {
            return out;
        }
        for (var e : scores.entrySet()) {
            String at = "managementScores." + e.getKey();
            if (IndicatorCatalogue.managementItem(e.getKey()).isEmpty()) {
                out.add(new Violation(at, "unknown-item", "'" + e.getKey() + "' is not a management item"));
            } else if (task == null || !task.managementItemsOrEmpty().contains(e.getKey())) {
                out.add(new Violation(at, "task-item", "the task does not list management item " + e.getKey()
                        + (task == null ? "" : " (it lists " + task.managementItemsOrEmpty() + ")")));
            }
            if (e.getValue() == null) {
                out.add(new Violation(at, "required", "a score is required"));
            } else if (e.getValue().compareTo(IndicatorCatalogue.MANAGEMENT_SCORE_MIN) < 0
                    || e.getValue().compareTo(IndicatorCatalogue.MANAGEMENT_SCORE_MAX) > 0) {
                out.add(new Violation(at, "range", e.getValue().toPlainString() + " is outside [-1, 1]"));
            }
        }
        return out;
    }
}
