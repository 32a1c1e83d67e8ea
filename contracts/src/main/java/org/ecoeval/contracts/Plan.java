package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An evaluation plan as registered with tracking-service (architecture.md, "Plan body" and "Additions of December
 * 2026"). Field names are the contract. Fields are nullable so that validation can report every missing one at
 * once. The constructors without the December 2026 fields keep older code compiling; a missing new field means
 * what the older plan meant (no calendar, deadlines kept, no materials, no owner).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(County county, Integer year, Integer comparisonYear, String methodology, String timeZone,
        Boolean requireHeadApproval, List<Department> departments, List<Supervisor> supervisors,
        List<Task> tasks, Escalation escalation, String calendar, String dueOnNonWorkingDay) {

    public enum FunctionType { WATER_CONSERVATION, SOIL_CONSERVATION, WINDBREAK_SAND_FIXATION, BIODIVERSITY }

    public enum Recurrence { QUARTERLY }

    /** What a deadline on a non-working day becomes. */
    public enum DueOnNonWorkingDay { KEEP, NEXT_WORKING_DAY }

    /** The evidence types a material may limit itself to (as submission-service sniffs them). */
    public enum MaterialType { PDF, OFD, JPEG, PNG, DOCX, XLSX, ZIP }

    @JsonCreator
    public Plan {
    }

    public Plan(County county, Integer year, Integer comparisonYear, String methodology, String timeZone,
            Boolean requireHeadApproval, List<Department> departments, List<Supervisor> supervisors,
            List<Task> tasks, Escalation escalation) {
        this(county, year, comparisonYear, methodology, timeZone, requireHeadApproval, departments, supervisors,
                tasks, escalation, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record County(String code, String name, BigDecimal areaKm2, String functionType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Department(String code, String name, String headEmail) {
    }

    /** {@code webhookSecret} is write-only: accepted in a request, never serialised in a response or event. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Supervisor(String name, String email, String webhookUrl,
            @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String webhookSecret) {
    }

    /** The person who does a task (落实到人). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Owner(String name, String email, String phone) {
    }

    /**
     * A document a task must hand in. {@code required} defaults to true; {@code types} (optional) limits the
     * sniffed evidence types ({@link MaterialType}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Material(String code, String name, Boolean required, List<String> types) {

        public boolean isRequired() {
            return !Boolean.FALSE.equals(required);
        }

        public List<String> typesOrEmpty() {
            return types == null ? List.of() : types;
        }
    }

    /**
     * A task of one department. {@code due} is a date (end of that day in the plan's time zone) or an ISO
     * date-time with offset; {@code recurrence} QUARTERLY expands to four instances {@code id#Q1}..{@code #Q4}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(String id, String department, String title, List<String> indicators,
            List<String> managementItems, Boolean patches, Boolean events, String due, String recurrence,
            Owner owner, List<Material> materials) {

        @JsonCreator
        public Task {
        }

        public Task(String id, String department, String title, List<String> indicators,
                List<String> managementItems, Boolean patches, Boolean events, String due, String recurrence) {
            this(id, department, title, indicators, managementItems, patches, events, due, recurrence, null, null);
        }

        public List<String> indicatorsOrEmpty() {
            return indicators == null ? List.of() : indicators;
        }

        public List<String> managementItemsOrEmpty() {
            return managementItems == null ? List.of() : managementItems;
        }

        public List<Material> materialsOrEmpty() {
            return materials == null ? List.of() : materials;
        }

        public boolean acceptsPatches() {
            return Boolean.TRUE.equals(patches);
        }

        public boolean acceptsEvents() {
            return Boolean.TRUE.equals(events);
        }
    }

    /**
     * One rung of a ladder with tiers: {@code after} the due time (ISO-8601 duration), its {@code level}
     * ({@code OVERDUE} or {@code ESCALATED}) and whom it notifies: {@code @owner}, {@code @head} or supervisors by
     * name. (The component is {@code recipients} in Java: a record cannot have a component named {@code notify}.)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LadderStep(String after, String level, @JsonProperty("notify") List<String> recipients) {
    }

    /**
     * ISO-8601 durations: reminders before due, then OVERDUE at step 0 and ESCALATED at the later steps
     * ({@code escalateAfter}), or the {@code ladder} with tiers, which replaces {@code escalateAfter} when present.
     * {@code workingDays}: durations count working days and alerts wait for office hours; {@code correctionWithin}:
     * how long a returned submission has to come back.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Escalation(List<String> remindBefore, List<String> escalateAfter, Boolean workingDays,
            List<LadderStep> ladder, String correctionWithin) {

        @JsonCreator
        public Escalation {
        }

        public Escalation(List<String> remindBefore, List<String> escalateAfter) {
            this(remindBefore, escalateAfter, null, null, null);
        }

        public boolean countsWorkingDays() {
            return Boolean.TRUE.equals(workingDays);
        }
    }

    public boolean headApprovalRequired() {
        return Boolean.TRUE.equals(requireHeadApproval);
    }

    public int comparisonYearOrDefault() {
        return comparisonYear != null ? comparisonYear : year - 1;
    }

    /** The same plan with other tasks (kept in one place so that a new plan field is never dropped on the way). */
    public Plan withTasks(List<Task> newTasks) {
        return new Plan(county, year, comparisonYear, methodology, timeZone, requireHeadApproval, departments,
                supervisors, newTasks, escalation, calendar, dueOnNonWorkingDay);
    }

    public Plan withSupervisors(List<Supervisor> newSupervisors) {
        return new Plan(county, year, comparisonYear, methodology, timeZone, requireHeadApproval, departments,
                newSupervisors, tasks, escalation, calendar, dueOnNonWorkingDay);
    }

    public Plan withDepartments(List<Department> newDepartments) {
        return new Plan(county, year, comparisonYear, methodology, timeZone, requireHeadApproval, newDepartments,
                supervisors, tasks, escalation, calendar, dueOnNonWorkingDay);
    }
}
