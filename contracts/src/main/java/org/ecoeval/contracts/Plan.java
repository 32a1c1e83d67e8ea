package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An evaluation plan as registered with tracking-service (architecture.md, "Plan body"). Field names are
 * the contract. Fields are nullable so that validation can report every missing one at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(County county, Integer year, Integer comparisonYear, String methodology, String timeZone,
        Boolean requireHeadApproval, List<Department> departments, List<Supervisor> supervisors,
        List<Task> tasks, Escalation escalation) {

    public enum FunctionType { WATER_CONSERVATION, SOIL_CONSERVATION, WINDBREAK_SAND_FIXATION, BIODIVERSITY }

    public enum Recurrence { QUARTERLY }

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

    /**
     * A task of one department. {@code due} is a date (end of that day in the plan's time zone) or an ISO
     * date-time with offset; {@code recurrence} QUARTERLY expands to four instances {@code id#Q1}..{@code #Q4}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(String id, String department, String title, List<String> indicators,
            List<String> managementItems, Boolean patches, Boolean events, String due, String recurrence) {

        public List<String> indicatorsOrEmpty() {
            return indicators == null ? List.of() : indicators;
        }

        public List<String> managementItemsOrEmpty() {
            return managementItems == null ? List.of() : managementItems;
        }

        public boolean acceptsPatches() {
            return Boolean.TRUE.equals(patches);
        }

        public boolean acceptsEvents() {
            return Boolean.TRUE.equals(events);
        }
    }

    /** ISO-8601 durations: reminders before due, then OVERDUE at step 0 and ESCALATED at the later steps. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Escalation(List<String> remindBefore, List<String> escalateAfter) {
    }

    public boolean headApprovalRequired() {
        return Boolean.TRUE.equals(requireHeadApproval);
    }

    public int comparisonYearOrDefault() {
        return comparisonYear != null ? comparisonYear : year - 1;
    }
}
