package org.ecoeval.tracking.domain;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.ecoeval.contracts.AlertRaised.Level;
import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.Methodologies;
import org.ecoeval.contracts.Plan;
import org.ecoeval.platform.problem.Violation;

/**
 * Every rule a plan must keep, checked at once (pure): the caller answers 422 with all violations, each
 * naming its field path ({@code tasks[3].department}) and rule ({@code unknown-department}).
 */
public final class PlanValidator {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> RECURRENCES = Set.of(DeadlineCalendar.QUARTERLY);
    private static final Set<String> CALENDARS = Set.of("CN");
    private static final Set<String> LADDER_LEVELS = Set.of(Level.OVERDUE.name(), Level.ESCALATED.name());

    private final List<Violation> violations = new ArrayList<>();

    public static List<Violation> validate(String evaluationId, Plan plan) {
        PlanValidator v = new PlanValidator();
        v.check(evaluationId, plan);
        return List.copyOf(v.violations);
    }

    private void add(String field, String rule, String message) {
        violations.add(new Violation(field, rule, message));
    }

    private boolean required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(field, "required", field + " is required");
            return false;
        }
        return true;
    }

    private void check(String evaluationId, Plan plan) {
        EvaluationId id = null;
        if (!EvaluationId.isWellFormed(evaluationId)) {
            add("evaluationId", "format", "the evaluation id must be {6-digit county code}-{year}, e.g. 150425-2024");
        } else {
            id = EvaluationId.parse(evaluationId);
        }
        if (plan == null) {
            add("$", "required", "a plan body is required");
            return;
        }
        checkCounty(plan.county(), id);
        if (required("year", plan.year()) && id != null && plan.year() != id.year()) {
            add("year", "matches-evaluation", "year " + plan.year() + " differs from the evaluation's year " + id.year());
        }
        if (plan.comparisonYear() != null && plan.year() != null && plan.comparisonYear() >= plan.year()) {
            add("comparisonYear", "before-year", "the comparison year must come before the evaluation year");
        }
        if (required("methodology", plan.methodology()) && !Methodologies.isKnown(plan.methodology())) {
            add("methodology", "unknown-methodology",
                    "unknown methodology '" + plan.methodology() + "'; known: " + Methodologies.versions());
        }
        ZoneId zone = null;
        if (required("timeZone", plan.timeZone())) {
            zone = DeadlineCalendar.zone(plan.timeZone()).orElse(null);
            if (zone == null) {
                add("timeZone", "time-zone", "'" + plan.timeZone() + "' is not a time zone id such as Asia/Shanghai");
            }
        }
        if (plan.calendar() != null && !CALENDARS.contains(plan.calendar())) {
            add("calendar", "one-of", "calendar must be one of " + CALENDARS);
        }
        if (plan.dueOnNonWorkingDay() != null && Arrays.stream(Plan.DueOnNonWorkingDay.values())
                .noneMatch(d -> d.name().equals(plan.dueOnNonWorkingDay()))) {
            add("dueOnNonWorkingDay", "one-of",
                    "dueOnNonWorkingDay must be one of " + Arrays.toString(Plan.DueOnNonWorkingDay.values()));
        }
        Set<String> departments = checkDepartments(plan.departments());
        Set<String> supervisors = checkSupervisors(plan.supervisors());
        checkTasks(plan, departments, zone);
        checkEscalation(plan.escalation(), supervisors);
    }

    private void checkCounty(Plan.County county, EvaluationId id) {
        if (!required("county", county)) {
            return;
        }
        if (required("county.code", county.code()) && id != null && !county.code().equals(id.countyCode())) {
            add("county.code", "matches-evaluation",
                    "county code " + county.code() + " differs from the evaluation's county " + id.countyCode());
        }
        required("county.name", county.name());
        if (county.areaKm2() != null && county.areaKm2().compareTo(BigDecimal.ZERO) <= 0) {
            add("county.areaKm2", "positive", "the county area must be positive");
        }
        if (required("county.functionType", county.functionType())
                && Arrays.stream(Plan.FunctionType.values()).noneMatch(f -> f.name().equals(county.functionType()))) {
            add("county.functionType", "one-of",
                    "functionType must be one of " + Arrays.toString(Plan.FunctionType.values()));
        }
    }

    private Set<String> checkDepartments(List<Plan.Department> list) {
        Set<String> codes = new HashSet<>();
        if (list == null || list.isEmpty()) {
            add("departments", "required", "at least one department is required");
            return codes;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "departments[" + i + "]";
            Plan.Department d = list.get(i);
            if (d == null) {
                add(at, "required", at + " is null");
                continue;
            }
            if (required(at + ".code", d.code())) {
                if (!CODE.matcher(d.code()).matches()) {
                    add(at + ".code", "format", "a unit code is letters, digits, '_', '.' or '-' (at most 64)");
                }
                if (!codes.add(d.code())) {
                    add(at + ".code", "unique", "department code " + d.code() + " appears more than once");
                }
            }
            required(at + ".name", d.name());
            if (d.headEmail() != null && !EMAIL.matcher(d.headEmail()).matches()) {
                add(at + ".headEmail", "email", "'" + d.headEmail() + "' is not an e-mail address");
            }
        }
        return codes;
    }

    private Set<String> checkSupervisors(List<Plan.Supervisor> list) {
        Set<String> names = new HashSet<>();
        if (list == null) {
            return names;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "supervisors[" + i + "]";
            Plan.Supervisor s = list.get(i);
            if (s == null) {
                add(at, "required", at + " is null");
                continue;
            }
            if (required(at + ".name", s.name())) {
                names.add(s.name());
            }
            if (isBlank(s.email()) && isBlank(s.webhookUrl())) {
                add(at, "contact", "a supervisor needs an email or a webhookUrl to be alerted through");
            }
            if (!isBlank(s.email()) && !EMAIL.matcher(s.email()).matches()) {
                add(at + ".email", "email", "'" + s.email() + "' is not an e-mail address");
            }
            if (!isBlank(s.webhookUrl()) && !isHttpUrl(s.webhookUrl())) {
                add(at + ".webhookUrl", "url", "the webhook URL must be an absolute http or https URL");
            }
            if (!isBlank(s.webhookSecret()) && isBlank(s.webhookUrl())) {
                add(at + ".webhookSecret", "needs-webhook", "a webhook secret is only meaningful with a webhookUrl");
            }
        }
        return names;
    }

    private void checkTasks(Plan plan, Set<String> departments, ZoneId zone) {
        List<Plan.Task> tasks = plan.tasks();
        if (tasks == null || tasks.isEmpty()) {
            add("tasks", "required", "at least one task is required");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            String at = "tasks[" + i + "]";
            Plan.Task t = tasks.get(i);
            if (t == null) {
                add(at, "required", at + " is null");
                continue;
            }
            if (required(at + ".id", t.id())) {
                if (!TASK_ID.matcher(t.id()).matches()) {
                    add(at + ".id", "format",
                            "a task id is letters, digits, '_', '.' or '-' (at most 128; '#' is kept for instances)");
                }
                if (!ids.add(t.id())) {
                    add(at + ".id", "unique", "task id " + t.id() + " appears more than once");
                }
            }
            if (required(at + ".department", t.department()) && !departments.contains(t.department())) {
                add(at + ".department", "unknown-department",
                        "department " + t.department() + " is not one of the plan's departments");
            }
            required(at + ".title", t.title());
            checkCodes(at + ".indicators", t.indicators(), true);
            checkCodes(at + ".managementItems", t.managementItems(), false);
            checkOwner(at + ".owner", t.owner());
            checkMaterials(at + ".materials", t.materials());
            if (t.recurrence() != null && !RECURRENCES.contains(t.recurrence())) {
                add(at + ".recurrence", "one-of", "recurrence must be one of " + RECURRENCES);
            }
            boolean recurring = DeadlineCalendar.QUARTERLY.equals(t.recurrence());
            if (!recurring && !required(at + ".due", t.due())) {
                continue;
            }
            if (!isBlank(t.due()) && zone != null) {
                Optional<Instant> due = DeadlineCalendar.dueInstant(t.due(), zone);
                if (due.isEmpty()) {
                    add(at + ".due", "due-format",
                            "due must be a date (2024-10-20) or an ISO date-time with offset (2024-10-20T18:00+08:00)");
                } else if (plan.year() != null) {
                    // the day the deadline falls on, locally (24:00 belongs to the day it ends)
                    int localYear = due.get().minusNanos(1).atZone(zone).getYear();
                    if (localYear < plan.year() - 1 || localYear > plan.year() + 1) {
                        add(at + ".due", "due-range", "due " + t.due() + " lies outside the evaluation year "
                                + plan.year() + " ± 1");
                    }
                }
            }
        }
    }

    private void checkCodes(String field, List<String> codes, boolean indicators) {
        if (codes == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < codes.size(); j++) {
            String code = codes.get(j);
            String at = field + "[" + j + "]";
            if (isBlank(code)) {
                add(at, "required", at + " is empty");
                continue;
            }
            boolean known = indicators ? IndicatorCatalogue.indicator(code).isPresent()
                    : IndicatorCatalogue.managementItem(code).isPresent();
            if (!known) {
                add(at, indicators ? "unknown-indicator" : "unknown-management-item",
                        (indicators ? "indicator " : "management item ") + code + " is not in the catalogue");
            }
            if (!seen.add(code)) {
                add(at, "unique", code + " is listed more than once");
            }
        }
    }

    private void checkOwner(String at, Plan.Owner owner) {
        if (owner == null) {
            return;
        }
        required(at + ".name", owner.name());
        if (!isBlank(owner.email()) && !EMAIL.matcher(owner.email()).matches()) {
            add(at + ".email", "email", "'" + owner.email() + "' is not an e-mail address");
        }
    }

    private void checkMaterials(String field, List<Plan.Material> materials) {
        if (materials == null) {
            return;
        }
        Set<String> codes = new HashSet<>();
        for (int j = 0; j < materials.size(); j++) {
            String at = field + "[" + j + "]";
            Plan.Material m = materials.get(j);
            if (m == null) {
                add(at, "required", at + " is null");
                continue;
            }
            if (required(at + ".code", m.code())) {
                if (!CODE.matcher(m.code()).matches()) {
                    add(at + ".code", "format", "a material code is letters, digits, '_', '.' or '-' (at most 64)");
                }
                if (!codes.add(m.code())) {
                    add(at + ".code", "unique", "material code " + m.code() + " appears more than once in the task");
                }
            }
            required(at + ".name", m.name());
            List<String> types = m.typesOrEmpty();
            for (int k = 0; k < types.size(); k++) {
                String type = types.get(k);
                if (Arrays.stream(Plan.MaterialType.values()).noneMatch(t -> t.name().equals(type))) {
                    add(at + ".types[" + k + "]", "unknown-type", "'" + type + "' is not one of "
                            + Arrays.toString(Plan.MaterialType.values()));
                }
            }
        }
    }

    private void checkEscalation(Plan.Escalation escalation, Set<String> supervisors) {
        if (escalation == null) {
            return;
        }
        checkDurations("escalation.remindBefore", escalation.remindBefore(), false);
        checkDurations("escalation.escalateAfter", escalation.escalateAfter(), true);
        if (escalation.ladder() != null) {
            checkLadder(escalation.ladder(), supervisors);
        }
        if (escalation.correctionWithin() != null) {
            Optional<Duration> d = EscalationPolicy.parse(escalation.correctionWithin());
            if (d.isEmpty()) {
                add("escalation.correctionWithin", "duration",
                        "'" + escalation.correctionWithin() + "' is not an ISO-8601 duration such as P5D");
            } else if (d.get().isNegative() || d.get().isZero()) {
                add("escalation.correctionWithin", "positive", "a correction needs a positive time to come back");
            }
        }
    }

    private void checkLadder(List<Plan.LadderStep> ladder, Set<String> supervisors) {
        if (ladder.isEmpty()) {
            add("escalation.ladder", "required", "a ladder needs at least one step (or leave it out)");
            return;
        }
        Duration previous = null;
        for (int i = 0; i < ladder.size(); i++) {
            String at = "escalation.ladder[" + i + "]";
            Plan.LadderStep step = ladder.get(i);
            if (step == null) {
                add(at, "required", at + " is null");
                continue;
            }
            if (required(at + ".after", step.after())) {
                Optional<Duration> d = EscalationPolicy.parse(step.after());
                if (d.isEmpty()) {
                    add(at + ".after", "duration", "'" + step.after() + "' is not an ISO-8601 duration such as P2D");
                } else if (d.get().isNegative()) {
                    add(at + ".after", "non-negative", "a step counts from the due time and cannot be negative");
                } else {
                    if (previous != null && d.get().compareTo(previous) <= 0) {
                        add(at + ".after", "ascending", "ladder steps must come in order: " + step.after()
                                + " after " + previous);
                    }
                    previous = d.get();
                }
            }
            if (required(at + ".level", step.level()) && !LADDER_LEVELS.contains(step.level())) {
                add(at + ".level", "one-of", "a ladder step's level is one of " + LADDER_LEVELS);
            }
            if (step.recipients() == null || step.recipients().isEmpty()) {
                add(at + ".notify", "required", "a step must notify someone: @owner, @head or a supervisor's name");
                continue;
            }
            for (int k = 0; k < step.recipients().size(); k++) {
                String who = step.recipients().get(k);
                if (isBlank(who)) {
                    add(at + ".notify[" + k + "]", "required", "a recipient is required");
                } else if (!who.equals(EscalationPolicy.OWNER) && !who.equals(EscalationPolicy.HEAD)
                        && !supervisors.contains(who)) {
                    add(at + ".notify[" + k + "]", "unknown-supervisor", "'" + who
                            + "' is neither @owner, @head nor the name of one of the plan's supervisors");
                }
            }
        }
    }

    private void checkDurations(String field, List<String> texts, boolean ascending) {
        if (texts == null) {
            return;
        }
        Duration previous = null;
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            String at = field + "[" + i + "]";
            Optional<Duration> d = EscalationPolicy.parse(texts.get(i));
            if (d.isEmpty()) {
                add(at, "duration", "'" + texts.get(i) + "' is not an ISO-8601 duration such as P3D, PT12H or PT0S");
                continue;
            }
            if (d.get().isNegative()) {
                add(at, "non-negative", "durations count away from the due time and cannot be negative");
                continue;
            }
            if (!seen.add(d.get())) {
                add(at, "unique", texts.get(i) + " is listed more than once");
            } else if (ascending && previous != null && d.get().compareTo(previous) <= 0) {
                add(at, "ascending", "escalation steps must grow: " + texts.get(i) + " after " + previous);
            }
            previous = d.get();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private PlanValidator() {
    }
}
